import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ActionKind, ActionStatus } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';
import { OrganisationEntity } from './organisation.entity';

/** A planned intervention on a case, led by one participant organisation, within a window. */
@Entity('actions')
@Index('ix_actions_case', ['caseId', 'startsOn'])
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'enum', enum: ActionKind, enumName: 'action_kind' })
  kind: ActionKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'uuid' })
  leadOrganisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_organisation_id' })
  leadOrganisation?: OrganisationEntity;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date' })
  endsOn: string;

  @Column({ type: 'enum', enum: ActionStatus, enumName: 'action_status', default: ActionStatus.PLANNED })
  status: ActionStatus;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  cancelReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
