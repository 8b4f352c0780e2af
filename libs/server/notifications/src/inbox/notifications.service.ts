import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, isLockedPreference, isNotifiable, NOTIFIABLE_EVENTS, NotificationMode, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { AuditService } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import { abilityOf } from '@cg/server/authz';
import { execute, query } from '@cg/server/db';
import { caseLink, notificationTitle } from '../messages';
import * as inbox from './inbox.queries';
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
    const [rows, count] = await Promise.all([
      query<Row>(this.dataSource, inbox.inboxPage(abilityOf(request), me, unreadOnly, cursor, limit)),
      query<{ n: number }>(this.dataSource, inbox.inboxCount(me, unreadOnly)),
    ]);
    return toConnection(rows, limit, count[0]?.n ?? 0, (r) => [r.created_at.toISOString(), r.id], (r) => this.toModel(r, request.locale), cursor !== null);
  }

  /** One of the caller's notifications, as the inbox shows it, and whether its subject is still readable to them. */
  async one(request: RequestContext, id: string): Promise<{ notification: NotificationModel; readable: boolean } | null> {
    const rows = await query<Row>(this.dataSource, inbox.inboxItem(abilityOf(request), request.actor!.userId, id));
    return rows[0] ? { notification: this.toModel(rows[0], request.locale), readable: rows[0].readable } : null;
  }

  async unreadCount(request: RequestContext): Promise<number> {
    const [row] = await query<{ n: number }>(this.dataSource, inbox.unreadCount(request.actor!.userId));
    return row?.n ?? 0;
  }

  async markRead(request: RequestContext, ids?: string[]): Promise<{ marked: number; unreadCount: number }> {
    const me = request.actor!.userId;
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [, marked] = await execute<[unknown[], number]>(this.dataSource, inbox.markRead(me, ids));
    await this.audit.record(request, { action: 'notification.mark-read', entityType: 'Notification', entityId: null, reason: `${marked} marked` });
    return { marked, unreadCount: await this.unreadCount(request) };
  }

  async preferences(request: RequestContext): Promise<NotificationPreferenceModel[]> {
    const rows = await query<{ event_type: string; mode: NotificationMode }>(this.dataSource, inbox.preferencesOf(request.actor!.userId));
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
      const [before] = await query<{ mode: string }>(manager, inbox.preferenceOf(request.actor!.userId, eventType));
      await execute(manager, inbox.setPreference(request.actor!.userId, eventType, mode));
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
