export { MailService, MailDeliveryError, type OutgoingMail, type SentMail } from './mail.service';
export { immediateMail, digestMail, type MailRecipient, type MailItem, type RenderedMail } from './templates';
export { EmailHandler, type EmailOutcome } from './email.handler';
export { DigestHandler, DIGEST_LOCAL_HOUR, localClock } from './digest.handler';
