import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Role } from '@cg/shared/domain';
import { PageArgs } from '@cg/server/core';
import { LocaleCode } from '@cg/server/core';

@InputType()
export class CreateUserInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  displayName: string;

  @Field({ description: 'At least 12 characters; common passwords are refused.' })
  @IsString()
  @MaxLength(256)
  password: string;

  @Field(() => [Role])
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];

  @Field(() => LocaleCode, { nullable: true })
  @IsOptional()
  @IsEnum(LocaleCode)
  locale?: LocaleCode;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  weeklyCapacity?: number;
}

@InputType()
export class DeactivateUserInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@InputType()
export class SetUserRolesInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => [Role])
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];
}

@InputType({ description: 'Only the fields given change. Administrators change any of them; a coordinator the weekly capacity of colleagues in their organisation; everyone their own locale.' })
export class UpdateUserInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  displayName?: string | null;

  @Field(() => LocaleCode, { nullable: true })
  @IsOptional()
  @IsEnum(LocaleCode)
  locale?: LocaleCode | null;

  @Field(() => Int, { nullable: true, description: 'Task points per week, for the workload guard.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  weeklyCapacity?: number | null;

  @Field(() => [Role], { nullable: true, description: 'Replaces the roles; a role removed stops working at the user’s next request.' })
  @IsOptional()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[] | null;
}

@InputType()
export class ReactivateUserInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@InputType({ description: 'The signed-in person’s own settings.' })
export class UpdateMyProfileInput {
  @Field(() => LocaleCode, { description: 'The language of the web app, e-mails, notifications and error messages' })
  @IsEnum(LocaleCode)
  locale: LocaleCode;

  @Field(() => Int, { nullable: true, description: 'The version read (`me { version }`): a stale one is CONFLICT. Omitted: the latest.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@InputType()
export class ChangeMyPasswordInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @Field({ description: 'At least 12 characters; common passwords are refused.' })
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

@InputType()
export class UserFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => UserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserFilter)
  filter?: UserFilter;
}
