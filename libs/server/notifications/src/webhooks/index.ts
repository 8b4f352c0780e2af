export * from './signing';
export * from './webhook.model';
export * from './webhooks.service';
export * from './webhooks.resolver';
export * from './webhook-delivery.handler';
export * from './webhook-resume.handler';
export { isPublicAddress, postWebhook, WebhookAddressError } from './webhook-request';
