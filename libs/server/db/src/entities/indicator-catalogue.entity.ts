import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Cadence, IndicatorDirection, IndicatorSource, IndicatorUnit } from '@cg/shared/domain';

/**
 * A standard indicator of the shared catalogue, in Polish and English. Never edited in place: a change is
 * a new version of the same code, so that results recorded against an older version stay comparable.
 */
@Entity('indicator_catalogue')
@Index('uq_indicator_catalogue_code_version', ['code', 'version'], { unique: true })
export class IndicatorCatalogueEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  namePl: string;

  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'text' })
  descriptionPl: string;

  @Column({ type: 'text' })
  descriptionEn: string;

  @Column({ type: 'enum', enum: IndicatorUnit, enumName: 'indicator_unit' })
  unit: IndicatorUnit;

  @Column({ type: 'enum', enum: IndicatorDirection, enumName: 'indicator_direction' })
  direction: IndicatorDirection;

  @Column({ type: 'enum', enum: IndicatorSource, enumName: 'indicator_source' })
  source: IndicatorSource;

  @Column({ type: 'enum', enum: Cadence, enumName: 'indicator_cadence' })
  cadence: Cadence;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
