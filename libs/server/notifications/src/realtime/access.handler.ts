import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobPayloads } from '@cg/shared/domain';
import { execute, query } from '@cg/server/db';
import { JobHandler, type HandlesJob } from '@cg/server/jobs';
import { eventFannedOut } from '../relay/relay.queries';
import { outboxEvent } from './realtime.queries';
import { RealtimeService, type AccessSignal } from './realtime.service';

type Payload = JobPayloads['notifications.access'];

/** The outbox events that change who may keep a socket open, and what each closes. */
export const ACCESS_EVENTS: Record<string, (payload: Record<string, unknown>) => Omit<AccessSignal, 'kind'> | null> = {
  'session.ended': (p) => (typeof p.sessionId === 'string' ? { close: 'unauthorized', sessionId: p.sessionId } : null),
  'user.deactivated': (p) => (typeof p.userId === 'string' ? { close: 'unauthorized', userId: p.userId } : null),
  'organisation.deactivated': (p) => (typeof p.organisationId === 'string' ? { close: 'unauthorized', organisationId: p.organisationId } : null),
  'user.roles-changed': (p) => (typeof p.userId === 'string' ? { close: 'forbidden', userId: p.userId } : null),
};

export function isAccessEvent(type: string): boolean {
  return Object.hasOwn(ACCESS_EVENTS, type);
}

/**
 * An access change from the outbox, passed to every API instance over the realtime channel (Redis pub/sub,
 * or PostgreSQL NOTIFY on the embedded default), where the sockets it concerns are closed. Ids only.
 */
@Injectable()
@JobHandler('notifications.access')
export class AccessHandler implements HandlesJob<Payload> {
  private readonly logger = new Logger(AccessHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
  ) {}

  async handle(payload: Payload): Promise<{ signalled: boolean }> {
    const [event] = await query<{ type: string; payload: Record<string, unknown> }>(this.dataSource, outboxEvent(payload.eventId));
    const signal = event && isAccessEvent(event.type) ? ACCESS_EVENTS[event.type]!(event.payload ?? {}) : null;
    if (signal) await this.realtime.publish([{ kind: 'access', ...signal }]);
    // Its delivery is complete (the OutboxReconciler enqueues again an event that never gets here).
    await execute(this.dataSource, eventFannedOut(payload.eventId));
    if (!signal) return { signalled: false };
    this.logger.debug({ eventId: payload.eventId, type: event!.type }, 'access change signalled');
    return { signalled: true };
  }
}
