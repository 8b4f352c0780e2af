import { defineMessages, escapeHtml, type Locale } from '@cg/shared/domain';
import { caseLink, notificationTitle, type NotificationFacts } from '../messages';

/**
 * E-mail templates, Polish and English, each with a text and an HTML part. What they may show: the
 * recipient's own name, case reference and title, task title and the event's title. Never anything about
 * stakeholders. Everything interpolated into HTML goes through `escapeHtml`.
 */

export interface MailRecipient {
  displayName: string;
  locale: Locale;
  /** IANA zone; an unknown one falls back to Europe/Warsaw. */
  timeZone: string;
}

/** One notification as an e-mail shows it. */
export interface MailItem extends NotificationFacts {
  caseId: string | null;
  /** When the event happened. */
  at: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

/** Building an Intl formatter costs far more than using one: each is built once per locale, zone and shape. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions, shape: string): Intl.DateTimeFormat | null {
  const key = `${locale}|${options.timeZone ?? ''}|${shape}`;
  let found = formatters.get(key);
  if (found === undefined) {
    try {
      found = new Intl.DateTimeFormat(locale, options);
    } catch {
      found = null; // an unknown time zone
    }
    if (formatters.size > 1000) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  return formatter('en', { timeZone }, 'zone') ? timeZone : DEFAULT_TIME_ZONE;
}

const INTL_LOCALE: Record<Locale, string> = { pl: 'pl-PL', en: 'en-GB' };

const POLISH_PLURALS = new Intl.PluralRules('pl-PL');
const polishNotifications = (n: number): string => {
  const form = POLISH_PLURALS.select(n);
  return `${n} ${form === 'one' ? 'powiadomienie' : form === 'few' ? 'powiadomienia' : 'powiadomień'}`;
};
const englishNotifications = (n: number): string => `${n} ${n === 1 ? 'notification' : 'notifications'}`;

/** The words of the e-mails around the notifications' titles; the Polish ones type the English (`defineMessages`). */
export const EMAIL_TEXTS = defineMessages({
  pl: {
    greeting: (name: string) => `Dzień dobry, ${name},`,
    case: 'Sprawa',
    task: 'Zadanie',
    when: 'Kiedy',
    openCase: 'Otwórz sprawę',
    noCase: 'Poza sprawami',
    digestSubject: (day: string, count: number) => `CommonGround: podsumowanie dnia ${day} (${polishNotifications(count)})`,
    digestIntro: (count: number, timeZone: string) => `Od ostatniego podsumowania: ${polishNotifications(count)}, według spraw (godziny w strefie ${timeZone}).`,
    andMore: (count: number) => `…oraz ${polishNotifications(count)} więcej, do przeczytania w CommonGround.`,
    footer: 'Otrzymujesz tę wiadomość jako użytkownik CommonGround.',
    preferences:
      'To, które powiadomienia dostajesz e-mailem — od razu, w dziennym podsumowaniu albo wcale — zmienisz w CommonGround, w ustawieniach powiadomień. Powiadomień o eskalacji sprawy (zwłaszcza do poziomu kryzysowego) nie można wyłączyć.',
    automatic: 'Wiadomość wysłana automatycznie; prosimy na nią nie odpowiadać.',
  },
  en: {
    greeting: (name) => `Hello ${name},`,
    case: 'Case',
    task: 'Task',
    when: 'When',
    openCase: 'Open the case',
    noCase: 'Not about a case',
    digestSubject: (day, count) => `CommonGround daily digest, ${day} (${englishNotifications(count)})`,
    digestIntro: (count, timeZone) => `Since your last digest: ${englishNotifications(count)}, by case (times in ${timeZone}).`,
    andMore: (count) => `…and ${englishNotifications(count)} more, to read in CommonGround.`,
    footer: 'You receive this e-mail as a CommonGround user.',
    preferences:
      'You choose which notifications reach you by e-mail — immediately, in a daily digest, or not at all — in CommonGround, under your notification preferences. Alerts about a case’s escalation (to crisis above all) cannot be turned off.',
    automatic: 'This message was sent automatically; please do not reply to it.',
  },
});

type Texts = (typeof EMAIL_TEXTS)[Locale];

function formatMoment(at: Date, recipient: MailRecipient, withDate: 'long' | 'short'): string {
  const options: Intl.DateTimeFormatOptions =
    withDate === 'long'
      ? { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  const timeZone = safeTimeZone(recipient.timeZone);
  return formatter(INTL_LOCALE[recipient.locale], { ...options, hourCycle: 'h23', timeZone }, withDate)!.format(at);
}

/** A calendar day (YYYY-MM-DD) written out in the recipient's language. */
export function formatDay(day: string, locale: Locale): string {
  return formatter(INTL_LOCALE[locale], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }, 'day')!.format(new Date(`${day}T12:00:00Z`));
}

function caseLabel(item: Pick<MailItem, 'caseReference' | 'caseTitle'>): string {
  return [item.caseReference, item.caseTitle].filter(Boolean).join(' — ');
}

function homeLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/`;
}

function textFooter(t: Texts, publicUrl: string): string {
  return ['-- ', t.footer, t.preferences, homeLink(publicUrl), t.automatic].join('\n');
}

function htmlDocument(locale: Locale, subject: string, body: string, t: Texts, publicUrl: string): string {
  const home = homeLink(publicUrl);
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>' + escapeHtml(subject) + '</title></head>',
    '<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;background:#ffffff">',
    body,
    '<hr style="border:none;border-top:1px solid #d9dee3;margin:24px 0 12px">',
    `<p style="font-size:12px;color:#5f6b76">${escapeHtml(t.footer)} ${escapeHtml(t.preferences)} <a href="${escapeHtml(home)}">${escapeHtml(home)}</a></p>`,
    `<p style="font-size:12px;color:#5f6b76">${escapeHtml(t.automatic)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
}

function htmlLink(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="color:#0b5cad">${escapeHtml(label)}</a>`;
}

/** The e-mail for one notification, sent at once. */
export function immediateMail(recipient: MailRecipient, item: MailItem, publicUrl: string): RenderedMail {
  const t = EMAIL_TEXTS[recipient.locale] ?? EMAIL_TEXTS.pl;
  const subject = notificationTitle(item, recipient.locale);
  const link = caseLink(publicUrl, item.caseId);
  const when = formatMoment(item.at, recipient, 'long');
  const facts: [string, string][] = [];
  const label = caseLabel(item);
  if (label) facts.push([t.case, label]);
  if (item.taskTitle) facts.push([t.task, item.taskTitle]);
  facts.push([t.when, when]);

  const text = [
    t.greeting(recipient.displayName),
    '',
    subject,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(link ? ['', `${t.openCase}: ${link}`] : []),
    '',
    textFooter(t, publicUrl),
    '',
  ].join('\n');

  const body = [
    `<p>${escapeHtml(t.greeting(recipient.displayName))}</p>`,
    `<h1 style="font-size:18px;margin:16px 0">${escapeHtml(subject)}</h1>`,
    '<table role="presentation" style="border-collapse:collapse">',
    ...facts.map(([k, v]) => `<tr><td style="padding:2px 12px 2px 0;color:#5f6b76">${escapeHtml(k)}</td><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...(link ? [`<p style="margin-top:20px">${htmlLink(link, t.openCase)}</p>`] : []),
  ].join('\n');

