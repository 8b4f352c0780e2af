import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@cg/shared/domain';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { AuthService } from './auth.service';

type Payload = JobPayloads['identity.purge-expired-refresh-tokens'];

/** Periodic clean-up of refresh tokens that expired more than a day ago. */
@Injectable()
@JobHandler('identity.purge-expired-refresh-tokens')
export class PurgeExpiredRefreshTokensHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(PurgeExpiredRefreshTokensHandler.name);

  constructor(private readonly auth: AuthService) {}

  async handle(_payload: Payload, context: JobContext): Promise<{ deleted: number }> {
    const deleted = await this.auth.purgeExpiredRefreshTokens();
    await context.progress(100);
    this.logger.log({ jobId: context.jobId, deleted }, 'expired refresh tokens purged');
    return { deleted };
  }
}
