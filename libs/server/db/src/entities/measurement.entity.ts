import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IndicatorEntity } from './indicator.entity';

/**
 * One measured value. Never edited: a correction is a new measurement that supersedes the old one, and
 * the series shows only measurements nothing supersedes.
 */
@Entity('measurements')
@Index('ix_measurements_indicator', ['indicatorId', 'measuredOn'])
@Index('uq_measurements_supersedes', ['supersedesId'], { unique: true, where: '"supersedes_id" IS NOT NULL' })
export class MeasurementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  indicatorId: string;

  @ManyToOne(() => IndicatorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id' })
  indicator?: IndicatorEntity;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'date' })
  measuredOn: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  sourceNote: string;

  /** Survey sample size, when the value comes from a survey. */
  @Column({ type: 'integer', nullable: true })
  sampleSize: number | null;

  @Column({ type: 'uuid', nullable: true })
  supersedesId: string | null;

  @ManyToOne(() => MeasurementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes_id' })
  supersedes?: MeasurementEntity | null;

  @Column({ type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
