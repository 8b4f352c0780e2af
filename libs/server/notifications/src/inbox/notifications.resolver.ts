import { Args, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Authenticated, CurrentRequest } from '@cg/server/authz';
import { DomainError } from '@cg/shared/domain';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
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
  constructor(
    private readonly service: NotificationsService,
    private readonly realtime: RealtimeService,
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
   * New notifications for the signed-in person, pushed over graphql-ws (authenticated when the socket
   * connects). Signals come through Redis pub/sub (or PostgreSQL NOTIFY), so any API instance can serve.
   */
  @Subscription(() => NotificationModel, { resolve: (value: NotificationModel) => value })
  @Authenticated()
  notificationAdded(@CurrentRequest() request: RequestContext): AsyncIterableIterator<NotificationModel> {
    const actor = request.actor;
    if (!actor) throw DomainError.unauthenticated();
    return this.stream(actor.userId, request.locale);
  }

  private stream(userId: string, locale: RequestContext['locale']): AsyncIterableIterator<NotificationModel> {
    const queue: NotificationModel[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    let stop: (() => void) | null = null;
    const ready = this.realtime.listen((signal) => {
      if (signal.userId !== userId) return;
      void this.service.one(userId, signal.notificationId, locale).then((n) => {
        if (n) queue.push(n);
        wake?.();
      });
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
}

export type { GraphQLContext };
