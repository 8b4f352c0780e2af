import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationMode, type JobPayloads, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { MailService } from './mail.service';
import { immediateMail, type MailItem, type MailRecipient } from './templates';

type Payload = JobPayloads['notifications.email'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A notification with what an e-mail may say about it: case reference and title, task title. */
export const MAIL_ITEM_COLUMNS = `n.id, n.type, n.case_id, n.payload, n.email_mode, n.emailed_at, COALESCE(n.occurred_at, n.created_at) AS at,
       c.reference AS case_reference, c.title AS case_title, t.title AS task_title`;
export const MAIL_ITEM_JOINS = `LEFT JOIN cases c ON c.id = n.case_id
  LEFT JOIN tasks t ON t.id = CASE WHEN n.payload->>'taskId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (n.payload->>'taskId')::uuid END`;

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
}

export interface MailRecipientRow {
  email: string;
  display_name: string;
  locale: string;
  time_zone: string | null;
}

export function toMailItem(row: MailItemRow): MailItem {
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

export type EmailOutcome = { sent: true } | { sent: false; reason: 'missing' | 'already-sent' | 'not-immediate' | 'inactive-recipient' };

/**
 * One immediate e-mail for one notification. Idempotent: a notification already e-mailed is skipped, and
 * an advisory lock per notification keeps two runs of the same job (a stalled job picked up again) from
 * both sending. `emailed_at` is set in the same transaction, after the server accepted the message.
 */
@Injectable()
@JobHandler('notifications.email')
export class EmailHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(EmailHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  async handle(payload: Payload, context: JobContext): Promise<EmailOutcome> {
    const id = payload.notificationId;
    if (typeof id !== 'string' || !UUID.test(id)) return { sent: false, reason: 'missing' };
    const outcome = await this.dataSource.transaction(async (manager): Promise<EmailOutcome> => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`cg:email:${id}`]);
      const [row]: (MailItemRow & MailRecipientRow & { active: boolean })[] = await manager.query(
        `SELECT ${MAIL_ITEM_COLUMNS}, u.email, u.display_name, u.locale, u.time_zone, u.active
           FROM notifications n
           JOIN users u ON u.id = n.user_id
           ${MAIL_ITEM_JOINS}
          WHERE n.id = $1`,
        [id],
      );
      if (!row) return { sent: false, reason: 'missing' };
      if (row.emailed_at) return { sent: false, reason: 'already-sent' };
      if (row.email_mode !== NotificationMode.IMMEDIATE) return { sent: false, reason: 'not-immediate' };
      if (!row.active) return { sent: false, reason: 'inactive-recipient' };
      const rendered = immediateMail(toMailRecipient(row), toMailItem(row), this.config.http.publicUrl);
      await this.mail.send({ to: row.email, ...rendered });
      await manager.query('UPDATE notifications SET emailed_at = now() WHERE id = $1', [id]);
      return { sent: true };
    });
    await context.progress(100);
    this.logger.debug({ jobId: context.jobId, notificationId: id, ...outcome }, 'notification e-mail');
    return outcome;
  }
}
