import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationKind } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';
import { CaseTemplateEntity } from './case-template.entity';

/**
 * A task of a case's template for a kind of organisation not on the case when it was opened: it waits there, with its
 * due date, until a coordinator gives it to an organisation of that kind.
 */
@Entity('case_pending_tasks')
@Index('ix_case_pending_tasks_case', ['caseId', 'dueDate'])
export class CasePendingTaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'uuid' })
  templateId: string;

  @ManyToOne(() => CaseTemplateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: CaseTemplateEntity;

  @Column({ type: 'varchar', length: 40 })
  itemKey: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  organisationKind: OrganisationKind;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'smallint' })
  effortPoints: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
