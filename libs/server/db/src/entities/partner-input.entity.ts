import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { PartnerInputKind, PartnerInputStatus } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';

/** An NGO's (or staff member's) submission on a case, reviewed by a coordinator, always with a response. */
@Entity('partner_inputs')
@Index('ix_partner_inputs_case', ['caseId', 'status', 'createdAt'])
export class PartnerInputEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'enum', enum: PartnerInputKind, enumName: 'partner_input_kind' })
  kind: PartnerInputKind;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'enum', enum: PartnerInputStatus, enumName: 'partner_input_status', default: PartnerInputStatus.SUBMITTED })
  status: PartnerInputStatus;

  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
