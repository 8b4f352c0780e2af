import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { DigestHandler, EmailHandler, localClock, MailService } from '@cg/server/notifications';
import type { JobContext } from '@cg/server/jobs';
import { eventually, Fixtures } from '@cg/server/testing';
import { startWorker, type TestWorker } from './start';

const PUBLIC_URL = 'https://commonground.example.test';
const CONTACT = 'tel. 600 100 200';
const STAKEHOLDER_NAME = 'Zdzisław Sąsiedzki';
const STAKEHOLDER_NOTES = 'mieszka pod siódemką, konflikt z zarządcą';
const OCCURRED = '2026-03-10T13:05:00Z';

const context: JobContext = { jobId: 'test', attempt: 1, maxAttempts: 1, progress: async () => undefined };

// ---------------------------------------------------------------------------------------------------------
// A minimal MIME reader (mailparser is not installed): headers, encoded words, multipart, QP and base64.

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

interface Received {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
  html: string;
  /** Every decoded part and header, to search for what must never appear. */
  decoded: string;
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QB]\?[^?]*\?=)\s+(?==\?)/gi, '$1')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = [];
  const input = value.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    const hex = input.slice(i + 1, i + 3);
    if (input[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(input[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseEntity(raw: string): MimePart[] {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    return [{ headers, body: '' }, ...parts.filter((p) => !p.startsWith('--')).flatMap((p) => parseEntity(p.replace(/^\r\n/, '')))];
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  return [{ headers, body: decoded }];
}

function readMessage(raw: string, from: string, to: string[]): Received {
  const parts = parseEntity(raw);
  const top = parts[0]!.headers;
  const part = (type: string) => parts.find((p) => (p.headers.get('content-type') ?? '').toLowerCase().startsWith(type))?.body ?? '';
  const subject = decodeWords(top.get('subject') ?? '');
  const text = part('text/plain');
  const html = part('text/html');
  const headerText = [...top.entries()].map(([k, v]) => `${k}: ${decodeWords(v)}`).join('\n');
  return { from, to, raw, subject, text, html, decoded: [headerText, text, html].join('\n') };
}

// ---------------------------------------------------------------------------------------------------------

describe('e-mail notifications: immediate and daily digest, in Polish and English, through a real SMTP server', () => {
  let worker: TestWorker;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let fixtures: Fixtures;
  let smtp: SMTPServer;
  const inbox: Received[] = [];
  /** Messages to `held.…` addresses wait in DATA (not yet accepted) until released. */
  const held = { arrived: 0, release: Promise.resolve() };

  let police: Awaited<ReturnType<Fixtures['organisation']>>;
  let anna: Awaited<ReturnType<Fixtures['user']>>;
  let john: Awaited<ReturnType<Fixtures['user']>>;
  let caseA: { id: string; reference: string; title: string };
  let caseB: { id: string; reference: string; title: string };
  let taskId: string;

  async function createCase(reference: string, title: string, coordinatorId: string): Promise<{ id: string; reference: string; title: string }> {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO cases (id, reference, title, type, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, $3, 'LOCAL_CONFLICT', 'Piaski', $4, $5)`, [
      id,
      reference,
      title,
      police.id,
      coordinatorId,
    ]);
    await dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD')`, [id, police.id]);
    // Personal data of a stakeholder: it must never reach an e-mail.
    await dataSource.query(`INSERT INTO stakeholders (case_id, name, triangle_role, interests, contact_details, notes) VALUES ($1, $2, 'VICTIM', 'spokój w nocy', $3, $4)`, [
      id,
      STAKEHOLDER_NAME,
      CONTACT,
      STAKEHOLDER_NOTES,
    ]);
    return { id, reference, title };
  }

  /** A notification of a new event (or of `eventId`, for an event with several recipients); returns its id. */
  async function notify(userId: string, type: string, payload: Record<string, unknown>, mode: 'IMMEDIATE' | 'DIGEST', occurredAt = OCCURRED, eventId = randomUUID()): Promise<string> {
    const [row]: { id: string }[] = await dataSource.query(
      `INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [eventId, userId, type, typeof payload.caseId === 'string' ? payload.caseId : null, payload, mode, occurredAt],
    );
    return row!.id;
  }

  /** Runs the e-mail job of the event a notification belongs to. */
  async function emailJob(notificationId: string) {
    const [row]: { event_id: string }[] = await dataSource.query('SELECT event_id FROM notifications WHERE id = $1', [notificationId]);
    return app.get(EmailHandler).handle({ eventId: row?.event_id ?? randomUUID() }, context);
  }

  async function emailedAt(id: string): Promise<Date | null> {
    const [row]: { emailed_at: Date | null }[] = await dataSource.query('SELECT emailed_at FROM notifications WHERE id = $1', [id]);
    return row?.emailed_at ?? null;
  }

  const sentTo = (email: string) => inbox.filter((m) => m.to.includes(email));

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('rejected.')) {
          const error = Object.assign(new Error(`<${address.address}>: Recipient address rejected`), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const accept = () => {
            inbox.push(readMessage(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address)));
            callback();
          };
          if (!session.envelope.rcptTo.some((r) => r.address.startsWith('held.'))) return accept();
          held.arrived++;
          void held.release.then(accept);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (smtp.server.address() as { port: number }).port;

    worker = await startWorker({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'powiadomienia@commonground.example.test',
      PUBLIC_URL: PUBLIC_URL,
      OUTBOX_RELAY: 'off',
    });
    ({ app, dataSource } = worker);
    fixtures = new Fixtures(dataSource);

    police = await fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    anna = await fixtures.user(police, [Role.COORDINATOR], { displayName: 'Anna Kowalska', locale: 'pl' });
    john = await fixtures.user(police, [Role.STAFF], { displayName: 'John Smith', locale: 'en', timeZone: 'Europe/London' });
    caseA = await createCase(`LEG/2026/${randomBytes(2).toString('hex')}`, 'Hałas & <graffiti> przy "Parkowej"', anna.id);
    caseB = await createCase(`AAA/2026/${randomBytes(2).toString('hex')}`, 'Spór sąsiedzki na Zegrzyńskiej', anna.id);
    taskId = randomUUID();
    await dataSource.query(
      `INSERT INTO tasks (id, case_id, title, organisation_id, requester_organisation_id, due_date, status) VALUES ($1, $2, 'Spotkanie z mieszkańcami', $3, $3, '2026-03-20', 'ACCEPTED')`,
      [taskId, caseA.id, police.id],
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('sends an immediate e-mail in Polish: subject, greeting, facts, link to the case, text and HTML parts', async () => {
    const id = await notify(anna.id, 'task.assigned', { caseId: caseA.id, taskId }, 'IMMEDIATE');
    await expect(emailJob(id)).resolves.toEqual({ sent: 1 });

    const [mail, ...others] = sentTo(anna.email);
    expect(others).toHaveLength(0);
    expect(mail!.from).toBe('powiadomienia@commonground.example.test');
    expect(mail!.subject).toBe(`Przydzielono Ci zadanie „Spotkanie z mieszkańcami” (${caseA.reference})`);
    expect(mail!.raw).toMatch(/^Content-Type: multipart\/alternative/im);
    const link = `${PUBLIC_URL}/cases/${caseA.id}`;

    expect(mail!.text).toContain('Dzień dobry, Anna Kowalska,');
    expect(mail!.text).toContain(`Sprawa: ${caseA.reference} — ${caseA.title}`);
    expect(mail!.text).toContain('Zadanie: Spotkanie z mieszkańcami');
    expect(mail!.text).toMatch(/Kiedy: 10 marca 2026.*14:05/); // 13:05 UTC in Warsaw
    expect(mail!.text).toContain(`Otwórz sprawę: ${link}`);
    expect(mail!.text).toContain('ustawieniach powiadomień');

    expect(mail!.html).toContain('<html lang="pl">');
    expect(mail!.html).toContain(`<a href="${link}"`);
    expect(mail!.html).toContain('Dzień dobry, Anna Kowalska,');
    expect(mail!.html).toContain('Przydzielono Ci zadanie „Spotkanie z mieszkańcami”');
    // Everything interpolated is escaped.
    expect(mail!.html).toContain('Hałas &amp; &lt;graffiti&gt; przy &quot;Parkowej&quot;');
    expect(mail!.html).not.toContain('<graffiti>');

    expect(await emailedAt(id)).toBeInstanceOf(Date);
  });

  it('sends an immediate e-mail in English, with the time in the person’s time zone', async () => {
    const id = await notify(john.id, 'case.escalated', { caseId: caseA.id, from: 'ELEVATED', to: 'CRISIS' }, 'IMMEDIATE');
    await expect(emailJob(id)).resolves.toEqual({ sent: 1 });

    const [mail, ...others] = sentTo(john.email);
    expect(others).toHaveLength(0);
    expect(mail!.subject).toBe(`CRISIS: case ${caseA.reference} escalated to crisis`);
    expect(mail!.text).toContain('Hello John Smith,');
    expect(mail!.text).toContain(`Case: ${caseA.reference} — ${caseA.title}`);
    expect(mail!.text).toMatch(/When: 10 March 2026.*13:05/); // Europe/London
    expect(mail!.text).toContain(`Open the case: ${PUBLIC_URL}/cases/${caseA.id}`);
    expect(mail!.text).toContain('notification preferences');
    expect(mail!.html).toContain('<html lang="en">');
    expect(mail!.html).toContain(`<a href="${PUBLIC_URL}/cases/${caseA.id}"`);
    expect(mail!.html).toContain(`CRISIS: case ${caseA.reference} escalated to crisis`);
  });

  it('is idempotent: a notification already e-mailed sends nothing, nor does one meant for the digest', async () => {
    const id = await notify(anna.id, 'case.update-posted', { caseId: caseA.id, updateId: randomUUID(), visibility: 'PARTNERS' }, 'IMMEDIATE');
    const before = inbox.length;
    await expect(emailJob(id)).resolves.toEqual({ sent: 1 });
    const first = await emailedAt(id);
    await expect(emailJob(id)).resolves.toEqual({ sent: 0 });
    // Two runs of the same job at once (a stalled job picked up again): still one e-mail.
    const again = await notify(anna.id, 'case.phase-changed', { caseId: caseA.id, from: 'SCANNING', to: 'ANALYSIS' }, 'IMMEDIATE');
    const outcomes = await Promise.all([emailJob(again), emailJob(again)]);
    expect(outcomes.map((o) => o.sent).sort()).toEqual([0, 1]);
    expect(inbox.length).toBe(before + 2);
    expect(await emailedAt(id)).toEqual(first);

    const digestOnly = await notify(john.id, 'case.update-posted', { caseId: caseB.id, updateId: randomUUID(), visibility: 'PARTNERS' }, 'DIGEST');
    await expect(emailJob(digestOnly)).resolves.toEqual({ sent: 0 });
    await expect(app.get(EmailHandler).handle({ eventId: randomUUID() }, context)).resolves.toEqual({ sent: 0 });
    await expect(app.get(EmailHandler).handle({ eventId: 'not-a-uuid' }, context)).resolves.toEqual({ sent: 0 });
    expect(inbox.length).toBe(before + 2);
    expect(await emailedAt(digestOnly)).toBeNull();
    await dataSource.query('DELETE FROM notifications WHERE id = $1', [digestOnly]);
  });

  it('sends each recipient of one event their own e-mail in their own language, and only the unsent ones again after a refusal', async () => {
    const eventId = randomUUID();
    const refused = await fixtures.user(police, [Role.STAFF], { email: `rejected.${randomBytes(3).toString('hex')}@example.test` });
    const payload = { caseId: caseA.id, from: 'ELEVATED', to: 'CRISIS' };
    const toAnna = await notify(anna.id, 'case.escalated', payload, 'IMMEDIATE', OCCURRED, eventId);
    const toJohn = await notify(john.id, 'case.escalated', payload, 'IMMEDIATE', OCCURRED, eventId);
    const toRefused = await notify(refused.id, 'case.escalated', payload, 'IMMEDIATE', OCCURRED, eventId);
    const before = inbox.length;
    const error = await emailJob(toAnna).then(
      () => null,
      (e: Error) => e,
    );
    // The job fails (to be retried) without naming the address; the two accepted messages are recorded as sent.
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).not.toContain('@');
    const fresh = inbox.slice(before);
    expect(fresh.map((m) => m.to[0]).sort()).toEqual([anna.email, john.email].sort());
    expect(fresh.find((m) => m.to[0] === anna.email)!.subject).toBe(`KRYZYS: sprawa ${caseA.reference} podniesiona do poziomu kryzysowego`);
    expect(fresh.find((m) => m.to[0] === john.email)!.subject).toBe(`CRISIS: case ${caseA.reference} escalated to crisis`);
    expect(await emailedAt(toAnna)).toBeInstanceOf(Date);
    expect(await emailedAt(toJohn)).toBeInstanceOf(Date);
    expect(await emailedAt(toRefused)).toBeNull();
    // The retry tries only the refused one again.
    await expect(emailJob(toAnna)).rejects.toBeInstanceOf(Error);
    expect(inbox.length).toBe(before + 2);
    await dataSource.query('DELETE FROM notifications WHERE event_id = $1', [eventId]);
  });

  it('records each message as sent as soon as the server accepts it, not when the whole batch is done; each carries the Message-ID of its notification', async () => {
    const eventId = randomUUID();
    const slow = await fixtures.user(police, [Role.STAFF], { email: `held.${randomBytes(3).toString('hex')}@example.test`, locale: 'en' });
    const payload = { caseId: caseA.id, from: 'NORMAL', to: 'ELEVATED' };
    const toAnna = await notify(anna.id, 'case.escalated', payload, 'IMMEDIATE', OCCURRED, eventId);
    const toSlow = await notify(slow.id, 'case.escalated', payload, 'IMMEDIATE', OCCURRED, eventId);
    let release = () => undefined as void;
    held.release = new Promise<void>((resolve) => (release = resolve));
    held.arrived = 0;
    const before = inbox.length;
    const job = emailJob(toAnna);
    try {
      // One message accepted, the other still with the server: the first is recorded already. A worker dying now (or
      // PostgreSQL failing) repeats only the second, which was not accepted yet.
      await eventually('the first message to be recorded while the second is held', async () => held.arrived === 1 && (await emailedAt(toAnna)) !== null, 30_000);
      expect(await emailedAt(toSlow)).toBeNull();
    } finally {
      release();
    }
    await expect(job).resolves.toEqual({ sent: 2 });
    expect(await emailedAt(toSlow)).toBeInstanceOf(Date);
    const messageId = (m: Received) => /^Message-ID:\s*(.+)$/im.exec(m.raw)?.[1]?.trim();
    const fresh = inbox.slice(before);
    expect(fresh.map((m) => [m.to[0], messageId(m)]).sort()).toEqual(
      [
        [anna.email, `<notification.${toAnna}@commonground.example.test>`],
        [slow.email, `<notification.${toSlow}@commonground.example.test>`],
      ].sort(),
    );
    // Sent again (its record lost): the same Message-ID, so that a mail client can drop the repeat.
    await dataSource.query('UPDATE notifications SET emailed_at = NULL WHERE id = $1', [toAnna]);
    await expect(emailJob(toAnna)).resolves.toEqual({ sent: 1 });
    expect(messageId(inbox.at(-1)!)).toBe(`<notification.${toAnna}@commonground.example.test>`);
    await dataSource.query('DELETE FROM notifications WHERE event_id = $1', [eventId]);
  });

  it('leaves a refused e-mail to be retried, and the error names no address', async () => {
    const refused = await fixtures.user(police, [Role.STAFF], { email: `rejected.${randomBytes(3).toString('hex')}@example.test` });
    const id = await notify(refused.id, 'task.overdue', { caseId: caseA.id, taskId }, 'IMMEDIATE');
    const error = await emailJob(id).then(
        () => null,
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).not.toContain('@');
    expect(error!.message).not.toContain('rejected.');
    expect(await emailedAt(id)).toBeNull();
    await dataSource.query('DELETE FROM notifications WHERE id = $1', [id]);
  });

  it('sends one daily digest per person and day, grouped by case, in the person’s language', async () => {
    const ewa = await fixtures.user(police, [Role.STAFF], { displayName: 'Ewa Nowak', locale: 'pl' });
    const posted = await notify(ewa.id, 'case.update-posted', { caseId: caseA.id, updateId: randomUUID(), visibility: 'PARTNERS' }, 'DIGEST', '2026-03-10T08:30:00Z');
    const overdue = await notify(ewa.id, 'task.overdue', { caseId: caseA.id, taskId }, 'DIGEST', '2026-03-10T06:00:00Z');
    const phase = await notify(ewa.id, 'case.phase-changed', { caseId: caseB.id, from: 'ANALYSIS', to: 'RESPONSE' }, 'DIGEST', '2026-03-10T16:45:00Z');
    const handler = app.get(DigestHandler);

    const result = await handler.handle({ day: '2026-03-11' }, context);
    expect(result).toMatchObject({ sent: 1, notifications: 3, failed: 0 });
    const digests = sentTo(ewa.email);
    expect(digests).toHaveLength(1);
    const mail = digests[0]!;
    expect(mail.subject).toBe('CommonGround: podsumowanie dnia 11 marca 2026 (3 powiadomienia)');
    expect(mail.text).toContain('Dzień dobry, Ewa Nowak,');
    // Grouped by case reference (AAA/… before LEG/…), each item with its title and local time.
    const b = mail.text.indexOf(`${caseB.reference} — ${caseB.title}`);
    const a = mail.text.indexOf(`${caseA.reference} — ${caseA.title}`);
    expect(b).toBeGreaterThan(0);
    expect(a).toBeGreaterThan(b);
    const itemB = mail.text.indexOf(`Sprawa ${caseB.reference}: faza ANALYSIS → RESPONSE`);
    const itemOverdue = mail.text.indexOf(`Zadanie „Spotkanie z mieszkańcami” jest po terminie (${caseA.reference})`);
    const itemPosted = mail.text.indexOf(`Nowy wpis w sprawie ${caseA.reference}`);
    expect(b < itemB && itemB < a && a < itemOverdue && itemOverdue < itemPosted).toBe(true);
    expect(mail.text).toMatch(/10 mar.*07:00 {2}Zadanie „Spotkanie z mieszkańcami” jest po terminie/);
    expect(mail.text).toMatch(/10 mar.*17:45 {2}Sprawa/);
    expect(mail.text).toContain(`${PUBLIC_URL}/cases/${caseA.id}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/cases/${caseB.id}`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/cases/${caseA.id}"`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/cases/${caseB.id}"`);
    expect(mail.html).toContain('Hałas &amp; &lt;graffiti&gt;');
    expect(mail.html).toContain('Zadanie „Spotkanie z mieszkańcami” jest po terminie');
    for (const id of [posted, overdue, phase]) expect(await emailedAt(id)).toBeInstanceOf(Date);

    // Again the same day, even with something new: still one digest; the new item waits for the next day.
    const later = await notify(ewa.id, 'case.closed', { caseId: caseB.id }, 'DIGEST', '2026-03-11T10:00:00Z');
    await expect(handler.handle({ day: '2026-03-11' }, context)).resolves.toMatchObject({ sent: 0 });
    await expect(handler.handle({ day: '2026-03-11' }, context)).resolves.toMatchObject({ sent: 0 });
    expect(sentTo(ewa.email)).toHaveLength(1);
    expect(await emailedAt(later)).toBeNull();
    const [row]: { n: number; count: number }[] = await dataSource.query(`SELECT count(*)::int AS n, max(notification_count) AS count FROM digests WHERE user_id = $1 AND day = '2026-03-11'`, [ewa.id]);
    expect(row).toEqual({ n: 1, count: 3 });

    await expect(handler.handle({ day: '2026-03-12' }, context)).resolves.toMatchObject({ sent: 1, notifications: 1 });
    const next = sentTo(ewa.email);
    expect(next).toHaveLength(2);
    expect(next[1]!.subject).toBe('CommonGround: podsumowanie dnia 12 marca 2026 (1 powiadomienie)');
    expect(next[1]!.text).toContain(`Sprawa ${caseB.reference} zamknięta`);
    expect(next[1]!.text).not.toContain('jest po terminie');
  });

  it('sends the digest in English, and only once the person’s local time has reached 07:00', async () => {
    // Whole-hour zones cover every hour of the day: one where it is still night, one where the day has begun.
    const now = new Date();
    const zones = Array.from({ length: 27 }, (_, i) => i - 12).map((offset) => (offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`));
    const night = zones.find((z) => [1, 2, 3, 4, 5].includes(localClock(now, z).hour))!;
    const day = zones.find((z) => localClock(now, z).hour >= 8 && localClock(now, z).hour <= 22)!;
    const sleeper = await fixtures.user(police, [Role.STAFF], { displayName: 'Night Owl', locale: 'en', timeZone: night });
    const early = await fixtures.user(police, [Role.STAFF], { displayName: 'Early Bird', locale: 'en', timeZone: day });
    const forSleeper = await notify(sleeper.id, 'task.due-soon', { caseId: caseA.id, taskId }, 'DIGEST');
    await notify(early.id, 'task.due-soon', { caseId: caseA.id, taskId }, 'DIGEST');
    await notify(early.id, 'case.input-submitted', { caseId: caseA.id, inputId: randomUUID() }, 'DIGEST');

    await expect(app.get(DigestHandler).handle({}, context)).resolves.toMatchObject({ sent: 1, notifications: 2 });
    expect(sentTo(sleeper.email)).toHaveLength(0);
    expect(await emailedAt(forSleeper)).toBeNull();
    const [mail, ...others] = sentTo(early.email);
    expect(others).toHaveLength(0);
    expect(mail!.subject).toMatch(/^CommonGround daily digest, \d{1,2} [A-Z][a-z]+ \d{4} \(2 notifications\)$/);
    expect(mail!.text).toContain('Hello Early Bird,');
    expect(mail!.text).toContain(`Since your last digest: 2 notifications, by case (times in ${day}).`);
    expect(mail!.text).toContain(`Task “Spotkanie z mieszkańcami” is due within a day (${caseA.reference})`);
    expect(mail!.text).toContain(`New partner input on case ${caseA.reference}`);
    expect(mail!.html).toContain('<html lang="en">');
    const [digest]: { day: string }[] = await dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM digests WHERE user_id = $1`, [early.id]);
    expect(digest!.day).toBe(localClock(now, day).day);
    await dataSource.query('DELETE FROM notifications WHERE id = $1', [forSleeper]);
  });

  it('never puts a stakeholder’s personal data in any e-mail', () => {
    expect(inbox.length).toBeGreaterThanOrEqual(7);
    for (const mail of inbox) {
      for (const secret of [CONTACT, '600 100 200', '600100200', STAKEHOLDER_NAME, 'Sąsiedzki', STAKEHOLDER_NOTES, 'siódemką', 'spokój w nocy']) {
        expect(mail.decoded).not.toContain(secret);
        expect(mail.raw).not.toContain(secret);
      }
    }
  });

  it('writes .eml files when no SMTP server is configured, logging the file name (at debug level) and nothing personal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cg-mail-'));
    // One line per e-mail, at debug level (routine: the demo alone writes dozens).
    const spy = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const service = new MailService(loadConfig({ ...process.env, SMTP_URL: '', MAIL_DIR: dir }));
      const sent = await service.send({ to: 'ktos@example.test', subject: 'Próba', text: 'Treść próbna', html: '<p>Treść próbna</p>' });
      service.onModuleDestroy();
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      expect(sent.file).toBe(join(dir, files[0]!));
      const eml = readMessage(await readFile(join(dir, files[0]!), 'utf8'), '', []);
      expect(eml.subject).toBe('Próba');
      expect(eml.text).toContain('Treść próbna');
      const logged = JSON.stringify(spy.mock.calls);
      expect(logged).toContain(files[0]);
      expect(JSON.stringify(info.mock.calls)).not.toContain(files[0]);
      expect(logged).not.toContain('ktos@example.test');
      expect(logged).not.toContain('Próba');
      expect(logged).not.toContain('Treść');
    } finally {
      spy.mockRestore();
      info.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('renders in a digest only what the person may read when it goes out: a case its organisation left is no longer accessible', async () => {
    const town = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    const piotr = await fixtures.user(town, [Role.STAFF], { displayName: 'Piotr Zieliński', locale: 'pl' });
    await dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER')`, [caseA.id, town.id]);
    await dataSource.query('UPDATE tasks SET organisation_id = $2 WHERE id = $1', [taskId, town.id]);
    await notify(piotr.id, 'task.overdue', { caseId: caseA.id, taskId }, 'DIGEST', '2026-04-01T06:00:00Z');
    await notify(piotr.id, 'case.update-posted', { caseId: caseA.id, updateId: randomUUID(), visibility: 'PARTNERS' }, 'DIGEST', '2026-04-01T07:00:00Z');
    await notify(piotr.id, 'webhook.disabled', { endpointId: randomUUID() }, 'DIGEST', '2026-04-01T08:00:00Z');
    // The organisation leaves the case between the events and the digest.
    await dataSource.query('DELETE FROM case_participants WHERE case_id = $1 AND organisation_id = $2', [caseA.id, town.id]);
    await dataSource.query('UPDATE tasks SET organisation_id = $2 WHERE id = $1', [taskId, police.id]);

    await app.get(DigestHandler).handle({ day: '2026-04-02' }, context);
    const [mail] = sentTo(piotr.email);
    expect(mail).toBeDefined();
    expect(mail!.text.split('Ta pozycja nie jest już dla Ciebie dostępna.')).toHaveLength(3);
    expect(mail!.text).toContain('Webhook Twojej organizacji został wyłączony');
    for (const leaked of [caseA.reference, 'Hałas', 'Spotkanie z mieszkańcami', `/cases/${caseA.id}`]) expect(mail!.decoded).not.toContain(leaked);
  });
});
