import { messageProblems, NOTIFIABLE_EVENTS } from '@cg/shared/domain';
import { NOTIFICATION_MESSAGES, notificationTitle, type NotificationFacts } from './messages';
import { digestMail, EMAIL_TEXTS, immediateMail, type MailItem } from './email/templates';

/** English quotation: no „ at all, and every ” closes a “ (a „…” pair is Polish). */
function englishQuotes(text: string): boolean {
  let open = 0;
  for (const ch of text) {
    if (ch === '„') return false;
    if (ch === '“') open++;
    if (ch === '”' && open-- <= 0) return false;
  }
  return true;
}

const facts = (type: string): NotificationFacts => ({
  type,
  payload: { from: 'NORMAL', to: 'CRISIS', caseId: 'c' },
  caseReference: 'LEG/2026/0001',
  caseTitle: 'Napięcia na osiedlu',
  taskTitle: 'Spotkanie z mieszkańcami',
});

describe('notification texts', () => {
  it('have every key in both languages: titles, notices and the words of the e-mails', () => {
    expect(messageProblems(NOTIFICATION_MESSAGES.TITLES)).toEqual([]);
    expect(messageProblems(NOTIFICATION_MESSAGES.NOTICES)).toEqual([]);
    expect(messageProblems(EMAIL_TEXTS)).toEqual([]);
  });

  it('title every notifiable event in its own words, not by its type', () => {
    for (const locale of ['pl', 'en'] as const) {
      expect(NOTIFIABLE_EVENTS.filter((type) => notificationTitle(facts(type), locale) === type)).toEqual([]);
    }
    expect(notificationTitle({ ...facts('task.overdue'), accessible: false }, 'en')).toBe('This item is no longer accessible to you.');
  });

  it('quote task titles the English way in English and the Polish way in Polish, for every event type', () => {
    const english = NOTIFIABLE_EVENTS.map((type) => notificationTitle(facts(type), 'en'));
    expect(english.filter((title) => !englishQuotes(title))).toEqual([]);
    expect(notificationTitle(facts('task.overdue'), 'en')).toBe('Task “Spotkanie z mieszkańcami” is overdue (LEG/2026/0001)');
    expect(notificationTitle(facts('task.overdue'), 'pl')).toBe('Zadanie „Spotkanie z mieszkańcami” jest po terminie (LEG/2026/0001)');
  });

  it('write English e-mails, immediate and digest, without Polish quotation marks', () => {
    const recipient = { displayName: 'Anna', locale: 'en' as const, timeZone: 'Europe/Warsaw' };
    const items: MailItem[] = NOTIFIABLE_EVENTS.map((type) => ({ ...facts(type), caseId: 'c', at: new Date('2026-11-20T10:00:00Z') }));
    for (const item of items) {
      const mail = immediateMail(recipient, item, 'http://127.0.0.1:3000');
      expect([mail.subject, mail.text, mail.html].filter((part) => !englishQuotes(part))).toEqual([]);
    }
    const digest = digestMail(recipient, '2026-11-20', items, 'http://127.0.0.1:3000', 3);
    expect([digest.subject, digest.text, digest.html].filter((part) => !englishQuotes(part))).toEqual([]);
  });
});
