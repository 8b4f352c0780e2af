import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { RiskStatus } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';

/** A risk to social trust: likelihood (1–5) × impact (1–5). */
@Entity('trust_risks')
@Index('ix_trust_risks_case', ['caseId', 'score'])
export class TrustRiskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'smallint' })
  likelihood: number;

  @Column({ type: 'smallint' })
  impact: number;

  /** likelihood × impact, 1–25. */
  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'text', default: '' })
  mitigation: string;

  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerUserId: string | null;

  @Column({ type: 'enum', enum: RiskStatus, enumName: 'risk_status', default: RiskStatus.OPEN })
  status: RiskStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
