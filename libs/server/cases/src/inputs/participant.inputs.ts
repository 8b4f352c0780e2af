import { InputType } from '@nestjs/graphql';
import { DataCategory, ParticipantRole } from '@cg/shared/domain';
import { EnumField, EnumListField, IdField, TextField } from '@cg/server/core';

@InputType()
export class AddCaseParticipantInput {
  @IdField()
  caseId: string;

  @IdField()
  organisationId: string;

  @EnumField(ParticipantRole, { defaultValue: ParticipantRole.PARTNER, description: 'PARTNER or CONSULTED' })
  role: ParticipantRole;

  @TextField({
    optional: true,
    min: 10,
    max: 1000,
    description: 'Required when no partnership agreement with the lead organisation is in force; audited',
  })
  overrideReason?: string;

  @EnumListField(DataCategory, {
    optional: true,
    maxSize: 10,
    unique: true,
    description: 'With an override reason: the data categories the override shares (at least one); audited. Unused while an agreement is in force.',
  })
  grantedCategories?: DataCategory[];
}

@InputType()
export class RebaseCaseParticipantInput {
  @IdField()
  caseId: string;

  @IdField()
  organisationId: string;

  @TextField({
    min: 10,
    max: 1000,
    description: 'Why the organisation takes part on the coordinator’s authority (e.g. while a new agreement is signed); audited',
  })
  overrideReason: string;

  @EnumListField(DataCategory, {
    maxSize: 10,
    unique: true,
    description: 'The data categories the override shares (at least one); used while no agreement with the lead is in force',
  })
  grantedCategories: DataCategory[];
}

@InputType()
export class RemoveCaseParticipantInput {
  @IdField()
  caseId: string;

  @IdField()
  organisationId: string;
}
