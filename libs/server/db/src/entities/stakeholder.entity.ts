import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Attitude, Level, TriangleRole } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';

/** A person, group, business or institution affected by the problem. Contact details and notes are personal data. */
@Entity('stakeholders')
@Index('ix_stakeholders_case', ['caseId'])
export class StakeholderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: TriangleRole, enumName: 'triangle_role' })
  triangleRole: TriangleRole;

  @Column({ type: 'text', default: '' })
  interests: string;

  @Column({ type: 'enum', enum: Level, enumName: 'stakeholder_level', default: Level.MEDIUM })
  influence: Level;

  @Column({ type: 'enum', enum: Attitude, enumName: 'stakeholder_attitude', default: Attitude.UNKNOWN })
  attitude: Attitude;

  /** Personal data. */
  @Column({ type: 'text', default: '' })
  contactDetails: string;

  /** Personal data. */
  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
