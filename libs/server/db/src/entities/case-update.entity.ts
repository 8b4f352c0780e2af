import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UpdateKind, Visibility } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';

/** A timeline entry of a case, with who may read it. */
@Entity('case_updates')
@Index('ix_case_updates_case', ['caseId', 'createdAt', 'id'])
// Updates of one kind, case by case, with their time: the incidents the hotspot grid counts (an index-only scan).
@Index('ix_case_updates_kind', ['kind', 'caseId', 'createdAt'])
export class CaseUpdateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'enum', enum: UpdateKind, enumName: 'case_update_kind' })
  kind: UpdateKind;

  @Column({ type: 'enum', enum: Visibility, enumName: 'case_update_visibility' })
  visibility: Visibility;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'uuid', nullable: true })
  authorOrganisationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
