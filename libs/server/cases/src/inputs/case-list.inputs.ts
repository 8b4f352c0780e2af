import { ArgsType, InputType } from '@nestjs/graphql';
import { CasePhase, CaseType, Escalation } from '@cg/shared/domain';
import { BooleanField, DayField, EnumField, EnumListField, IdField, NestedField, PageArgs, TextField } from '@cg/server/core';
import { CaseOrder } from '../enums.graphql';

@InputType()
export class CaseFilter {
  @EnumListField(CasePhase, { optional: true, maxSize: 5 })
  phase?: CasePhase[];

  @EnumListField(CaseType, { optional: true, maxSize: 5 })
  type?: CaseType[];

  @EnumListField(Escalation, { optional: true, maxSize: 3 })
  escalation?: Escalation[];

  @IdField({ optional: true })
  leadOrganisationId?: string;

  @IdField({ optional: true })
  participantOrganisationId?: string;

  @TextField({ optional: true, max: 120 })
  district?: string;

  @DayField({ optional: true, description: 'Review date strictly before this day (YYYY-MM-DD)' })
  reviewBefore?: string;

  @BooleanField({
    optional: true,
    description: 'true: cases with partner input awaiting a review you may give (SUBMITTED or ACKNOWLEDGED); false: cases with none',
  })
  inputsAwaitingReview?: boolean;

  @TextField({ optional: true, max: 200, description: 'Full-text search over reference, title and diagnosis' })
  search?: string;
}

@ArgsType()
export class CasesArgs extends PageArgs {
  @NestedField(() => CaseFilter, { optional: true })
  filter?: CaseFilter;

  @EnumField(CaseOrder, { defaultValue: CaseOrder.LAST_ACTIVITY })
  orderBy: CaseOrder;
}
