import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { periodOf, todayInWarsaw, type JobPayloads } from '@cg/shared/domain';
import { OutboxService, query } from '@cg/server/db';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { IndicatorsService } from './indicators.service';
import { freshMeasurementReminders } from './indicators.queries';

type Payload = JobPayloads['indicators.measurement-due'];

/** The scheduled job: one measurement-due event per indicator and period of its cadence, written with its reminder row. */
@Injectable()
@JobHandler('indicators.measurement-due')
export class MeasurementDueHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(MeasurementDueHandler.name);

  constructor(
    private readonly indicators: IndicatorsService,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async handle(payload: Payload, context: JobContext): Promise<{ due: number; written: number }> {
    const today = payload.day && /^\d{4}-\d{2}-\d{2}$/.test(payload.day) ? payload.day : todayInWarsaw();
    const due = await this.indicators.dueForMeasurement(today);
    let written = 0;
    if (due.length > 0) {
      written = await this.dataSource.transaction(async (manager) => {
        const fresh = await query<{ indicator_id: string; case_id: string; period: string }>(
          manager,
          freshMeasurementReminders(due.map((d) => ({ indicatorId: d.id, caseId: d.caseId, period: periodOf(today, d.cadence) }))),
        );
        await this.outbox.emitMany(
          manager,
          'indicator.measurement-due',
          fresh.map((r) => ({ aggregate: { type: 'Case', id: r.case_id }, payload: { caseId: r.case_id, indicatorId: r.indicator_id, period: r.period } })),
          { requestId: 'job:indicators.measurement-due' },
        );
        return fresh.length;
      });
    }
    await context.progress(100);
    this.logger.log({ jobId: context.jobId, today, due: due.length, written }, 'measurement-due events written');
    return { due: due.length, written };
  }
}
