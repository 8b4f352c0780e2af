import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CaseType, type CaseTemplateDocument } from '@cg/shared/domain';

/**
 * A case type's template of standard actions, tasks and indicators. Versioned like the indicator catalogue: never
 * edited in place, an edit is the next version of the same type, and a case records the version it was opened with.
 */
@Entity('case_templates')
@Index('uq_case_templates_type_version', ['caseType', 'version'], { unique: true })
export class CaseTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: CaseType, enumName: 'case_type' })
  caseType: CaseType;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  items: CaseTemplateDocument;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
