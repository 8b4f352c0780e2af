import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobPayloads, OrganisationKind, Role } from '@cg/shared/domain';
import { defineAbilityFor } from '@cg/server/authz';
import { AppConfig } from '@cg/server/config';
import { JobHandler, type HandlesJob, type JobContext } from '@cg/server/jobs';
import { execute, query } from '@cg/server/db';
import { MailService } from './mail.service';
import { toMailItem, toMailRecipient, type MailItemRow, type MailRecipientRow } from './email.handler';
import { claimDigest, digestEmailed, digestItems, digestRecipients, digestSent, dropDigest, lockDigestOf } from './email.queries';
import { digestMail, safeTimeZone } from './templates';

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
    const users = await query<DigestUser>(this.dataSource, digestRecipients);
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
      await execute(manager, lockDigestOf(user.id));
      const [digest] = await query<{ id: string }>(manager, claimDigest(user.id, day));
      if (!digest) return 0;
      // Written hours after the events: each item says only what the person may read today (their rules, in SQL).
      const ability = defineAbilityFor({ userId: user.id, organisationId: user.organisation_id, organisationKind: user.organisation_kind, roles: user.roles, locale: toMailRecipient(user).locale, sessionId: '' });
      const rows = await query<MailItemRow>(manager, digestItems(ability, user.id));
      if (rows.length === 0) {
        // Nothing left (another path took them): the day is not used up.
        await execute(manager, dropDigest(digest.id));
        return 0;
      }
      const shown = rows.slice(0, DIGEST_MAX_ITEMS);
      const rendered = digestMail(toMailRecipient(user), day, shown.map(toMailItem), this.config.http.publicUrl, rows.length - shown.length);
      await this.mail.send({ to: user.email, ...rendered, key: `digest.${user.id}.${day}` });
      await execute(manager, digestEmailed(rows.map((r) => r.id)));
      await execute(manager, digestSent(digest.id, rows.length));
      return rows.length;
    });
  }
}
