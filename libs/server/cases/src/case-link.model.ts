import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CaseLinkKind, CasePhase, CaseType } from '@cg/shared/domain';
import './enums.graphql';

/** What a link or a duplicate suggestion shows of the other case: its header, which every reader of that case may see. */
@ObjectType('CaseSummary')
export class CaseSummaryModel {
  @Field(() => ID)
  id: string;

  @Field()
  reference: string;

  @Field()
  title: string;

  @Field(() => CaseType)
  type: CaseType;

  @Field(() => CasePhase)
  phase: CasePhase;

  @Field()
  district: string;

  @Field(() => Int, { description: 'The version a merge quotes' })
  version: number;
}

@ObjectType('CaseLink', { description: 'A link between two cases, shown on both; only when you may read both' })
export class CaseLinkModel {
  @Field(() => ID)
  id: string;

  @Field(() => CaseLinkKind)
  kind: CaseLinkKind;

  @Field({ description: 'True when the link was made from this case (for CONTINUATION_OF: this case continues the linked one)' })
  outgoing: boolean;

  @Field(() => CaseSummaryModel, { description: 'The other case' })
  linkedCase: CaseSummaryModel;

  @Field()
  createdAt: Date;

  @Field({ description: 'unlinkCases: you may link both cases' })
  viewerCanRemove: boolean;
}

@ObjectType('DuplicateCandidate')
export class DuplicateCandidateModel {
  @Field(() => CaseSummaryModel)
  case: CaseSummaryModel;

  @Field(() => Float, { description: 'Trigram similarity of the title (or of the diagnosis, where its content is shared with you), 0…1' })
  similarity: number;

  @Field({ description: 'The address is the same (not only the district)' })
  sameAddress: boolean;
}
