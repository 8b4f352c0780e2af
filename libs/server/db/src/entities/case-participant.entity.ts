import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ParticipantRole, type DataCategory } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';
import { OrganisationEntity } from './organisation.entity';

/** An organisation on a case. The row is the access: removing it cuts access at the next request. */
@Entity('case_participants')
@Index('uq_case_participants', ['caseId', 'organisationId'], { unique: true })
@Index('ix_case_participants_org', ['organisationId', 'caseId'])
export class CaseParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'enum', enum: ParticipantRole, enumName: 'participant_role' })
  role: ParticipantRole;

  /**
   * The partnership agreement in force when it joined (history: what it rests on now is resolved at read time, see
   * CaseSharingView); null when a coordinator overrode.
   */
  @Column({ type: 'uuid', nullable: true })
  agreementId: string | null;

  /** A coordinator's override: why it takes part without an agreement in force, and the categories it grants. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  overrideReason: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  grantedCategories: DataCategory[];

  @Column({ type: 'uuid', nullable: true })
  addedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;
}
