import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { CasePriority, TaskStatus } from '@cg/shared/domain';
import { ActionEntity } from './action.entity';
import { CaseEntity } from './case.entity';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

/**
 * Work on a case for one organisation and, once accepted, one person. A task for another organisation
 * is a request: that organisation accepts or declines it.
 */
@Entity('tasks')
@Index('ix_tasks_case', ['caseId', 'dueDate', 'id'])
@Index('ix_tasks_assignee', ['assigneeId', 'dueDate', 'id'])
@Index('ix_tasks_organisation', ['organisationId', 'status'])
@Index('ix_tasks_action', ['actionId'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'uuid', nullable: true })
  actionId: string | null;

  @ManyToOne(() => ActionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'action_id' })
  action?: ActionEntity | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The organisation the task is for. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @Column({ type: 'uuid' })
  requesterOrganisationId: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'enum', enum: CasePriority, enumName: 'case_priority', default: CasePriority.MEDIUM })
  priority: CasePriority;

  @Column({ type: 'smallint', default: 1 })
  effortPoints: number;

  @Column({ type: 'enum', enum: TaskStatus, enumName: 'task_status' })
  status: TaskStatus;

  @Column({ type: 'enum', enum: TaskStatus, enumName: 'task_status', nullable: true })
  statusBeforeBlock: TaskStatus | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  declineReason: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  blockReason: string | null;

  /** Why a coordinator assigned beyond the person's capacity; shown on the task. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  capacityOverrideReason: string | null;

  /** Set when the assignee became unavailable: someone should take it over. */
  @Column({ type: 'boolean', default: false })
  needsReassignment: boolean;

  /** When the organisation answered the request (for the average time to answer). */
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
