import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGREEMENT_EXPIRY_NOTICE_DAYS, todayInWarsaw, type JobPayloads } from '@cg/shared/domain';
import { OutboxService, query } from '@cg/server/db';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { newAgreementExpiryNotices } from '../identity.queries';

type Payload = JobPayloads['identity.agreement-expiry'];

const [EARLY, LATE] = AGREEMENT_EXPIRY_NOTICE_DAYS;

/**
 * The scheduled job: an `agreement.expiring` event (both sides' coordinators hear it) when an ACTIVE agreement's last
 * day is 30 days away or less, and again at 7 days or less; once per agreement, threshold and last day
 * (`agreement_expiry_notices`), so the schedule may run any number of times and a late run still sends the notice.
 * An agreement that comes within 7 days gets only the second notice. The notices and their events in one transaction.
 */
@Injectable()
@JobHandler('identity.agreement-expiry')
export class AgreementExpiryHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(AgreementExpiryHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async handle(payload: Payload, context: JobContext): Promise<{ written: number }> {
    const today = payload.day && /^\d{4}-\d{2}-\d{2}$/.test(payload.day) ? payload.day : todayInWarsaw();
    const written = await this.dataSource.transaction(async (manager) => {
      const fresh = await query<{ agreement_id: string; organisation_a_id: string; organisation_b_id: string; valid_to: string; days_before: number; days_left: number }>(
        manager,
        newAgreementExpiryNotices(today, EARLY, LATE),
      );
      await this.outbox.emitMany(
        manager,
        'agreement.expiring',
        fresh.map((r) => ({
          aggregate: { type: 'PartnershipAgreement', id: r.agreement_id },
          payload: { agreementId: r.agreement_id, organisationIds: [r.organisation_a_id, r.organisation_b_id], validTo: r.valid_to, daysBefore: r.days_before, daysLeft: r.days_left },
        })),
        { requestId: 'job:identity.agreement-expiry' },
      );
      return fresh.length;
    });
    await context.progress(100);
    this.logger.log({ jobId: context.jobId, today, written }, 'agreement expiry notices written');
    return { written };
  }
}
