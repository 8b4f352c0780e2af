import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { NOTIFIABLE_EVENTS } from '@cg/shared/domain';
import { ConnectionType } from '@cg/server/core';

@ObjectType('WebhookEndpoint', { description: 'An organisation’s endpoint for signed event deliveries. The secret is never shown again after registration.' })
export class WebhookEndpointModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organisationId: string;

  @Field()
  url: string;

  @Field(() => [String], { description: 'The notification event types sent; empty means all of them' })
  eventTypes: string[];

  @Field({ description: 'False once disabled, by a coordinator or after repeated failed deliveries' })
  active: boolean;

  @Field(() => Int, { description: 'Deliveries in a row that failed after every retry; reset by a success or by enabling' })
  consecutiveFailures: number;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field()
  createdAt: Date;

  @Field(() => Int)
  version: number;
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpointModel, 'WebhookEndpoint');

@ObjectType()
export class RegisterWebhookPayload {
  @Field(() => WebhookEndpointModel)
  endpoint: WebhookEndpointModel;

  @Field({
    description:
      'The signing secret (HMAC-SHA256 key), shown this once only. Header X-CommonGround-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">.',
  })
  secret: string;
}

@InputType()
export class RegisterWebhookInput {
  @Field({ description: 'https:// (outside production also http:// to 127.0.0.1, localhost or [::1])' })
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  url: string;

  @Field(() => [String], { defaultValue: [], description: 'Notification event types (e.g. case.escalated); empty = all' })
  @ArrayMaxSize(NOTIFIABLE_EVENTS.length * 2)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  eventTypes: string[];
}

@InputType({ isAbstract: true })
export abstract class WebhookVersionInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version: number;
}

@InputType()
export class DisableWebhookInput extends WebhookVersionInput {}

@InputType()
export class EnableWebhookInput extends WebhookVersionInput {}
