import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from '@cg/server/jobs';

export const PURGE_REFRESH_TOKENS_EVERY_MS = 60 * 60 * 1000;
/** Expired keys answer no retry (the lookup checks their age), so hourly purging only bounds the table. */
export const PURGE_IDEMPOTENCY_KEYS_EVERY_MS = 60 * 60 * 1000;
/** Reminders are idempotent per task and day, so hourly runs cost nothing extra and catch a late start. */
export const TASK_REMINDERS_EVERY_MS = 60 * 60 * 1000;
/** Once per indicator and period, so several runs a day are harmless. */
export const MEASUREMENT_DUE_EVERY_MS = 6 * 60 * 60 * 1000;
/** Once per agreement, threshold (30 and 7 days) and last day, so several runs a day are harmless. */
export const AGREEMENT_EXPIRY_EVERY_MS = 6 * 60 * 60 * 1000;

/** Declares the repeating jobs. Idempotent: every worker declares them, BullMQ keeps one scheduler each. */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulesService.name);

  constructor(private readonly jobs: JobsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('identity.purge-expired-refresh-tokens', PURGE_REFRESH_TOKENS_EVERY_MS, { requestedAt: 'schedule' });
    await this.jobs.schedule('identity.purge-expired-idempotency-keys', PURGE_IDEMPOTENCY_KEYS_EVERY_MS, { requestedAt: 'schedule' });
    await this.jobs.schedule('tasks.reminders', TASK_REMINDERS_EVERY_MS, {});
    await this.jobs.schedule('indicators.measurement-due', MEASUREMENT_DUE_EVERY_MS, {});
    await this.jobs.schedule('identity.agreement-expiry', AGREEMENT_EXPIRY_EVERY_MS, {});
    await this.jobs.schedule('notifications.digest', 60 * 60 * 1000, {});
    this.logger.log('schedules declared');
  }
}
