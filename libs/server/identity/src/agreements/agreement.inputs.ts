import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { AgreementStatus, DataCategory } from '@cg/shared/domain';
import { PageArgs } from '@cg/server/core';

@InputType()
export class CreateAgreementInput {
  @Field(() => ID)
  @IsUUID()
  organisationAId: string;

  @Field(() => ID)
  @IsUUID()
  organisationBId: string;

  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  purpose: string;

  @Field(() => [DataCategory])
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(DataCategory, { each: true })
  dataCategories: DataCategory[];

  @Field({ description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  validFrom: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validTo?: string;

  @Field(() => AgreementStatus, { nullable: true, defaultValue: AgreementStatus.ACTIVE })
  @IsOptional()
  @IsEnum(AgreementStatus)
  status?: AgreementStatus;
}

@InputType()
export class ChangeAgreementStatusInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;

  @Field(() => AgreementStatus)
  @IsEnum(AgreementStatus)
  status: AgreementStatus;
}

@ArgsType()
export class AgreementsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only agreements this organisation is party to' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}
