import { ArgsType, InputType } from '@nestjs/graphql';
import { AgreementStatus, DataCategory } from '@cg/shared/domain';
import { DayField, EnumField, EnumListField, IdField, PageArgs, TextField, VersionedInput } from '@cg/server/core';

@InputType()
export class CreateAgreementInput {
  @IdField()
  organisationAId: string;

  @IdField()
  organisationBId: string;

  @TextField({ min: 3, max: 2000 })
  purpose: string;

  @EnumListField(DataCategory, { maxSize: 10, unique: true })
  dataCategories: DataCategory[];

  @DayField({ description: 'YYYY-MM-DD' })
  validFrom: string;

  @DayField({ optional: true, description: 'YYYY-MM-DD, inclusive' })
  validTo?: string;

  @EnumField(AgreementStatus, { optional: true, defaultValue: AgreementStatus.ACTIVE })
  status?: AgreementStatus;
}

@InputType()
export class ChangeAgreementStatusInput extends VersionedInput {
  @EnumField(AgreementStatus)
  status: AgreementStatus;
}

@ArgsType()
export class AgreementsArgs extends PageArgs {
  @IdField({ optional: true, description: 'Only agreements this organisation is party to' })
  organisationId?: string;
}
