import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Cadence, IndicatorDirection, IndicatorSource, IndicatorUnit } from '@cg/shared/domain';
import { CaseEntity } from './case.entity';
import { IndicatorCatalogueEntity } from './indicator-catalogue.entity';

/** A KPI of a case: from the catalogue (pinned to a version) or custom, with baseline and target. */
@Entity('indicators')
@Index('ix_indicators_case', ['caseId'])
@Index('ix_indicators_catalogue', ['catalogueEntryId'])
export class IndicatorEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'uuid', nullable: true })
  catalogueEntryId: string | null;

  @ManyToOne(() => IndicatorCatalogueEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'catalogue_entry_id' })
  catalogueEntry?: IndicatorCatalogueEntity | null;

  /** The catalogue code, for comparisons across cases; null for a custom indicator. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: IndicatorUnit, enumName: 'indicator_unit' })
  unit: IndicatorUnit;

  @Column({ type: 'enum', enum: IndicatorDirection, enumName: 'indicator_direction' })
  direction: IndicatorDirection;

  @Column({ type: 'enum', enum: IndicatorSource, enumName: 'indicator_source' })
  source: IndicatorSource;

  @Column({ type: 'enum', enum: Cadence, enumName: 'indicator_cadence' })
  cadence: Cadence;

  @Column({ type: 'double precision' })
  baselineValue: number;

  @Column({ type: 'date' })
  baselineDate: string;

  @Column({ type: 'double precision' })
  targetValue: number;

  @Column({ type: 'date' })
  targetDate: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
