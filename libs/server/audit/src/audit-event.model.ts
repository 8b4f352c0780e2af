import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from './json.scalar';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ConnectionType, PageArgs } from '@cg/server/core';

@ObjectType('AuditEvent')
export class AuditEventModel {
  @Field(() => ID)
  id: string;

  @Field()
  occurredAt: Date;

  @Field(() => ID, { nullable: true })
  actorUserId: string | null;

  @Field(() => ID, { nullable: true })
  actorOrganisationId: string | null;

  @Field(() => String, { nullable: true, description: 'The acting person as named now (null for the system, or when the account is gone)' })
  actorName: string | null;

  @Field(() => String, { nullable: true, description: "The acting person's organisation as named now" })
  actorOrganisationName: string | null;

  @Field()
  action: string;

  @Field({ description: 'SUCCESS, FAILURE or REFUSED' })
  outcome: string;

  @Field()
  entityType: string;

  @Field(() => String, { nullable: true })
  entityId: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Changed fields: { field: { before, after } }' })
  changes: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  clientAddress: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;
}

export const AuditEventConnection = ConnectionType(AuditEventModel, 'AuditEvent');

@InputType()
export class AuditEventFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @Field(() => ID, { nullable: true, description: "The acting person's organisation" })
  @IsOptional()
  @IsUUID()
  actorOrganisationId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entityType?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;

  @Field({ nullable: true, description: 'Inclusive lower bound' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Exclusive upper bound' })
  @IsOptional()
  @IsDate()
  to?: Date;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditEventFilter)
  filter?: AuditEventFilter;
}
