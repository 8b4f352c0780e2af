import { AuditEventEntity } from './audit-event.entity';
import { LoginAttemptEntity } from './login-attempt.entity';
import { OrganisationEntity } from './organisation.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { PartnershipAgreementEntity } from './partnership-agreement.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

export * from './audit-event.entity';
export * from './login-attempt.entity';
export * from './organisation.entity';
export * from './outbox-event.entity';
export * from './partnership-agreement.entity';
export * from './refresh-token.entity';
export * from './user.entity';

export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  PartnershipAgreementEntity,
  RefreshTokenEntity,
  LoginAttemptEntity,
  AuditEventEntity,
  OutboxEventEntity,
];