  return { subject, text, html: htmlDocument(recipient.locale, subject, body, t, publicUrl) };
}

interface CaseGroup {
  caseId: string | null;
  label: string;
  link: string | null;
  items: MailItem[];
}

function groupByCase(items: MailItem[], publicUrl: string): CaseGroup[] {
  const groups = new Map<string, CaseGroup>();
  for (const item of items) {
    const key = item.caseId ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { caseId: item.caseId, label: caseLabel(item), link: caseLink(publicUrl, item.caseId), items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    if (a.caseId === null || b.caseId === null) return a.caseId === null ? (b.caseId === null ? 0 : 1) : -1;
    return a.label.localeCompare(b.label);
  });
  for (const group of ordered) group.items.sort((a, b) => a.at.getTime() - b.at.getTime());
  return ordered;
}

/**
 * The daily digest: everything since the last one, grouped by case reference, each item with its title
 * and time in the recipient's time zone. `more` counts items left out of a very long digest.
 */
export function digestMail(recipient: MailRecipient, day: string, items: MailItem[], publicUrl: string, more = 0): RenderedMail {
  const t = EMAIL_TEXTS[recipient.locale] ?? EMAIL_TEXTS.pl;
  const count = items.length + more;
  const subject = t.digestSubject(formatDay(day, recipient.locale), count);
  const intro = t.digestIntro(count, safeTimeZone(recipient.timeZone));
  const groups = groupByCase(items, publicUrl);
  const heading = (g: CaseGroup) => g.label || t.noCase;

  const text = [
    t.greeting(recipient.displayName),
    '',
    intro,
    ...groups.flatMap((g) => [
      '',
      heading(g),
      ...(g.link ? [g.link] : []),
      ...g.items.map((item) => `  - ${formatMoment(item.at, recipient, 'short')}  ${notificationTitle(item, recipient.locale)}`),
    ]),
    ...(more > 0 ? ['', t.andMore(more)] : []),
    '',
    textFooter(t, publicUrl),
    '',
  ].join('\n');

  const body = [
    `<p>${escapeHtml(t.greeting(recipient.displayName))}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...groups.flatMap((g) => [
      `<h2 style="font-size:16px;margin:20px 0 6px">${g.link ? htmlLink(g.link, heading(g)) : escapeHtml(heading(g))}</h2>`,
      '<ul style="margin:0;padding-left:20px">',
      ...g.items.map(
        (item) =>
          `<li><span style="color:#5f6b76">${escapeHtml(formatMoment(item.at, recipient, 'short'))}</span> ${escapeHtml(notificationTitle(item, recipient.locale))}</li>`,
      ),
      '</ul>',
    ]),
    ...(more > 0 ? [`<p>${escapeHtml(t.andMore(more))}</p>`] : []),
  ].join('\n');

  return { subject, text, html: htmlDocument(recipient.locale, subject, body, t, publicUrl) };
}
