import { NotificationEntity } from './notification.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { DigestEntity } from './digest.entity';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';
import { IndicatorCatalogueEntity } from './indicator-catalogue.entity';
import { IndicatorEntity } from './indicator.entity';
import { MeasurementEntity } from './measurement.entity';
import { IndicatorReminderEntity } from './indicator-reminder.entity';
import { ActionEntity } from './action.entity';
import { TaskEntity } from './task.entity';
import { UnavailabilityEntity } from './unavailability.entity';
import { TaskReminderEntity } from './task-reminder.entity';
import { CaseEntity } from './case.entity';
import { CaseSequenceEntity } from './case-sequence.entity';
import { CaseParticipantEntity } from './case-participant.entity';
import { CaseSharingView } from './case-sharing.view';
import { AgreementExpiryNoticeEntity } from './agreement-expiry-notice.entity';
import { CaseUpdateEntity } from './case-update.entity';
import { PartnerInputEntity } from './partner-input.entity';
import { StakeholderEntity } from './stakeholder.entity';
import { TrustRiskEntity } from './trust-risk.entity';
import { AuditEventEntity } from './audit-event.entity';
import { LoginAttemptEntity } from './login-attempt.entity';
import { OrganisationEntity } from './organisation.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { PartnershipAgreementEntity } from './partnership-agreement.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { AttachmentEntity } from './attachment.entity';
import { CaseTemplateEntity } from './case-template.entity';
import { CasePendingTaskEntity } from './case-pending-task.entity';
import { CaseLinkEntity } from './case-link.entity';

export * from './audit-event.entity';
export * from './login-attempt.entity';
export * from './organisation.entity';
export * from './outbox-event.entity';
export * from './partnership-agreement.entity';
export * from './refresh-token.entity';
export * from './user.entity';
export * from './case.entity';
export * from './case-sequence.entity';
export * from './case-participant.entity';
export * from './case-sharing.view';
export * from './agreement-expiry-notice.entity';
export * from './case-update.entity';
export * from './partner-input.entity';
export * from './stakeholder.entity';
export * from './trust-risk.entity';
export * from './action.entity';
export * from './task.entity';
export * from './unavailability.entity';
export * from './task-reminder.entity';
export * from './indicator-catalogue.entity';
export * from './indicator.entity';
export * from './measurement.entity';
export * from './indicator-reminder.entity';
export * from './notification.entity';
export * from './notification-preference.entity';
export * from './digest.entity';
export * from './webhook.entity';
export * from './idempotency-key.entity';
export * from './attachment.entity';
export * from './case-template.entity';
export * from './case-pending-task.entity';
export * from './case-link.entity';

export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  PartnershipAgreementEntity,
  RefreshTokenEntity,
  LoginAttemptEntity,
  AuditEventEntity,
  OutboxEventEntity,
  CaseEntity,
  CaseSequenceEntity,
  CaseParticipantEntity,
  CaseSharingView,
  AgreementExpiryNoticeEntity,
  CaseUpdateEntity,
  PartnerInputEntity,
  StakeholderEntity,
  TrustRiskEntity,
  ActionEntity,
  TaskEntity,
  UnavailabilityEntity,
  TaskReminderEntity,
  IndicatorCatalogueEntity,
  IndicatorEntity,
  MeasurementEntity,
  IndicatorReminderEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  DigestEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  IdempotencyKeyEntity,
  AttachmentEntity,
  CaseTemplateEntity,
  CasePendingTaskEntity,
  CaseLinkEntity,
];
