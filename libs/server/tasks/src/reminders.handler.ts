import { Injectable, Logger } from '@nestjs/common';
import { todayInWarsaw, type JobPayloads } from '@cg/shared/domain';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { RemindersService } from './reminders.service';

type Payload = JobPayloads['tasks.reminders'];

/** The scheduled reminder job: due-soon and overdue events for the day, each once. */
@Injectable()
@JobHandler('tasks.reminders')
export class TaskRemindersHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(TaskRemindersHandler.name);

  constructor(private readonly reminders: RemindersService) {}

  async handle(payload: Payload, context: JobContext): Promise<{ dueSoon: number; overdue: number }> {
    const day = payload.day && /^\d{4}-\d{2}-\d{2}$/.test(payload.day) ? payload.day : todayInWarsaw();
    const result = await this.reminders.run(day);
    await context.progress(100);
    this.logger.log({ jobId: context.jobId, day, ...result }, 'task reminders written');
    return result;
  }
}
