import { InputType } from '@nestjs/graphql';
import { UpdateKind, Visibility } from '@cg/shared/domain';
import { EnumField, IdField, TextField } from '@cg/server/core';
import { LONG_TEXT } from './limits';

@InputType()
export class PostCaseUpdateInput {
  @IdField()
  caseId: string;

  @EnumField(UpdateKind, { description: 'PHASE_CHANGE updates are posted by changeCasePhase' })
  kind: UpdateKind;

  @EnumField(Visibility)
  visibility: Visibility;

  @TextField({ min: 1, max: LONG_TEXT })
  body: string;
}
