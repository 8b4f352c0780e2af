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
