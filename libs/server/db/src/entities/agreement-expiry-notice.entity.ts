import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per agreement, notice threshold (days before its last day) and last day for which an expiry notice was
 * written: each is sent once, however often the schedule runs (an agreement extended and later ending again is
 * told about again, for its new last day).
 */
@Entity('agreement_expiry_notices')
export class AgreementExpiryNoticeEntity {
  @PrimaryColumn({ type: 'uuid' })
  agreementId: string;

  @PrimaryColumn({ type: 'int' })
  daysBefore: number;

  @PrimaryColumn({ type: 'date' })
  validTo: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
