export * from './notifications.module';
export * from './relay/outbox-relay.service';
export * from './fan-out/fan-out.handler';
export * from './realtime/realtime.service';
export * from './inbox/notifications.service';
export * from './messages';
export * from './email';
export * from './webhooks';
