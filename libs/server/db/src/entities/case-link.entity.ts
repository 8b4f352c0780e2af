import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseLinkKind } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';
import { UserEntity } from './user.entity';

/**
 * A link between two cases (issue 16). `caseId` is the case it was made from, `linkedCaseId` the other one; for
 * CONTINUATION_OF, `caseId` continues `linkedCaseId`. Each pair holds one link of a kind whichever way it was made
 * (the unique index `uq_case_links_pair` on the unordered pair, created by hand in the migration).
 */
@Entity('case_links')
@Check('ck_case_links_distinct', '"case_id" <> "linked_case_id"')
@Index('ix_case_links_case', ['caseId'])
@Index('ix_case_links_linked', ['linkedCaseId'])
@Index('uq_case_links_pair', { synchronize: false })
export class CaseLinkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_case_links' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_links_case' })
  case?: CaseEntity;

  @Column({ type: 'uuid' })
  linkedCaseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'linked_case_id', foreignKeyConstraintName: 'fk_case_links_linked_case' })
  linkedCase?: CaseEntity;

  @Column({ type: 'enum', enum: CaseLinkKind, enumName: 'case_link_kind' })
  kind: CaseLinkKind;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_case_links_created_by' })
  createdBy?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
