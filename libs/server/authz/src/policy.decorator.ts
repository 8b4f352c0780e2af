import { SetMetadata } from '@nestjs/common';
import type { Action, AppAbility, SubjectName } from './ability';

export const POLICY_KEY = 'cg:policy';

export type PolicyCheck = (ability: AppAbility) => boolean;
export type PolicyMetadata =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'check'; check: PolicyCheck; description: string };

/** Anyone may call this, signed in or not (login, refresh). Must be said explicitly. */
export const Public = () => SetMetadata(POLICY_KEY, { kind: 'public' } satisfies PolicyMetadata);

/** Any signed-in person may call this; object-level checks happen in the service, in SQL. */
export const Authenticated = () => SetMetadata(POLICY_KEY, { kind: 'authenticated' } satisfies PolicyMetadata);

/** The caller's ability must allow `action` on `subject` (for some object); object checks follow in the service. */
export const Policy = (action: Action, subject: SubjectName) =>
  SetMetadata(POLICY_KEY, {
    kind: 'check',
    check: (ability: AppAbility) => ability.can(action, subject),
    description: `${action} ${subject}`,
  } satisfies PolicyMetadata);
