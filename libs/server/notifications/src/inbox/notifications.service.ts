import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isLockedPreference, isNotifiable, NOTIFIABLE_EVENTS, NotificationMode, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { AuditService } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import { abilityOf } from '@cg/server/authz';
import { caseLink, notificationTitle } from '../messages';
import { readableNow } from '../readable';
import { sqlUuid } from '../sql';
import type { NotificationModel, NotificationPreferenceModel } from './notification.model';

interface Row {
  id: string;
  type: string;
  case_id: string | null;
  payload: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
  case_reference: string | null;
  case_title: string | null;
  task_title: string | null;
  readable: boolean;
}

/**
 * A notification with what it may say: the case reference and titles only when the recipient may read them
 * now (`readableNow`, in the same statement), so a removed organisation's inbox never shows live content.
 */
function select(request: RequestContext): { sql: string; params: Record<string, unknown> } {
  const readable = readableNow(abilityOf(request));
  return {
    sql: `SELECT n.id, n.type, n.case_id, n.payload, n.read_at, n.created_at, r.readable,
       CASE WHEN r.readable THEN c.reference END AS case_reference,
       CASE WHEN r.readable THEN c.title END AS case_title,
       CASE WHEN r.readable THEN t.title END AS task_title
  FROM notifications n
  LEFT JOIN cases c ON c.id = n.case_id
  LEFT JOIN tasks t ON t.id = ${sqlUuid("n.payload->>'taskId'")}
  CROSS JOIN LATERAL (SELECT ${readable.where} AS readable) r`,
    params: readable.params,
  };
}

/** The in-app inbox: only ever the caller's own notifications (filtered in SQL by recipient). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async list(request: RequestContext, unreadOnly: boolean, first?: number, after?: string): Promise<Connection<NotificationModel>> {
    const me = request.actor!.userId;
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['timestamp', 'uuid']);
    const unread = unreadOnly ? 'AND n.read_at IS NULL' : '';
    const base = select(request);
    const [pageSql, pageParams] = this.dataSource.driver.escapeQueryWithParameters(
      `${base.sql} WHERE n.user_id = :me ${unread} ${cursor ? 'AND (n.created_at, n.id) < (:cTime::timestamptz, :cId::uuid)' : ''}
          ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit + 1}`,
      { ...base.params, me, cTime: cursor?.[0], cId: cursor?.[1] },
    );
    const [rows, count]: [Row[], { n: number }[]] = await Promise.all([
      this.dataSource.query(pageSql, pageParams),
      this.dataSource.query(`SELECT count(*)::int AS n FROM notifications n WHERE n.user_id = $1 ${unread}`, [me]),
    ]);
    return toConnection(rows, limit, count[0]?.n ?? 0, (r) => [r.created_at.toISOString(), r.id], (r) => this.toModel(r, request.locale), cursor !== null);
  }

  /** One of the caller's notifications, as the inbox shows it, and whether its subject is still readable to them. */
  async one(request: RequestContext, id: string): Promise<{ notification: NotificationModel; readable: boolean } | null> {
    const base = select(request);
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(`${base.sql} WHERE n.id = :id AND n.user_id = :me`, { ...base.params, id, me: request.actor!.userId });
    const rows: Row[] = await this.dataSource.query(sql, params);
    return rows[0] ? { notification: this.toModel(rows[0], request.locale), readable: rows[0].readable } : null;
  }

  async unreadCount(request: RequestContext): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [request.actor!.userId]);
    return row?.n ?? 0;
  }

  async markRead(request: RequestContext, ids?: string[]): Promise<{ marked: number; unreadCount: number }> {
    const me = request.actor!.userId;
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [, marked]: [unknown[], number] = ids
      ? await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND id = ANY($2) AND read_at IS NULL RETURNING id', [me, ids])
      : await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id', [me]);
    await this.audit.record(request, { action: 'notification.mark-read', entityType: 'Notification', entityId: null, reason: `${marked} marked` });
    return { marked, unreadCount: await this.unreadCount(request) };
  }

  async preferences(request: RequestContext): Promise<NotificationPreferenceModel[]> {
    const rows: { event_type: string; mode: NotificationMode }[] = await this.dataSource.query('SELECT event_type, mode FROM notification_preferences WHERE user_id = $1', [request.actor!.userId]);
    const chosen = new Map(rows.map((r) => [r.event_type, r.mode]));
    return NOTIFIABLE_EVENTS.map((eventType) => {
      const locked = isLockedPreference(eventType);
      return { eventType, mode: locked ? NotificationMode.IMMEDIATE : (chosen.get(eventType) ?? NotificationMode.IMMEDIATE), locked };
    });
  }

  async setPreference(request: RequestContext, eventType: string, mode: NotificationMode): Promise<NotificationPreferenceModel> {
    if (!isNotifiable(eventType)) throw DomainError.badInput('input.invalid', { fields: 'eventType' }, { field: 'eventType' });
    const locked = isLockedPreference(eventType);
    if (locked && mode !== NotificationMode.IMMEDIATE) throw DomainError.badInput('notification.locked', { eventType }, { field: 'mode' });
    await this.dataSource.transaction(async (manager) => {
      const [before]: { mode: string }[] = await manager.query('SELECT mode FROM notification_preferences WHERE user_id = $1 AND event_type = $2', [request.actor!.userId, eventType]);
      await manager.query(
        `INSERT INTO notification_preferences (user_id, event_type, mode) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, event_type) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
        [request.actor!.userId, eventType, mode],
      );
      await this.audit.record(request, { action: 'notification.set-preference', entityType: 'NotificationPreference', entityId: eventType, changes: { mode: { before: before?.mode ?? 'IMMEDIATE', after: mode } } }, manager);
    });
    return { eventType, mode, locked };
  }

  private toModel(row: Row, locale: Locale): NotificationModel {
    if (!row.readable) {
      // No title, reference or link to content the recipient may no longer read.
      const title = notificationTitle({ type: row.type, payload: {}, caseReference: null, caseTitle: null, taskTitle: null, accessible: false }, locale);
      return { id: row.id, type: row.type, title, caseId: null, caseReference: null, taskId: null, link: null, read: row.read_at !== null, createdAt: row.created_at };
    }
    const taskId = typeof row.payload.taskId === 'string' ? row.payload.taskId : null;
    return {
      id: row.id,
      type: row.type,
      title: notificationTitle({ type: row.type, payload: row.payload, caseReference: row.case_reference, caseTitle: row.case_title, taskTitle: row.task_title }, locale),
      caseId: row.case_id,
      caseReference: row.case_reference,
      taskId,
      link: caseLink(this.config.http.publicUrl, row.case_id),
      read: row.read_at !== null,
      createdAt: row.created_at,
    };
  }
}
