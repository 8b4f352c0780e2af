import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@cg/shared/domain';
import { IdempotencyService } from '@cg/server/db';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';

type Payload = JobPayloads['identity.purge-expired-idempotency-keys'];

/** Periodic clean-up of idempotency keys older than IDEMPOTENCY_KEY_TTL_HOURS (they no longer answer retries). */
@Injectable()
@JobHandler('identity.purge-expired-idempotency-keys')
export class PurgeExpiredIdempotencyKeysHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(PurgeExpiredIdempotencyKeysHandler.name);

  constructor(private readonly idempotency: IdempotencyService) {}

  async handle(_payload: Payload, context: JobContext): Promise<{ deleted: number }> {
    const deleted = await this.idempotency.purgeExpired();
    await context.progress(100);
    this.logger.log({ jobId: context.jobId, deleted }, 'expired idempotency keys purged');
    return { deleted };
  }
}
