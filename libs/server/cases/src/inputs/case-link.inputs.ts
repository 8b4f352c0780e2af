import { InputType } from '@nestjs/graphql';
import { CaseLinkKind } from '@cg/shared/domain';
import { EnumField, IdField, IntField, TextField, VersionField } from '@cg/server/core';

@InputType()
export class LinkCasesInput {
  @IdField({ description: 'The case the link is made from (for CONTINUATION_OF: the case that continues the other)' })
  caseId: string;

  @IdField()
  linkedCaseId: string;

  @EnumField(CaseLinkKind)
  kind: CaseLinkKind;
}

@InputType()
export class UnlinkCasesInput {
  @IdField()
  linkId: string;
}

/** What a coordinator has typed into the open-case form so far. */
@InputType()
export class LikelyDuplicatesInput {
  @TextField({ max: 200 })
  title: string;

  @TextField({ max: 120 })
  district: string;

  @TextField({ optional: true, max: 300 })
  address?: string;

  @TextField({ optional: true, max: 4000, description: 'The diagnosis (what): compared only with cases whose content is shared with you' })
  diagnosis?: string;

  @IntField({ min: 1, max: 10, defaultValue: 5 })
  first: number;
}

@InputType()
export class MergeCaseInput {
  @IdField({ description: 'The duplicate: closed, emptied, its id and reference answer the survivor from then on' })
  duplicateId: string;

  @VersionField()
  duplicateVersion: number;

  @IdField({ description: 'The surviving case: receives the duplicate’s updates, participants, stakeholders, risks, actions, tasks, indicators and links' })
  survivorId: string;

  @VersionField()
  survivorVersion: number;

  @TextField({ optional: true, max: 1000, description: 'Why (audited on both cases)' })
  reason?: string;
}
