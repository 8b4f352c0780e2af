import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationKind } from '@cg/shared/domain';

@Entity('organisations')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_organisations_name', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Short code used in human-readable case references, e.g. `LEG`. */
  @Index('uq_organisations_code', { unique: true })
  @Column({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Index('ix_organisations_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: OrganisationEntity | null;

  /** The area it serves: district(s) or municipality, free text. */
  @Column({ type: 'varchar', length: 300, default: '' })
  area: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
