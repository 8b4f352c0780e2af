import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationMode, type JobPayloads, type OrganisationKind, type Role } from '@cg/shared/domain';
import { defineAbilityFor } from '@cg/server/authz';
import { AppConfig } from '@cg/server/config';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { MailService } from './mail.service';
import { MAIL_ITEM_COLUMNS, MAIL_ITEM_JOINS, toMailItem, toMailRecipient, type MailItemRow, type MailRecipientRow } from './email.handler';
import { digestMail, safeTimeZone } from './templates';
import { readableNow } from '../readable';

type Payload = JobPayloads['notifications.digest'];

/** A person's digest goes out at the first run at or after this local hour. */
export const DIGEST_LOCAL_HOUR = 7;
/** A digest lists at most this many items; the rest are counted ("…and 12 more"). */
export const DIGEST_MAX_ITEMS = 200;

/** The calendar day (YYYY-MM-DD) and hour (0–23) at `now` in a time zone. */
export function localClock(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: safeTimeZone(timeZone), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

interface DigestUser extends MailRecipientRow {
  id: string;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  roles: Role[];
}

/**
 * The daily digest: for each active person with digest notifications not yet e-mailed, once their local
 * time has reached 07:00, one e-mail with all of them. The `digests` row (unique per person and local day)
 * is written in the same transaction as the sending, so a day's digest goes out once however many workers
 * run the job and however often it is scheduled; if sending fails, the row rolls back and the next run
 * tries again. `day` in the payload forces the day (and skips the hour check), for tests.
 */
@Injectable()
@JobHandler('notifications.digest')
export class DigestHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(DigestHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  async handle(payload: Payload, context: JobContext): Promise<{ candidates: number; sent: number; notifications: number; failed: number }> {
    const forcedDay = payload.day && /^\d{4}-\d{2}-\d{2}$/.test(payload.day) ? payload.day : null;
    const now = new Date();
    const users: DigestUser[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.display_name, u.locale, u.time_zone, u.organisation_id, u.roles, o.kind AS organisation_kind
         FROM users u
         JOIN organisations o ON o.id = u.organisation_id
        WHERE u.active
          AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.email_mode = $1 AND n.emailed_at IS NULL)
        ORDER BY u.id`,
      [NotificationMode.DIGEST],
    );
    let sent = 0;
    let notifications = 0;
    let failed = 0;
    let reported = 0;
    for (const [index, user] of users.entries()) {
      const clock = localClock(now, user.time_zone ?? '');
      if (forcedDay || clock.hour >= DIGEST_LOCAL_HOUR) {
        try {
          const count = await this.sendDigest(user, forcedDay ?? clock.day);
          if (count > 0) {
            sent++;
            notifications += count;
          }
        } catch (error) {
          failed++;
          this.logger.warn({ jobId: context.jobId, userId: user.id, err: (error as Error).message }, 'digest e-mail failed; retried on the next run');
        }
      }
      const percent = Math.floor(((index + 1) / users.length) * 100);
      if (percent >= reported + 10) await context.progress((reported = percent));
    }
    await context.progress(100);
    const result = { candidates: users.length, sent, notifications, failed };
    this.logger.log({ jobId: context.jobId, day: forcedDay ?? undefined, ...result }, 'daily digests');
    if (failed > 0) throw new Error(`${failed} of ${users.length} digest e-mails failed`);
    return result;
  }

  /** Sends one person's digest for `day` unless it went out already; returns how many notifications it held. */
  private async sendDigest(user: DigestUser, day: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // One run at a time per person: the digest row and the notifications it covers are decided together.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`cg:digest:${user.id}`]);
      const [digest]: { id: string }[] = await manager.query(
        'INSERT INTO digests (user_id, day, notification_count) VALUES ($1, $2, 0) ON CONFLICT (user_id, day) DO NOTHING RETURNING id',
        [user.id, day],
      );
      if (!digest) return 0;
      // Written hours after the events: each item says only what the person may read today (their rules, in SQL).
      const ability = defineAbilityFor({ userId: user.id, organisationId: user.organisation_id, organisationKind: user.organisation_kind, roles: user.roles, locale: toMailRecipient(user).locale, sessionId: '' });
      const readable = readableNow(ability);
      const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
        `SELECT ${MAIL_ITEM_COLUMNS}, ${readable.where} AS readable
           FROM notifications n
           ${MAIL_ITEM_JOINS}
          WHERE n.user_id = :userId AND n.email_mode = :mode AND n.emailed_at IS NULL
          ORDER BY at, n.id`,
        { ...readable.params, userId: user.id, mode: NotificationMode.DIGEST },
      );
      const rows: MailItemRow[] = await manager.query(sql, params);
      if (rows.length === 0) {
        // Nothing left (another path took them): the day is not used up.
        await manager.query('DELETE FROM digests WHERE id = $1', [digest.id]);
        return 0;
      }
      const shown = rows.slice(0, DIGEST_MAX_ITEMS);
      const rendered = digestMail(toMailRecipient(user), day, shown.map(toMailItem), this.config.http.publicUrl, rows.length - shown.length);
      await this.mail.send({ to: user.email, ...rendered, key: `digest.${user.id}.${day}` });
      await manager.query('UPDATE notifications SET emailed_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      await manager.query('UPDATE digests SET notification_count = $2, sent_at = now() WHERE id = $1', [digest.id, rows.length]);
      return rows.length;
    });
  }
}
