import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  Attitude,
  Level,
  PartnerInputKind,
  PartnerInputStatus,
  RiskStatus,
  TriangleRole,
  UpdateKind,
  Visibility,
} from '@cg/shared/domain';
import { CasePerson, ConnectionType, OrganisationModel } from '@cg/server/core';
import './enums.graphql';

/**
 * The GraphQL types of what lives inside a case: timeline updates, partner input, stakeholders, trust risks (the case
 * itself, `CaseModel`, is in @cg/server/core, shared with the other contexts).
 */

@ObjectType('CaseUpdate')
export class CaseUpdateModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => UpdateKind)
  kind: UpdateKind;

  @Field(() => Visibility)
  visibility: Visibility;

  @Field()
  body: string;

  @Field(() => CasePerson, { nullable: true })
  author: CasePerson | null;

  @Field()
  createdAt: Date;
}

export const CaseUpdateConnection = ConnectionType(CaseUpdateModel, 'CaseUpdate');

@ObjectType('PartnerInput')
export class PartnerInputModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => PartnerInputKind)
  kind: PartnerInputKind;

  @Field()
  body: string;

  @Field(() => PartnerInputStatus)
  status: PartnerInputStatus;

  @Field(() => String, { nullable: true, description: 'The coordinator’s answer, which the partner sees' })
  response: string | null;

  @Field(() => OrganisationModel)
  organisation: OrganisationModel;

  @Field(() => CasePerson, { nullable: true })
  author: CasePerson | null;

  @Field(() => Date, { nullable: true })
  reviewedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field(() => Int, { nullable: true, description: 'While awaiting review: hours since it was submitted' })
  waitingHours: number | null;

  @Field(() => Int)
  version: number;
}

@ObjectType('Stakeholder')
export class StakeholderModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field()
  name: string;

  @Field(() => TriangleRole)
  triangleRole: TriangleRole;

  @Field(() => String, { nullable: true, description: 'Personal data (free text about the stakeholder): null unless you may read it; reading it is logged' })
  interests: string | null;

  @Field(() => Level, { nullable: true, description: 'Null for partners (name and role only); not a logged reading' })
  influence: Level | null;

  @Field(() => Attitude, { nullable: true, description: 'Null for partners (name and role only); not a logged reading' })
  attitude: Attitude | null;

  @Field(() => String, { nullable: true, description: 'Personal data: null unless you may read it; reading it is logged' })
  contactDetails: string | null;

  @Field(() => String, { nullable: true, description: 'Personal data: null unless you may read it; reading it is logged' })
  notes: string | null;

  @Field(() => Int)
  version: number;
}

@ObjectType('TrustRisk')
export class TrustRiskModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => Int, { description: '1–5' })
  likelihood: number;

  @Field(() => Int, { description: '1–5' })
  impact: number;

  @Field(() => Int, { description: 'likelihood × impact' })
  score: number;

  @Field()
  mitigation: string;

  @Field(() => ID, { nullable: true })
  ownerOrganisationId: string | null;

  @Field(() => ID, { nullable: true })
  ownerUserId: string | null;

  @Field(() => RiskStatus)
  status: RiskStatus;

  @Field(() => Int)
  version: number;
}
