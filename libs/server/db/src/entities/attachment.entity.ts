import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';
import { CaseUpdateEntity } from './case-update.entity';
import { PartnerInputEntity } from './partner-input.entity';

/**
 * A file hung on a case, on one of its updates or on one of its partner inputs (at most one of the two): who may
 * read it is who may read what it hangs on. The bytes are in the storage driver under `storageKey` (and an image's
 * thumbnail under `thumbnailKey`); the row is written only once they are stored.
 */
@Entity('attachments')
@Index('ix_attachments_case', ['caseId', 'createdAt'])
@Index('ix_attachments_update', ['updateId'])
@Index('ix_attachments_partner_input', ['partnerInputId'])
@Check('ck_attachments_one_parent', '"update_id" IS NULL OR "partner_input_id" IS NULL')
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'uuid', nullable: true })
  updateId: string | null;

  @ManyToOne(() => CaseUpdateEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'update_id' })
  update?: CaseUpdateEntity;

  @Column({ type: 'uuid', nullable: true })
  partnerInputId: string | null;

  @ManyToOne(() => PartnerInputEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_input_id' })
  partnerInput?: PartnerInputEntity;

  /** The name the uploader gave (shown, and offered when downloading; never used to decide the type). */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** The type found in the content (magic bytes). */
  @Column({ type: 'varchar', length: 120 })
  contentType: string;

  @Column({ type: 'bigint', transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 300 })
  storageKey: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  thumbnailKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @Column({ type: 'uuid' })
  organisationId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
