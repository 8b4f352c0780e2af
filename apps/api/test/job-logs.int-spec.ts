import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { loadConfig } from '@cg/server/config';
import { eventually, LogCapture, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const ROOT = join(__dirname, '../../..');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');

interface Line {
  msg: string;
  service?: string;
  job?: string;
  jobId?: string;
  requestId?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One change followed through both processes' logs: a GraphQL mutation sent with an `X-Request-Id` to the API (in
 * this process), then the jobs it causes run by the built worker (a process of its own, as `npm start` runs it, on the
 * API's database and queue prefix), whose stdout is kept. The worker's lines about those jobs carry the mutation's
 * request id under the same name as the API's lines about the mutation, and neither names the people told.
 */
describe("a change's request id in the logs of the jobs it causes", () => {
  let api: TestApp;
  let worker: ChildProcess | undefined;
  let mailDir: string;
  const workerLogs = new LogCapture();
  const workerErrors = new LogCapture();
  const parsed = (capture: LogCapture): Line[] => capture.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);

  beforeAll(async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error('Build first (npm test does): NX_DAEMON=false npx nx run-many -t build --projects=api,worker');
    api = await startApi();
    mailDir = await mkdtemp(join(tmpdir(), 'cg-job-logs-'));
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await api?.stop();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('the worker logs the jobs of a postCaseUpdate with its request id: the fan-out, and the e-mails it sends', async () => {
    const police = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const lead = await api.signedIn(police, [Role.COORDINATOR]);
    const officer = await api.signedIn(police, [Role.STAFF]);
    const opened = await api.gql<{ openCase: { id: string } }>(
      'mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: { title: 'Hałas przy przystanku', type: 'SOCIAL_TENSION', area: { district: 'Piaski' }, diagnosis: { what: 'skargi mieszkańców' } } },
      { token: lead.token },
    );
    const caseId = opened.data!.openCase.id;
    const requestId = 'trace-update-job-logs-01';
    const posted = await api.gql(
      'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }',
      { input: { caseId, kind: 'NOTE', visibility: 'PARTNERS', body: 'Rozmowa z zarządcą w piątek' } },
      { token: officer.token, headers: { 'x-request-id': requestId } },
    );
    expect(posted.errors).toBeUndefined();
    const [event] = await api.dataSource.query<{ id: string }[]>(`SELECT id FROM outbox_events WHERE type = 'case.update-posted' AND request_id = $1`, [requestId]);
    expect(event).toBeDefined();
    // The API's lines about the mutation carry it as `requestId`.
    expect(parsed(api.logs).some((line) => line.requestId === requestId && line.service === 'api')).toBe(true);

    worker = spawn(process.execPath, [WORKER_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug',
        DATABASE_URL: api.databaseUrl,
        QUEUE_BACKEND: 'redis',
        REDIS_URL: loadConfig({}).redis.url,
        QUEUE_PREFIX: String(process.env.QUEUE_PREFIX),
        MAIL_DIR: mailDir,
        OUTBOX_RELAY: 'on',
        WORKER_HEALTH_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.pipe(workerLogs, { end: false });
    worker.stderr!.pipe(workerErrors, { end: false });

    const emailed = await eventually('the worker to finish the e-mail job of the update', () =>
      parsed(workerLogs).find((line) => line.msg === 'job done' && line.job === 'notifications.email' && line.jobId === `email-${event!.id}`),
    );
    expect(emailed).toMatchObject({ service: 'worker', requestId });
    const lines = parsed(workerLogs);
    const fanOut = lines.filter((line) => line.job === 'notifications.fan-out' && line.jobId === event!.id);
    expect(fanOut.map((line) => line.msg)).toContain('job done');
    expect(fanOut.every((line) => line.requestId === requestId)).toBe(true);
    const email = lines.filter((line) => line.job === 'notifications.email' && line.jobId === `email-${event!.id}`);
    expect(email.map((line) => line.msg)).toEqual(expect.arrayContaining(['notification e-mails', 'job done']));
    expect(email.every((line) => line.requestId === requestId)).toBe(true);
    // Only the jobs of that change carry its id (the case's opening was another request).
    expect(lines.filter((line) => line.requestId === requestId).every((line) => line.jobId === event!.id || line.jobId === `email-${event!.id}`)).toBe(true);
    // Every line the worker wrote is one of its JSON log lines; none names a person.
    expect(workerLogs.lines.every((line) => line.startsWith('{'))).toBe(true);
    expect(workerErrors.lines).toEqual([]);
    for (const person of [lead.user.email, officer.user.email, lead.user.displayName]) expect(workerLogs.text).not.toContain(person);
  });
});
