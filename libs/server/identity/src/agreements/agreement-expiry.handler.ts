import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGREEMENT_EXPIRY_NOTICE_DAYS, todayInWarsaw, type JobPayloads } from '@cg/shared/domain';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';

type Payload = JobPayloads['identity.agreement-expiry'];

const [EARLY, LATE] = AGREEMENT_EXPIRY_NOTICE_DAYS;

/**
 * The scheduled job: an `agreement.expiring` event (both sides' coordinators hear it) when an ACTIVE agreement's last
 * day is 30 days away or less, and again at 7 days or less; once per agreement, threshold and last day
 * (`agreement_expiry_notices`), so the schedule may run any number of times and a late run still sends the notice.
 * An agreement that comes within 7 days gets only the second notice. One statement.
 */
@Injectable()
@JobHandler('identity.agreement-expiry')
export class AgreementExpiryHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(AgreementExpiryHandler.name);

  constructor(private readonly dataSource: DataSource) {}

  async handle(payload: Payload, context: JobContext): Promise<{ written: number }> {
    const today = payload.day && /^\d{4}-\d{2}-\d{2}$/.test(payload.day) ? payload.day : todayInWarsaw();
    const rows: unknown[] = await this.dataSource.query(
      `WITH due AS (
         SELECT a.id AS agreement_id, a.organisation_a_id, a.organisation_b_id, a.valid_to, (a.valid_to - $1::date) AS days_left,
                CASE WHEN a.valid_to - $1::date <= $3 THEN $3 ELSE $2 END AS days_before
           FROM partnership_agreements a
          WHERE a.status = 'ACTIVE' AND a.valid_to IS NOT NULL AND a.valid_to >= $1::date AND a.valid_to - $1::date <= $2
       ), fresh AS (
         INSERT INTO agreement_expiry_notices (agreement_id, days_before, valid_to)
         SELECT agreement_id, days_before, valid_to FROM due
         ON CONFLICT DO NOTHING RETURNING agreement_id, days_before, valid_to
       )
       INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, request_id)
       SELECT 'agreement.expiring', 'PartnershipAgreement', d.agreement_id,
              jsonb_build_object('agreementId', d.agreement_id, 'organisationIds', jsonb_build_array(d.organisation_a_id, d.organisation_b_id),
                                 'validTo', to_char(d.valid_to, 'YYYY-MM-DD'), 'daysBefore', d.days_before, 'daysLeft', d.days_left),
              'job:identity.agreement-expiry'
         FROM fresh f JOIN due d ON d.agreement_id = f.agreement_id AND d.days_before = f.days_before AND d.valid_to = f.valid_to
       RETURNING id`,
      [today, EARLY, LATE],
    );
    await context.progress(100);
    this.logger.log({ jobId: context.jobId, today, written: rows.length }, 'agreement expiry notices written');
    return { written: rows.length };
  }
}
