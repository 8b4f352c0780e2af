import { Args, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Logger } from '@nestjs/common';
import { AccessTokenService, Authenticated, CurrentRequest, SOCKET_CLOSE, SubscriptionSockets } from '@cg/server/authz';
import { DomainError } from '@cg/shared/domain';
import type { Actor, GraphQLContext, RequestContext } from '@cg/server/core';
import { RealtimeService } from '../realtime/realtime.service';
import {
  MarkNotificationsReadInput,
  MarkNotificationsReadPayload,
  NotificationConnection,
  NotificationModel,
  NotificationPreferenceModel,
  NotificationsArgs,
  SetNotificationPreferenceInput,
} from './notification.model';
import { NotificationsService } from './notifications.service';

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  private readonly logger = new Logger(NotificationsResolver.name);

  constructor(
    private readonly service: NotificationsService,
    private readonly realtime: RealtimeService,
    private readonly tokens: AccessTokenService,
    private readonly sockets: SubscriptionSockets,
  ) {}

  @Query(() => NotificationConnection, { description: 'Your notifications, newest first' })
  @Authenticated()
  notifications(@Args() args: NotificationsArgs, @CurrentRequest() request: RequestContext) {
    return this.service.list(request, args.unreadOnly, args.first, args.after);
  }

  @Query(() => Int)
  @Authenticated()
  unreadNotificationCount(@CurrentRequest() request: RequestContext) {
    return this.service.unreadCount(request);
  }

  @Mutation(() => MarkNotificationsReadPayload)
  @Authenticated()
  markNotificationsRead(@Args('input') input: MarkNotificationsReadInput, @CurrentRequest() request: RequestContext) {
    return this.service.markRead(request, input.ids);
  }

  @Query(() => [NotificationPreferenceModel], { description: 'Per event type: immediate e-mail, daily digest, or off' })
  @Authenticated()
  notificationPreferences(@CurrentRequest() request: RequestContext) {
    return this.service.preferences(request);
  }

  @Mutation(() => NotificationPreferenceModel, { description: 'IMMEDIATE e-mail, daily DIGEST or OFF per event type; a locked type (case.escalated) accepts IMMEDIATE only' })
  @Authenticated()
  setNotificationPreference(@Args('input') input: SetNotificationPreferenceInput, @CurrentRequest() request: RequestContext) {
    return this.service.setPreference(request, input.eventType, input.mode);
  }

  /**
   * New notifications for the signed-in person, pushed over graphql-ws. Signals come through Redis pub/sub
   * (or PostgreSQL NOTIFY), so any API instance can serve. The socket was authenticated when it connected;
   * each event is checked again before it is sent (see `checked`).
   */
  @Subscription(() => NotificationModel, { resolve: (value: NotificationModel) => value })
  @Authenticated()
  notificationAdded(@CurrentRequest() request: RequestContext): AsyncIterableIterator<NotificationModel> {
    if (!request.actor) throw DomainError.unauthenticated();
    return this.stream(request, request.actor);
  }

  private stream(request: RequestContext, connected: Actor): AsyncIterableIterator<NotificationModel> {
    const queue: NotificationModel[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    let stop: (() => void) | null = null;
    // One signal after the other, so that notifications arrive in the order they were made.
    let chain = Promise.resolve();
    const ready = this.realtime.listen((signal) => {
      if (signal.userId !== connected.userId) return;
      chain = chain
        .then(() => (done ? null : this.checked(request, connected, signal.notificationId)))
        .then((notification) => {
          if (notification) queue.push(notification);
          wake?.();
        })
        .catch((error: unknown) => this.logger.warn({ err: String(error) }, 'a notification could not be checked; not sent'));
    });
    void ready.then((unsubscribe) => (stop = unsubscribe));
    const iterator: AsyncIterableIterator<NotificationModel> = {
      next: async () => {
        await ready;
        while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        if (done) return { value: undefined, done: true };
        return { value: queue.shift()!, done: false };
      },
      return: async () => {
        done = true;
        stop?.();
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /**
   * Before an event is sent: the session still open, the person and their organisation still active, the
   * same organisation and roles as when the socket connected (else the socket closes, 4401 or 4403), and
   * the notification's subject still readable by them now (else it is not sent).
   */
  private async checked(request: RequestContext, connected: Actor, notificationId: string): Promise<NotificationModel | null> {
    const now = await this.tokens.actorOfSession(connected.userId, connected.sessionId);
    if (!now) {
      this.sockets.close({ sessionId: connected.sessionId }, SOCKET_CLOSE.unauthorized);
      return null;
    }
    const sameRoles = now.roles.length === connected.roles.length && now.roles.every((role) => connected.roles.includes(role));
    if (now.organisationId !== connected.organisationId || !sameRoles) {
      this.sockets.close({ sessionId: connected.sessionId }, SOCKET_CLOSE.forbidden);
      return null;
    }
    const found = await this.service.one({ ...request, actor: now, locale: now.locale }, notificationId);
    return found?.readable ? found.notification : null;
  }
}

export type { GraphQLContext };
