import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { AppConfig } from '@cg/server/config';
import { requestLogging } from './logging';

function capture(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

function request(url: string, requestId: string): { req: IncomingMessage & { log?: unknown }; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = url;
  req.headers = { 'x-request-id': requestId };
  return { req, res: new ServerResponse(req) };
}

describe('request logging below info (as deployed: LOG_LEVEL=warn)', () => {
  it('makes no logger for a request that logs nothing', () => {
    const { stream, lines } = capture();
    const logging = requestLogging({ logLevel: 'warn' } as AppConfig, stream);
    const child = jest.spyOn(logging.logger, 'child');
    const { req, res } = request('/graphql?query=secret', 'trace-quiet-00001');
    const log = logging.attach(req, res);
    expect(req.log).toBe(log);
    log.info('not written at warn');
    log.child({ operationName: 'Quiet' }).debug('nor this');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('gives a line written while serving the request the fields pino-http would: request id, method, path, and those assigned later', () => {
    const { stream, lines } = capture();
    const logging = requestLogging({ logLevel: 'warn' } as AppConfig, stream);
    const { req, res } = request('/graphql?query=secret', 'trace-loud-000001');
    const log = logging.attach(req, res).child({ operationName: 'Loud' });
    log.warn({ detail: 1 }, 'something to see');
    log.error(new Error('boom'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 40,
      service: 'api',
      requestId: 'trace-loud-000001',
      req: { id: 'trace-loud-000001', method: 'POST', path: '/graphql' },
      operationName: 'Loud',
      detail: 1,
      msg: 'something to see',
    });
    expect(lines[1]).toMatchObject({ level: 50, requestId: 'trace-loud-000001', err: { message: 'boom' } });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
