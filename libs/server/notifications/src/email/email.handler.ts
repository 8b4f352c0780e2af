import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { JobPayloads, Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { JobBatcher, JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { execute, query } from '@cg/server/db';
import { immediateMails, lockEvents, mailsSent, unlockAll } from './email.queries';
import { MailService } from './mail.service';
import { immediateMail, type MailItem, type MailRecipient } from './templates';

type Payload = JobPayloads['notifications.email'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A notification with what an e-mail may say about it: case reference and title, task title (see email.queries.ts). */
export interface MailItemRow {
  id: string;
  type: string;
  case_id: string | null;
  payload: Record<string, unknown>;
  email_mode: string;
  emailed_at: Date | null;
  at: Date;
  case_reference: string | null;
  case_title: string | null;
  task_title: string | null;
  /** Set by the digest (see `readableNow`); absent: readable. */
  readable?: boolean;
}

export interface MailRecipientRow {
  email: string;
  display_name: string;
  locale: string;
  time_zone: string | null;
}

export function toMailItem(row: MailItemRow): MailItem {
  if (row.readable === false) {
    // No title, reference or link to content the recipient may no longer read.
    return { type: row.type, payload: {}, caseId: null, caseReference: null, caseTitle: null, taskTitle: null, accessible: false, at: new Date(row.at) };
  }
  return {
    type: row.type,
    payload: row.payload ?? {},
    caseId: row.case_id,
    caseReference: row.case_reference,
    caseTitle: row.case_title,
    taskTitle: row.task_title,
    at: new Date(row.at),
  };
}

export function toMailRecipient(row: MailRecipientRow): MailRecipient {
  const locale: Locale = row.locale === 'en' ? 'en' : 'pl';
  return { displayName: row.display_name, locale, timeZone: row.time_zone ?? 'Europe/Warsaw' };
}

/** What one event's e-mail job did: how many e-mails went out (0 when every one had gone already). */
export interface EmailOutcome {
  sent: number;
}

/** Events whose e-mails are sent together (see JobBatcher): at most this many, times their recipients, messages at once. */
export const EMAIL_BATCH = 16;
const EMAIL_LINGER_MS = 5;
/** Messages handed to the transport at once (an event may have hundreds of recipients; the SMTP pool has a few connections). */
const SENDS_AT_ONCE = 64;

/** Like Promise.allSettled over `items.map(fn)`, with at most `limit` calls in flight; results in order. */
async function settleEach<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * The immediate e-mails of one event: one per notification of it that asks for one and has not had it yet,
 * each in its recipient's language and time zone, with a Message-ID of its notification (the same however often it is
 * sent). Idempotent: a notification already e-mailed is skipped, and a lock per event keeps two runs of the same job
 * (a stalled job picked up again) from both sending. `emailed_at` commits for each message right after the server
 * accepted it (SentRecorder), so a worker death or a PostgreSQL failure repeats at most the messages accepted in that
 * last statement's round trip: at least once, with that window. If one recipient's message is refused, the job fails
 * and its retry sends only what is still unsent.
 *
 * Jobs running at the same time are done together (JobBatcher): one connection and the same few statements for a
 * batch of events as for one, plus one UPDATE per group of messages accepted together.
 */
@Injectable()
@JobHandler('notifications.email')
export class EmailHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(EmailHandler.name);
  private readonly batcher = new JobBatcher<string, EmailOutcome>((ids) => this.sendAll(ids), { maxSize: EMAIL_BATCH, lingerMs: EMAIL_LINGER_MS });

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  async handle(payload: Payload, context?: JobContext): Promise<EmailOutcome> {
    const id = payload.eventId;
    if (typeof id !== 'string' || !UUID.test(id)) return { sent: 0 };
    const outcome = await this.batcher.submit(id.toLowerCase());
    this.logger.debug({ jobId: context?.jobId, eventId: id, ...outcome }, 'notification e-mails');
    return outcome;
  }

  private async sendAll(eventIds: string[]): Promise<Map<string, EmailOutcome | Error>> {
    // One connection, no transaction: a session lock per event keeps two runs of one event apart, and each message's
    // `emailed_at` commits on its own as soon as the server has accepted it (SMTP cannot join a transaction: what a
    // batch-wide commit would lose on a worker death or a PostgreSQL failure is every message of the batch).
    const runner = this.dataSource.createQueryRunner();
    let locked = false;
    try {
      // In a fixed order (volatile functions run after the sort), so that two batches sharing events queue, not deadlock.
      await execute(runner, lockEvents(eventIds));
      locked = true;
      const rows = await query<MailItemRow & MailRecipientRow & { event_id: string }>(runner, immediateMails(eventIds));
      const publicUrl = this.config.http.publicUrl;
      const recorder = new SentRecorder((ids) => execute(runner, mailsSent(ids)));
      const results = await settleEach(rows, SENDS_AT_ONCE, async (row) => {
        // PostgreSQL failed to record an earlier message: what is sent now could not be recorded either.
        recorder.throwIfFailed();
        await this.mail.send({ to: row.email, ...immediateMail(toMailRecipient(row), toMailItem(row), publicUrl), key: `notification.${row.id}` });
        await recorder.record(row.id);
      });
      const outcomes = new Map<string, EmailOutcome | Error>(eventIds.map((id) => [id, { sent: 0 }]));
      rows.forEach((row, i) => {
        const result = results[i]!;
        const current = outcomes.get(row.event_id);
        if (result.status === 'rejected') outcomes.set(row.event_id, result.reason instanceof Error ? result.reason : new Error(String(result.reason)));
        else if (current && !(current instanceof Error)) current.sent++;
      });
      return outcomes;
    } finally {
      await this.unlockAndRelease(runner, locked);
    }
  }

  /** Session locks outlive the job on a pooled connection: a connection that could not be unlocked is never reused. */
  private async unlockAndRelease(runner: QueryRunner, locked: boolean): Promise<void> {
    if (!locked || runner.isReleased) return runner.release();
    try {
      await execute(runner, unlockAll);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not release the e-mail locks; the connection is closed instead');
      const postgres = runner as QueryRunner & { releasePostgresConnection?: (err?: unknown) => Promise<void> };
      if (postgres.releasePostgresConnection) return postgres.releasePostgresConnection(error instanceof Error ? error : new Error(String(error)));
    }
    return runner.release();
  }
}

/**
 * Records messages as sent as soon as each is accepted: one UPDATE at a time, each covering every message accepted
 * while the previous one ran, so that the window in which an accepted message is not yet recorded is one statement's
 * round trip, at most. After a failed UPDATE it refuses further records (and sends, see `throwIfFailed`).
 */
export class SentRecorder {
  private pending: { id: string; done: (error?: unknown) => void }[] = [];
  private draining = false;
  private failure: unknown = null;

  constructor(private readonly write: (ids: string[]) => Promise<unknown>) {}

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  record(id: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ id, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.write(batch.map((p) => p.id));
        for (const p of batch) p.done();
      } catch (error) {
        this.failure = error ?? new Error('recording sent e-mails failed');
        for (const p of [...batch, ...this.pending]) p.done(this.failure);
        this.pending = [];
      }
    }
    this.draining = false;
  }
}
