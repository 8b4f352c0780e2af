import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last case number given per lead organisation and year (references never repeat). */
@Entity('case_sequences')
export class CaseSequenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  lastValue: number;
}
