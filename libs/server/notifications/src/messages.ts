import { defineMessages, NOTIFIABLE_EVENTS, type Locale, type NotifiableEvent } from '@cg/shared/domain';

/** What a notification says, for the inbox and for e-mails: no personal data of stakeholders, ever. */
export interface NotificationFacts {
  type: string;
  payload: Record<string, unknown>;
  caseReference: string | null;
  caseTitle: string | null;
  taskTitle: string | null;
  /** False once the recipient may no longer read what it is about: then it says only that. */
  accessible?: boolean;
}

type Render = (f: NotificationFacts) => string;
const ref = (f: NotificationFacts) => (f.caseReference ? `${f.caseReference}` : '');
/** A task's title in the quotation marks of the language: „…” in Polish, “…” in English. */
const QUOTES: Record<Locale, [string, string]> = { pl: ['„', '”'], en: ['“', '”'] };
const task = (f: NotificationFacts, locale: Locale) => (f.taskTitle ? `${QUOTES[locale][0]}${f.taskTitle}${QUOTES[locale][1]}` : '');

/**
 * A notification's title by its event type, for the inbox and for e-mails (their subject). The Polish functions are
 * typed by `satisfies` (every notifiable event has its title); the English ones by the Polish ones (`defineMessages`).
 */
const TITLES = defineMessages({
  pl: {
    'task.requested': (f) => `Prośba o zadanie ${task(f, 'pl')} w sprawie ${ref(f)}`,
    'task.accepted': (f) => `Zadanie ${task(f, 'pl')} przyjęte (${ref(f)})`,
    'task.declined': (f) => `Zadanie ${task(f, 'pl')} odrzucone (${ref(f)})`,
    'task.assigned': (f) => `Przydzielono Ci zadanie ${task(f, 'pl')} (${ref(f)})`,
    'task.due-soon': (f) => `Termin zadania ${task(f, 'pl')} mija w ciągu doby (${ref(f)})`,
    'task.overdue': (f) => `Zadanie ${task(f, 'pl')} jest po terminie (${ref(f)})`,
    'task.blocked': (f) => `Zadanie ${task(f, 'pl')} jest zablokowane (${ref(f)})`,
    'task.done': (f) => `Zadanie ${task(f, 'pl')} wykonane (${ref(f)})`,
    'task.cancelled': (f) => `Zadanie ${task(f, 'pl')} anulowane (${ref(f)})`,
    'task.reassignment-needed': (f) => `Zadanie ${task(f, 'pl')} wymaga nowej osoby (${ref(f)})`,
    'case.input-submitted': (f) => `Nowy wkład partnera w sprawie ${ref(f)}`,
    'case.input-reviewed': (f) => `Odpowiedź na Twój wkład w sprawie ${ref(f)}`,
    'case.update-posted': (f) => `Nowy wpis w sprawie ${ref(f)}`,
    'case.escalated': (f) => (f.payload.to === 'CRISIS' ? `KRYZYS: sprawa ${ref(f)} podniesiona do poziomu kryzysowego` : `Sprawa ${ref(f)}: eskalacja ${String(f.payload.from)} → ${String(f.payload.to)}`),
    'case.phase-changed': (f) => `Sprawa ${ref(f)}: faza ${String(f.payload.from)} → ${String(f.payload.to)}`,
    'case.participant-added': (f) => `Twoja organizacja dołączyła do sprawy ${ref(f)}`,
    'case.participant-rebased': (f) => `Sprawa ${ref(f)}: udział organizacji opiera się teraz na decyzji koordynatora`,
    'case.participant-removed': (f) => `Zmiana uczestników sprawy ${ref(f)}`,
    'case.closed': (f) => `Sprawa ${ref(f)} zamknięta`,
    'case.reopened': (f) => `Sprawa ${ref(f)} wznowiona`,
    'indicator.measurement-due': (f) => `Czas na pomiar wskaźnika w sprawie ${ref(f)}`,
    'agreement.expiring': (f) => `Porozumienie o partnerstwie wygasa za ${String(f.payload.daysBefore)} dni (ostatni dzień: ${String(f.payload.validTo)}); bez nowego porozumienia udział w sprawach zostanie zawieszony`,
    'webhook.disabled': () => 'Webhook Twojej organizacji został wyłączony po powtarzających się błędach',
  } satisfies Record<NotifiableEvent, Render>,
  en: {
    'task.requested': (f) => `Task request ${task(f, 'en')} on case ${ref(f)}`,
    'task.accepted': (f) => `Task ${task(f, 'en')} accepted (${ref(f)})`,
    'task.declined': (f) => `Task ${task(f, 'en')} declined (${ref(f)})`,
    'task.assigned': (f) => `You were assigned ${task(f, 'en')} (${ref(f)})`,
    'task.due-soon': (f) => `Task ${task(f, 'en')} is due within a day (${ref(f)})`,
    'task.overdue': (f) => `Task ${task(f, 'en')} is overdue (${ref(f)})`,
    'task.blocked': (f) => `Task ${task(f, 'en')} is blocked (${ref(f)})`,
    'task.done': (f) => `Task ${task(f, 'en')} done (${ref(f)})`,
    'task.cancelled': (f) => `Task ${task(f, 'en')} cancelled (${ref(f)})`,
    'task.reassignment-needed': (f) => `Task ${task(f, 'en')} needs someone else (${ref(f)})`,
    'case.input-submitted': (f) => `New partner input on case ${ref(f)}`,
    'case.input-reviewed': (f) => `Your input on case ${ref(f)} was answered`,
    'case.update-posted': (f) => `New update on case ${ref(f)}`,
    'case.escalated': (f) => (f.payload.to === 'CRISIS' ? `CRISIS: case ${ref(f)} escalated to crisis` : `Case ${ref(f)}: escalation ${String(f.payload.from)} → ${String(f.payload.to)}`),
    'case.phase-changed': (f) => `Case ${ref(f)}: phase ${String(f.payload.from)} → ${String(f.payload.to)}`,
    'case.participant-added': (f) => `Your organisation joined case ${ref(f)}`,
    'case.participant-rebased': (f) => `Case ${ref(f)}: an organisation now takes part on the coordinator’s authority`,
    'case.participant-removed': (f) => `Participants of case ${ref(f)} changed`,
    'case.closed': (f) => `Case ${ref(f)} closed`,
    'case.reopened': (f) => `Case ${ref(f)} reopened`,
    'indicator.measurement-due': (f) => `A measurement is due on case ${ref(f)}`,
    'agreement.expiring': (f) => `A partnership agreement expires in ${String(f.payload.daysBefore)} days (last day: ${String(f.payload.validTo)}); without a new agreement, participation in cases will be suspended`,
    'webhook.disabled': () => 'Your organisation’s webhook was disabled after repeated failures',
  },
});

/** What a notification says once its recipient may no longer read what it was about: no title, reference or link. */
const NOTICES = defineMessages({
  pl: { noLongerAccessible: 'Ta pozycja nie jest już dla Ciebie dostępna.' },
  en: { noLongerAccessible: 'This item is no longer accessible to you.' },
});

/** The dictionaries of this surface, for the spec that holds both languages to the same keys. */
export const NOTIFICATION_MESSAGES = { TITLES, NOTICES };

const NOTIFIABLE: ReadonlySet<string> = new Set(NOTIFIABLE_EVENTS);
const isNotifiable = (type: string): type is NotifiableEvent => NOTIFIABLE.has(type);

export function notificationTitle(facts: NotificationFacts, locale: Locale): string {
  if (facts.accessible === false) return NOTICES[locale].noLongerAccessible;
  const render = isNotifiable(facts.type) ? TITLES[locale][facts.type] : undefined;
  return (render ? render(facts) : facts.type).replace(/\s+/g, ' ').replace(/ \(\)/g, '').trim();
}

/** The link a person follows to see the case (the web client's route). */
export function caseLink(publicUrl: string, caseId: string | null): string | null {
  return caseId ? `${publicUrl.replace(/\/$/, '')}/cases/${caseId}` : null;
}
