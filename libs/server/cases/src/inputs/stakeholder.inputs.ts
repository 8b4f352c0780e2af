import { InputType } from '@nestjs/graphql';
import { Attitude, Level, TriangleRole } from '@cg/shared/domain';
import { EnumField, IdField, TextField, VersionedInput } from '@cg/server/core';
import { LONG_TEXT } from './limits';

@InputType()
export class AddStakeholderInput {
  @IdField()
  caseId: string;

  @TextField({ min: 1, max: 200 })
  name: string;

  @EnumField(TriangleRole)
  triangleRole: TriangleRole;

  @TextField({ max: LONG_TEXT, defaultValue: '' })
  interests: string;

  @EnumField(Level, { defaultValue: Level.MEDIUM })
  influence: Level;

  @EnumField(Attitude, { defaultValue: Attitude.UNKNOWN })
  attitude: Attitude;

  @TextField({ max: 1000, defaultValue: '', description: 'Personal data' })
  contactDetails: string;

  @TextField({ max: LONG_TEXT, defaultValue: '', description: 'Personal data' })
  notes: string;
}

@InputType()
export class UpdateStakeholderInput extends VersionedInput {
  @TextField({ optional: true, min: 1, max: 200 })
  name?: string;

  @EnumField(TriangleRole, { optional: true })
  triangleRole?: TriangleRole;

  @TextField({ optional: true, max: LONG_TEXT })
  interests?: string;

  @EnumField(Level, { optional: true })
  influence?: Level;

  @EnumField(Attitude, { optional: true })
  attitude?: Attitude;

  @TextField({ optional: true, max: 1000 })
  contactDetails?: string;

  @TextField({ optional: true, max: LONG_TEXT })
  notes?: string;
}

@InputType()
export class RemoveStakeholderInput extends VersionedInput {}
