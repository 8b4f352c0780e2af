import { Injectable } from '@nestjs/common';
import type { Actor } from '@cg/server/core';

/** graphql-ws close codes (the protocol's own): the client must sign in again, or reconnect with a fresh token. */
export const SOCKET_CLOSE = {
  /** The session ended, or the person or their organisation was deactivated. */
  unauthorized: { code: 4401, reason: 'Unauthorized' },
  /** What the person may do changed (roles): reconnect so that the new rules apply. */
  forbidden: { code: 4403, reason: 'Forbidden' },
} as const;
export type SocketClose = (typeof SOCKET_CLOSE)[keyof typeof SOCKET_CLOSE];

/** The part of a `ws` WebSocket this registry uses. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** Whose sockets: any of the fields given must match. */
export interface SocketMatch {
  sessionId?: string;
  userId?: string;
  organisationId?: string;
}

/**
 * The subscription sockets open on this API instance, with the actor each was authenticated as when it
 * connected. Access changes (a session ended, a person or organisation deactivated, roles changed) close
 * the sockets they concern; the signal reaches every instance through the realtime channel.
 */
@Injectable()
export class SubscriptionSockets {
  private readonly open = new Map<ClosableSocket, Actor>();

  register(actor: Actor, socket: ClosableSocket): void {
    this.open.set(socket, actor);
    socket.once('close', () => this.open.delete(socket));
  }

  /** Closes the matching sockets; returns how many. */
  close(match: SocketMatch, how: SocketClose): number {
    let closed = 0;
    for (const [socket, actor] of [...this.open]) {
      const hit =
        (match.sessionId !== undefined && actor.sessionId === match.sessionId) ||
        (match.userId !== undefined && actor.userId === match.userId) ||
        (match.organisationId !== undefined && actor.organisationId === match.organisationId);
      if (!hit) continue;
      this.open.delete(socket);
      socket.close(how.code, how.reason);
      closed++;
    }
    return closed;
  }
}
