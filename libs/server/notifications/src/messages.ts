import type { Locale } from '@cg/shared/domain';

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

const TITLES: Record<string, Record<Locale, Render>> = {
  'task.requested': { pl: (f) => `Prośba o zadanie ${task(f, 'pl')} w sprawie ${ref(f)}`, en: (f) => `Task request ${task(f, 'en')} on case ${ref(f)}` },
  'task.accepted': { pl: (f) => `Zadanie ${task(f, 'pl')} przyjęte (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} accepted (${ref(f)})` },
  'task.declined': { pl: (f) => `Zadanie ${task(f, 'pl')} odrzucone (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} declined (${ref(f)})` },
  'task.assigned': { pl: (f) => `Przydzielono Ci zadanie ${task(f, 'pl')} (${ref(f)})`, en: (f) => `You were assigned ${task(f, 'en')} (${ref(f)})` },
  'task.due-soon': { pl: (f) => `Termin zadania ${task(f, 'pl')} mija w ciągu doby (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} is due within a day (${ref(f)})` },
  'task.overdue': { pl: (f) => `Zadanie ${task(f, 'pl')} jest po terminie (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} is overdue (${ref(f)})` },
  'task.blocked': { pl: (f) => `Zadanie ${task(f, 'pl')} jest zablokowane (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} is blocked (${ref(f)})` },
  'task.done': { pl: (f) => `Zadanie ${task(f, 'pl')} wykonane (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} done (${ref(f)})` },
  'task.cancelled': { pl: (f) => `Zadanie ${task(f, 'pl')} anulowane (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} cancelled (${ref(f)})` },
  'task.reassignment-needed': { pl: (f) => `Zadanie ${task(f, 'pl')} wymaga nowej osoby (${ref(f)})`, en: (f) => `Task ${task(f, 'en')} needs someone else (${ref(f)})` },
  'case.input-submitted': { pl: (f) => `Nowy wkład partnera w sprawie ${ref(f)}`, en: (f) => `New partner input on case ${ref(f)}` },
  'case.input-reviewed': { pl: (f) => `Odpowiedź na Twój wkład w sprawie ${ref(f)}`, en: (f) => `Your input on case ${ref(f)} was answered` },
  'case.update-posted': { pl: (f) => `Nowy wpis w sprawie ${ref(f)}`, en: (f) => `New update on case ${ref(f)}` },
  'case.escalated': {
    pl: (f) => (f.payload.to === 'CRISIS' ? `KRYZYS: sprawa ${ref(f)} podniesiona do poziomu kryzysowego` : `Sprawa ${ref(f)}: eskalacja ${String(f.payload.from)} → ${String(f.payload.to)}`),
    en: (f) => (f.payload.to === 'CRISIS' ? `CRISIS: case ${ref(f)} escalated to crisis` : `Case ${ref(f)}: escalation ${String(f.payload.from)} → ${String(f.payload.to)}`),
  },
  'case.phase-changed': { pl: (f) => `Sprawa ${ref(f)}: faza ${String(f.payload.from)} → ${String(f.payload.to)}`, en: (f) => `Case ${ref(f)}: phase ${String(f.payload.from)} → ${String(f.payload.to)}` },
  'case.participant-added': { pl: (f) => `Twoja organizacja dołączyła do sprawy ${ref(f)}`, en: (f) => `Your organisation joined case ${ref(f)}` },
  'case.participant-rebased': {
    pl: (f) => `Sprawa ${ref(f)}: udział organizacji opiera się teraz na decyzji koordynatora`,
    en: (f) => `Case ${ref(f)}: an organisation now takes part on the coordinator’s authority`,
  },
  'case.participant-removed': { pl: (f) => `Zmiana uczestników sprawy ${ref(f)}`, en: (f) => `Participants of case ${ref(f)} changed` },
  'case.closed': { pl: (f) => `Sprawa ${ref(f)} zamknięta`, en: (f) => `Case ${ref(f)} closed` },
  'case.reopened': { pl: (f) => `Sprawa ${ref(f)} wznowiona`, en: (f) => `Case ${ref(f)} reopened` },
  'indicator.measurement-due': { pl: (f) => `Czas na pomiar wskaźnika w sprawie ${ref(f)}`, en: (f) => `A measurement is due on case ${ref(f)}` },
  'agreement.expiring': {
    pl: (f) => `Porozumienie o partnerstwie wygasa za ${String(f.payload.daysBefore)} dni (ostatni dzień: ${String(f.payload.validTo)}); bez nowego porozumienia udział w sprawach zostanie zawieszony`,
    en: (f) => `A partnership agreement expires in ${String(f.payload.daysBefore)} days (last day: ${String(f.payload.validTo)}); without a new agreement, participation in cases will be suspended`,
  },
  'webhook.disabled': { pl: () => 'Webhook Twojej organizacji został wyłączony po powtarzających się błędach', en: () => 'Your organisation’s webhook was disabled after repeated failures' },
};

/** What a notification says once its recipient may no longer read what it was about: no title, reference or link. */
export const NO_LONGER_ACCESSIBLE: Record<Locale, string> = {
  pl: 'Ta pozycja nie jest już dla Ciebie dostępna.',
  en: 'This item is no longer accessible to you.',
};

export function notificationTitle(facts: NotificationFacts, locale: Locale): string {
  if (facts.accessible === false) return NO_LONGER_ACCESSIBLE[locale];
  const render = TITLES[facts.type]?.[locale];
  return (render ? render(facts) : facts.type).replace(/\s+/g, ' ').replace(/ \(\)/g, '').trim();
}

/** The link a person follows to see the case (the web client's route). */
export function caseLink(publicUrl: string, caseId: string | null): string | null {
  return caseId ? `${publicUrl.replace(/\/$/, '')}/cases/${caseId}` : null;
}
