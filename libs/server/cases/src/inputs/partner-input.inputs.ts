import { InputType } from '@nestjs/graphql';
import { PartnerInputKind } from '@cg/shared/domain';
import { EnumField, IdField, TextField, VersionedInput } from '@cg/server/core';
import { ReviewDecision } from '../enums.graphql';
import { LONG_TEXT } from './limits';

@InputType()
export class SubmitPartnerInputInput {
  @IdField()
  caseId: string;

  @EnumField(PartnerInputKind)
  kind: PartnerInputKind;

  @TextField({ min: 3, max: LONG_TEXT })
  body: string;
}

@InputType()
export class ReviewPartnerInputInput extends VersionedInput {
  @EnumField(ReviewDecision)
  decision: ReviewDecision;

  @TextField({ min: 3, max: LONG_TEXT, description: 'Always required: the partner sees it' })
  response: string;
}
