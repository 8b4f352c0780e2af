import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsEmail, MaxLength } from 'class-validator';
import { Role } from '@cg/shared/domain';
import { BooleanField, EnumField, EnumListField, IdField, IntField, LocaleCode, NestedField, PageArgs, TextField, VersionedInput } from '@cg/server/core';

@InputType()
export class CreateUserInput {
  @IdField()
  organisationId: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @TextField({ min: 2, max: 200 })
  displayName: string;

  @TextField({ max: 256, description: 'At least 12 characters; common passwords are refused.' })
  password: string;

  @EnumListField(Role, { minSize: 1, maxSize: 6, unique: true })
  roles: Role[];

  @EnumField(LocaleCode, { optional: true })
  locale?: LocaleCode;

  @IntField({ optional: true, min: 0, max: 200 })
  weeklyCapacity?: number;
}

@InputType()
export class DeactivateUserInput extends VersionedInput {}

@InputType()
export class SetUserRolesInput extends VersionedInput {
  @EnumListField(Role, { maxSize: 6, unique: true })
  roles: Role[];
}

@InputType({ description: 'Only the fields given change. Administrators change any of them; a coordinator the weekly capacity of colleagues in their organisation; everyone their own locale.' })
export class UpdateUserInput extends VersionedInput {
  @TextField({ optional: true, min: 2, max: 200 })
  displayName?: string | null;

  @EnumField(LocaleCode, { optional: true })
  locale?: LocaleCode | null;

  @IntField({ optional: true, min: 0, max: 200, description: 'Task points per week, for the workload guard.' })
  weeklyCapacity?: number | null;

  @EnumListField(Role, {
    optional: true,
    maxSize: 6,
    unique: true,
    description: 'Replaces the roles; a role removed stops working at the user’s next request.',
  })
  roles?: Role[] | null;
}

@InputType()
export class ReactivateUserInput extends VersionedInput {}

@InputType({ description: 'The signed-in person’s own settings.' })
export class UpdateMyProfileInput {
  @EnumField(LocaleCode, { description: 'The language of the web app, e-mails, notifications and error messages' })
  locale: LocaleCode;

  @IntField({ optional: true, min: 1, description: 'The version read (`me { version }`): a stale one is CONFLICT. Omitted: the latest.' })
  version?: number | null;
}

@InputType()
export class ChangeMyPasswordInput {
  @TextField({ min: 1, max: 256 })
  currentPassword: string;

  @TextField({ max: 256, description: 'At least 12 characters; common passwords are refused.' })
  newPassword: string;
}

@InputType()
export class UserFilter {
  @IdField({ optional: true })
  organisationId?: string;

  @EnumField(Role, { optional: true })
  role?: Role;

  @BooleanField({ optional: true })
  active?: boolean;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @NestedField(() => UserFilter, { optional: true })
  filter?: UserFilter;
}
