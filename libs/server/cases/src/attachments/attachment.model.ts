import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum AttachmentParent {
  CASE = 'CASE',
  UPDATE = 'UPDATE',
  PARTNER_INPUT = 'PARTNER_INPUT',
}
registerEnumType(AttachmentParent, { name: 'AttachmentParent', description: 'What an attachment hangs on: its visibility is that of the thing' });

/** A file on a case, an update or a partner input, as its reader sees it: never the bytes, a short-lived link to them. */
@ObjectType('Attachment')
export class AttachmentModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  caseId: string;

  @Field(() => AttachmentParent)
  parent: AttachmentParent;

  @Field(() => ID, { description: 'The update’s or partner input’s id; the case’s for a case attachment' })
  parentId: string;

  @Field({ description: 'The name it was uploaded with' })
  fileName: string;

  @Field({ description: 'The type found in the content (not the name)' })
  contentType: string;

  @Field(() => Float)
  sizeBytes: number;

  @Field()
  createdAt: Date;

  @Field({ description: 'A link to the file, valid for ATTACHMENTS_LINK_TTL_SECONDS, for you only (your session); each download is checked again and audited' })
  downloadUrl: string;

  @Field(() => String, { nullable: true, description: 'Images: a link to a small WebP thumbnail, valid like downloadUrl' })
  thumbnailUrl: string | null;

  @Field({ description: 'When the links stop working' })
  linksExpireAt: Date;
}
