import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NotificationMode } from '@cg/shared/domain';
import { ConnectionType, PageArgs } from '@cg/server/core';

registerEnumType(NotificationMode, { name: 'NotificationMode', description: 'IMMEDIATE e-mail, DIGEST (one e-mail a day at 07:00 in the person’s time zone), or OFF (no notification at all)' });

@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The event type, e.g. task.requested, case.escalated' })
  type: string;

  @Field({ description: 'In the reader’s language' })
  title: string;

  @Field(() => ID, { nullable: true })
  caseId: string | null;

  @Field(() => String, { nullable: true })
  caseReference: string | null;

  @Field(() => ID, { nullable: true })
  taskId: string | null;

  @Field(() => String, { nullable: true, description: 'Where to see it' })
  link: string | null;

  @Field()
  read: boolean;

  @Field()
  createdAt: Date;
}

export const NotificationConnection = ConnectionType(NotificationModel, 'Notification');

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field({ defaultValue: false })
  @IsBoolean()
  unreadOnly: boolean;
}

@InputType()
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: 'These; or every unread one when omitted' })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids?: string[];
}

@ObjectType()
export class MarkNotificationsReadPayload {
  @Field(() => Int)
  marked: number;

  @Field(() => Int)
  unreadCount: number;
}

@ObjectType('NotificationPreference')
export class NotificationPreferenceModel {
  @Field()
  eventType: string;

  @Field(() => NotificationMode)
  mode: NotificationMode;

  @Field({ description: 'Fixed at IMMEDIATE, refused as OFF or DIGEST: true for case.escalated (escalations, to crisis above all, always arrive at once)' })
  locked: boolean;
}

@InputType()
export class SetNotificationPreferenceInput {
  @Field()
  @IsString()
  @MaxLength(80)
  eventType: string;

  @Field(() => NotificationMode)
  @IsEnum(NotificationMode)
  mode: NotificationMode;
}
