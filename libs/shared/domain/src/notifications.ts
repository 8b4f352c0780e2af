import type { DomainEventType } from './events';

export enum NotificationMode {
  IMMEDIATE = 'IMMEDIATE',
  DIGEST = 'DIGEST',
  OFF = 'OFF',
}

/**
 * The domain events a person can be told about. Each recipient gets one notification per event; the
 * person's preference for the event type says whether an e-mail goes at once, in the daily digest, or
 * not at all (OFF: no notification).
 */
export const NOTIFIABLE_EVENTS = [
  'task.requested',
  'task.accepted',
  'task.declined',
  'task.assigned',
  'task.due-soon',
  'task.overdue',
  'task.blocked',
  'task.done',
  'task.cancelled',
  'task.reassignment-needed',
  'case.input-submitted',
  'case.input-reviewed',
  'case.update-posted',
  'case.escalated',
  'case.phase-changed',
  'case.participant-added',
  'case.participant-removed',
  'case.participant-rebased',
  'case.closed',
  'case.reopened',
  'indicator.measurement-due',
  'agreement.expiring',
  'webhook.disabled',
] as const satisfies readonly (DomainEventType | 'webhook.disabled')[];

export type NotifiableEvent = (typeof NOTIFIABLE_EVENTS)[number];

export function isNotifiable(type: string): type is NotifiableEvent {
  return (NOTIFIABLE_EVENTS as readonly string[]).includes(type);
}

/**
 * Event types whose preference is fixed at IMMEDIATE: a case's escalation (a crisis above all) reaches
 * everyone it concerns at once, whatever they chose. Shown as `locked`; turning it OFF or into the digest
 * is refused.
 */
export const LOCKED_PREFERENCES: readonly NotifiableEvent[] = ['case.escalated'];

export function isLockedPreference(type: string): boolean {
  return (LOCKED_PREFERENCES as readonly string[]).includes(type);
}

/** Events delivered IMMEDIATE whatever the recipients' preferences: those of a locked type. */
export function cannotBeTurnedOff(type: string): boolean {
  return isLockedPreference(type);
}

export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';
