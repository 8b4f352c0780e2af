import { Module } from '@nestjs/common';
import { FanOutHandler } from './fan-out/fan-out.handler';
import { NotificationsResolver } from './inbox/notifications.resolver';
import { NotificationsService } from './inbox/notifications.service';
import { RealtimeService } from './realtime/realtime.service';
import { AccessHandler } from './realtime/access.handler';
import { SocketAccessService } from './realtime/socket-access.service';
import { OutboxRelay } from './relay/outbox-relay.service';
import { OutboxReconciler } from './relay/outbox-reconciler.service';
import { EmailHandler, DigestHandler, MailService } from './email';
import { WebhookDeliveryHandler, WebhookResumeHandler, WebhooksResolver, WebhooksService } from './webhooks';

/** The API side: inbox, preferences, subscription, webhook registration. */
@Module({
  providers: [NotificationsService, RealtimeService, SocketAccessService, NotificationsResolver, WebhooksService, WebhooksResolver],
  exports: [NotificationsService, RealtimeService],
})
export class NotificationsModule {}

/** The worker side: relay and reconciler, fan-out, e-mail, digests, webhook deliveries. */
@Module({
  providers: [OutboxRelay, OutboxReconciler, FanOutHandler, AccessHandler, RealtimeService, MailService, EmailHandler, DigestHandler, WebhooksService, WebhookDeliveryHandler, WebhookResumeHandler],
  exports: [OutboxRelay, OutboxReconciler, MailService],
})
export class NotificationsWorkerModule {}
