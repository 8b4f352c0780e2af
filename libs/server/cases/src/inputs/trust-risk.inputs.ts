import { InputType } from '@nestjs/graphql';
import { RiskStatus } from '@cg/shared/domain';
import { EnumField, IdField, IntField, TextField, VersionedInput } from '@cg/server/core';
import { LONG_TEXT } from './limits';

@InputType()
export class AssessTrustRiskInput {
  @IdField()
  caseId: string;

  @TextField({ min: 3, max: 200 })
  title: string;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  description: string;

  @IntField({ min: 1, max: 5 })
  likelihood: number;

  @IntField({ min: 1, max: 5 })
  impact: number;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  mitigation: string;

  @IdField({ optional: true })
  ownerOrganisationId?: string;

  @IdField({ optional: true })
  ownerUserId?: string;
}

@InputType()
export class UpdateTrustRiskInput extends VersionedInput {
  @TextField({ optional: true, min: 3, max: 200 })
  title?: string;

  @TextField({ optional: true, max: LONG_TEXT })
  description?: string;

  @IntField({ optional: true, min: 1, max: 5 })
  likelihood?: number;

  @IntField({ optional: true, min: 1, max: 5 })
  impact?: number;

  @TextField({ optional: true, max: LONG_TEXT })
  mitigation?: string;

  @EnumField(RiskStatus, { optional: true })
  status?: RiskStatus;
}
