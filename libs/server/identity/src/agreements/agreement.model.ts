import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AgreementStatus, DataCategory } from '@cg/shared/domain';
import { ConnectionType } from '@cg/server/core';
import '@cg/server/core';

@ObjectType('PartnershipAgreement')
export class AgreementModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organisationAId: string;

  @Field(() => ID)
  organisationBId: string;

  @Field()
  purpose: string;

  @Field(() => [DataCategory])
  dataCategories: DataCategory[];

  @Field({ description: 'YYYY-MM-DD' })
  validFrom: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive' })
  validTo: string | null;

  @Field(() => AgreementStatus)
  status: AgreementStatus;

  @Field({ description: 'ACTIVE and today within its validity' })
  inForce: boolean;

  @Field(() => Int)
  version: number;
}

export const AgreementConnection = ConnectionType(AgreementModel, 'PartnershipAgreement');
