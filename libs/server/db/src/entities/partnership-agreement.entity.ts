import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { AgreementStatus, type DataCategory } from '@cg/shared/domain';

/** The legal basis for sharing between two organisations. Stored once per pair, in either order. */
@Entity('partnership_agreements')
@Index('ix_agreements_org_a', ['organisationAId'])
@Index('ix_agreements_org_b', ['organisationBId'])
export class PartnershipAgreementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'organisation_a_id' })
  organisationAId: string;

  @Column({ type: 'uuid', name: 'organisation_b_id' })
  organisationBId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_a_id' })
  organisationA?: OrganisationEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_b_id' })
  organisationB?: OrganisationEntity;

  @Column({ type: 'varchar', length: 2000 })
  purpose: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  dataCategories: DataCategory[];

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'enum', enum: AgreementStatus, enumName: 'agreement_status', default: AgreementStatus.ACTIVE })
  status: AgreementStatus;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
