import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentRequest, Policy } from '@cg/server/authz';
import { PageArgs, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { DisableWebhookInput, EnableWebhookInput, RegisterWebhookInput, RegisterWebhookPayload, WebhookEndpointConnection, WebhookEndpointModel } from './webhook.model';
import { WebhooksService } from './webhooks.service';

/** Coordinators manage their organisation's webhook endpoints; another organisation's endpoint is NOT_FOUND. */
@Resolver(() => WebhookEndpointModel)
export class WebhooksResolver {
  constructor(
    private readonly service: WebhooksService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => WebhookEndpointConnection, { description: 'Coordinators: your organisation’s webhook endpoints, newest first (never their secrets)' })
  @Policy('read', 'Webhook')
  webhooks(@Args() page: PageArgs, @CurrentRequest() request: RequestContext) {
    return this.service.list(request, page.first, page.after);
  }

  @Mutation(() => RegisterWebhookPayload, { description: 'Coordinators: a new endpoint for your organisation; the signing secret is returned this once only' })
  @Policy('create', 'Webhook')
  registerWebhook(@Args('input') input: RegisterWebhookInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'registerWebhook', input, () => this.service.register(request, input), (id: string) => this.service.registered(request, id));
  }

  @Mutation(() => WebhookEndpointModel, { description: 'Coordinators: stops deliveries to the endpoint' })
  @Policy('update', 'Webhook')
  disableWebhook(@Args('input') input: DisableWebhookInput, @CurrentRequest() request: RequestContext) {
    return this.service.disable(request, input.id, input.version);
  }

  @Mutation(() => WebhookEndpointModel, { description: 'Coordinators: resumes deliveries and resets the count of consecutive failures' })
  @Policy('update', 'Webhook')
  enableWebhook(@Args('input') input: EnableWebhookInput, @CurrentRequest() request: RequestContext) {
    return this.service.enable(request, input.id, input.version);
  }
}
