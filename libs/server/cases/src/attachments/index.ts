export { AttachmentModel, AttachmentParent } from './attachment.model';
export { AttachmentsService, cleanFileName, type Download, type IncomingFile } from './attachments.service';
export { detectType } from './content-type';
export { ATTACHMENT_ROUTE, AttachmentLinks } from './links';
export { ATTACHMENT_STORAGE, createAttachmentStorage, LocalAttachmentStorage, S3AttachmentStorage, scratchDir, type AttachmentStorage } from './storage';
