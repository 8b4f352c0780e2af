import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { JobsService } from '@cg/server/jobs';
import { eventually, Fixtures, LogCapture } from '@cg/server/testing';
import { startWorker, type TestWorker } from './start';

interface Line {
  level: number;
  msg: string;
  service?: string;
  job?: string;
  jobId?: string;
  requestId?: string;
  [key: string]: unknown;
}

/**
 * The worker's log lines, as it writes them to stdout: the logger configuration the API has (redaction included),
 * and every line about a job carrying the job and the request id of the change that caused it, passed on from the
 * outbox event to the fan-out and from the fan-out to the e-mails.
 */
describe('the worker logs', () => {
  const logs = new LogCapture();
  let worker: TestWorker;
  let dataSource: DataSource;
  let fixtures: Fixtures;
  let mailDir: string;
  const lines = (): Line[] => logs.lines.map((line) => JSON.parse(line) as Line);

  beforeAll(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'cg-job-logs-'));
    worker = await startWorker({ LOG_LEVEL: 'debug', MAIL_DIR: mailDir, OUTBOX_RELAY: 'on' }, logs);
    dataSource = worker.app.get(DataSource);
    fixtures = new Fixtures(dataSource);
  });
  afterAll(async () => {
    await worker?.stop();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('holds back secrets and personal details, as the API does', () => {
    const from = logs.lines.length;
    new Logger('Probe').warn(
      { email: 'jan.kowalczyk@example.test', token: 'tok-3f9a1c', user: { phone: '600 123 457', contactDetails: 'ul. Lipowa 7' }, headers: { authorization: 'Bearer tok-3f9a1c' } },
      'a line with things it must not show',
    );
    const text = logs.lines.slice(from).join('\n');
    expect(text).toContain('a line with things it must not show');
    for (const secret of ['jan.kowalczyk', 'tok-3f9a1c', '600 123 457', 'Lipowa']) expect(text).not.toContain(secret);
    const [line] = lines().slice(from);
    expect(line).toMatchObject({ service: 'worker', context: 'Probe', email: '[redacted]', token: '[redacted]', user: { phone: '[redacted]', contactDetails: '[redacted]' }, headers: { authorization: '[redacted]' } });
  });

  it("logs a failed SQL statement as one of its JSON lines: the statement's text, never its values nor PostgreSQL's detail", async () => {
    const organisation = await fixtures.organisation();
    const [first, second] = [await fixtures.user(organisation, [Role.STAFF]), await fixtures.user(organisation, [Role.STAFF])];
    const from = logs.lines.length;
    await expect(dataSource.query('UPDATE users SET email = $1 WHERE id = $2', [first.email, second.id])).rejects.toThrow(/uq_users_email/);
    const text = logs.lines.slice(from).join('\n');
    expect(text).not.toContain(first.email);
    const failed = lines().slice(from).find((line) => line.msg === 'query failed');
    expect(failed).toMatchObject({ service: 'worker', context: 'TypeORM', query: 'UPDATE users SET email = $1 WHERE id = $2', err: { code: '23505', detail: '[redacted]' } });
  });

  it('binds the job and the request id it was queued with to the lines of that job', async () => {
    const jobs = worker.app.get(JobsService);
    const jobId = await jobs.enqueue('identity.purge-expired-refresh-tokens', { requestedAt: new Date().toISOString(), requestId: 'trace-purge-0001' });
    const done = await eventually('the purge job to log its end', async () => lines().find((line) => line.msg === 'job done' && line.jobId === jobId) ?? null);
    expect(done).toMatchObject({ service: 'worker', job: 'identity.purge-expired-refresh-tokens', requestId: 'trace-purge-0001', attempt: 1 });
    const purged = lines().find((line) => line.msg === 'expired refresh tokens purged' && line.jobId === jobId);
    expect(purged).toMatchObject({ job: 'identity.purge-expired-refresh-tokens', requestId: 'trace-purge-0001', deleted: 0 });
    // A job queued without one (a schedule's) has none, and no other job's.
    const scheduled = await jobs.enqueue('identity.purge-expired-idempotency-keys', { requestedAt: new Date().toISOString() });
    const alone = await eventually('the idempotency purge to log its end', async () => lines().find((line) => line.msg === 'job done' && line.jobId === scheduled) ?? null);
    expect(alone).not.toHaveProperty('requestId');
  });

  it("passes the outbox event's request id to its fan-out and to the e-mails the fan-out queues", async () => {
    const police = await fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const ngo = await fixtures.organisation({ kind: OrganisationKind.NGO });
    const coordinator = await fixtures.user(police, [Role.COORDINATOR]);
    const partner = await fixtures.user(ngo, [Role.PARTNER]);
    await fixtures.agreement(police, ngo);
    const caseId = randomUUID();
    const updateId = randomUUID();
    const requestId = 'trace-update-0042';
    const [event] = await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO cases (id, reference, title, type, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, 'Sprawa', 'CRISIS', 'Centrum', $3, $4)`,
        [caseId, `L/${caseId.slice(0, 8)}`, police.id, coordinator.id],
      );
      await manager.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER')`, [caseId, police.id, ngo.id]);
      await manager.query(`INSERT INTO case_updates (id, case_id, kind, visibility, body) VALUES ($1, $2, 'NOTE', 'PARTNERS', 'wpis')`, [updateId, caseId]);
      return manager.query(
        `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, actor_user_id, request_id) VALUES ('case.update-posted', 'Case', $1, $2, $3, $4) RETURNING id`,
        [caseId, { caseId, updateId, kind: 'NOTE', visibility: 'PARTNERS' }, coordinator.id, requestId],
      );
    });
    const eventId = (event as { id: string }).id;

    const emailed = await eventually('the e-mail job to log its end', async () =>
      lines().find((line) => line.msg === 'job done' && line.job === 'notifications.email' && line.jobId === `email-${eventId}`) ?? null,
    );
    expect(emailed.requestId).toBe(requestId);
    const fannedOut = lines().find((line) => line.msg === 'job done' && line.job === 'notifications.fan-out' && line.jobId === eventId);
    expect(fannedOut).toMatchObject({ requestId });
    // Every line of the e-mail job carries it (the sending itself is done for a batch of jobs: its lines carry none of
    // theirs); no line names a person the e-mail went to.
    const emailLines = lines().filter((line) => line.jobId === `email-${eventId}`);
    expect(emailLines.map((line) => line.msg)).toEqual(expect.arrayContaining(['notification e-mails', 'job done']));
    expect(emailLines.every((line) => line.requestId === requestId && line.job === 'notifications.email' && line.service === 'worker')).toBe(true);
    const written = lines().filter((line) => line.msg.startsWith('e-mail written to'));
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((line) => line.requestId === undefined)).toBe(true);
    expect(logs.text).not.toContain(partner.email);
    expect(logs.text).not.toContain(coordinator.email);
  });
});
