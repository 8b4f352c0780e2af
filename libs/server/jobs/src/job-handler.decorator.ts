import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@cg/shared/domain';

export const JOB_HANDLER_KEY = 'cg:job-handler';

/** Marks a provider as the one handler of a job. The worker refuses to start if a job has none or two. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);

export interface JobContext {
  jobId: string;
  /** 1 for the first run. */
  attempt: number;
  /** The attempts the job has in all; `attempt === maxAttempts` is the last one. */
  maxAttempts: number;
  /** The request id of the change that caused the job, when it is known: jobs the handler queues pass it on. */
  requestId?: string;
  /** Reports progress (0–100) so that long work is visible. */
  progress(percent: number): Promise<void>;
}

export interface HandlesJob<P> {
  handle(payload: P, context: JobContext): Promise<unknown>;
}
