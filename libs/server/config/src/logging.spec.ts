import { Writable } from 'node:stream';
import pino from 'pino';
import { currentLogBindings, loggerOptions, REDACTED, withLogBindings, type ServiceName } from './logging';

/** A logger of `service` with the shared options, and the lines it wrote, parsed. */
function logger(service: ServiceName, level: 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { log: pino(loggerOptions({ logLevel: level }, service), destination), lines };
}

const EMAIL = 'jan.kowalczyk@example.test';
const PHONE = '+48 600 123 457';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('the logger configuration both processes use', () => {
  it.each<ServiceName>(['api', 'worker'])('%s: holds back secrets and personal details at the top of a line and inside it', (service) => {
    const { log, lines } = logger(service);
    log.warn(
      {
        email: EMAIL,
        token: TOKEN,
        password: 'Sekretne-Haslo-2026',
        user: { email: EMAIL, phone: PHONE, displayName: 'Jan Kowalczyk' },
        stakeholder: { details: { contactDetails: `tel. ${PHONE}` } },
        outgoing: { headers: { authorization: `Bearer ${TOKEN}`, cookie: `cg_refresh=${TOKEN}`, 'x-api-key': TOKEN } },
        session: { refreshToken: TOKEN, accessToken: TOKEN },
        err: { message: 'duplicate key', parameters: [EMAIL], detail: `Key (email)=(${EMAIL}) already exists.` },
        variables: { input: { email: EMAIL } },
        caseId: '7d5f6f0e-1c1b-4a57-9f59-2a0a4c0a8b11',
      },
      'something to look at',
    );
    const text = JSON.stringify(lines);
    for (const secret of [EMAIL, PHONE, TOKEN, 'Sekretne-Haslo-2026', 'Kowalczyk', 'cg_refresh']) expect(text).not.toContain(secret);
    type Logged = { email: string; user: object; stakeholder: { details: { contactDetails: string } }; outgoing: { headers: object }; err: { message: string; parameters: string } };
    const line = lines[0] as unknown as Logged;
    expect(line.email).toBe(REDACTED);
    expect(line.user).toEqual({ email: REDACTED, phone: REDACTED, displayName: REDACTED });
    expect(line.stakeholder.details.contactDetails).toBe(REDACTED);
    expect(line.outgoing.headers).toEqual({ authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED });
    expect(line.err.parameters).toBe(REDACTED);
    // What is not personal stays readable: ids, messages, the service that wrote the line.
    expect(line).toMatchObject({ caseId: '7d5f6f0e-1c1b-4a57-9f59-2a0a4c0a8b11', msg: 'something to look at', service, level: 40 });
    expect(line.err.message).toBe('duplicate key');
  });

  it('logs a request as its id, method and path: never its query string', () => {
    const { log, lines } = logger('api');
    log.info({ req: { id: 'r-1', method: 'GET', url: `/graphql?query=x&variables=${encodeURIComponent(JSON.stringify({ email: EMAIL }))}`, headers: {} } }, 'request completed');
    expect(lines[0]!.req).toEqual({ id: 'r-1', method: 'GET', path: '/graphql' });
  });

  it('puts the bindings of the work in hand (a job and the request that caused it) on every line logged meanwhile, and only then', async () => {
    const { log, lines } = logger('worker', 'debug');
    log.info('before');
    await withLogBindings({ job: 'notifications.email', jobId: 'email-1', requestId: 'trace-0001' }, async () => {
      log.info('at the start');
      await new Promise((resolve) => setTimeout(resolve, 1));
      // A field of the line itself wins over a binding of the same name.
      log.debug({ jobId: 'named-by-the-line' }, 'after a pause');
      await withLogBindings({ attempt: 2 }, async () => log.info('nested'));
      expect(currentLogBindings()).toEqual({ job: 'notifications.email', jobId: 'email-1', requestId: 'trace-0001' });
    });
    log.info('after');
    const bound = (msg: string) => lines.find((line) => line.msg === msg);
    expect(bound('before')).not.toHaveProperty('requestId');
    expect(bound('at the start')).toMatchObject({ job: 'notifications.email', jobId: 'email-1', requestId: 'trace-0001', service: 'worker' });
    expect(bound('after a pause')).toMatchObject({ jobId: 'named-by-the-line', requestId: 'trace-0001' });
    expect(bound('nested')).toMatchObject({ jobId: 'email-1', requestId: 'trace-0001', attempt: 2 });
    expect(bound('after')).not.toHaveProperty('requestId');
    expect(bound('after')).not.toHaveProperty('job');
  });

  it('keeps two pieces of work that run at once apart', async () => {
    const { log, lines } = logger('worker');
    const job = (requestId: string) =>
      withLogBindings({ requestId }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        log.info({ mine: requestId }, 'done');
      });
    await Promise.all([job('trace-a'), job('trace-b'), job('trace-c')]);
    expect(lines.map((line) => [line.mine, line.requestId]).sort()).toEqual([['trace-a', 'trace-a'], ['trace-b', 'trace-b'], ['trace-c', 'trace-c']]);
  });
});
