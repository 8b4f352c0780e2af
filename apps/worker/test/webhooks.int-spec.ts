import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { OutboxService, WebhookEndpointEntity, type OrganisationEntity } from '@cg/server/db';
import type { AppConfig } from '@cg/server/config';
import type { JobContext } from '@cg/server/jobs';
import {
  OutboxReconciler,
  OutboxRelay,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_DISABLE_AFTER_FAILURES,
  WebhookDeliveryError,
  WebhookDeliveryHandler,
  WebhookResumeHandler,
} from '@cg/server/notifications';
import { eventually, Fixtures } from '@cg/server/testing';
import { startWorker, type TestWorker } from './start';


interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A receiver as an organisation would write one: it checks the signature over the raw body with the
 * exported verifier (which also refuses an old timestamp) and answers 401 when it does not hold.
 */
class Receiver {
  readonly received: Received[] = [];
  mode: 'verify' | 'fail' | 'hang' | 'hold' = 'verify';
  secret = '';
  /** Requests held unanswered (mode 'hold') until `answerHeld()`; how many were open at once, at most. */
  readonly held: (() => void)[] = [];
  open = 0;
  mostOpen = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.mode === 'hang') return;
        const header = request.headers['x-commonground-signature'];
        const status = this.mode === 'fail' ? 500 : verifyWebhookSignature(this.secret, typeof header === 'string' ? header : undefined, body) ? 204 : 401;
        this.received.push({ headers: request.headers, body, status });
        this.open++;
        this.mostOpen = Math.max(this.mostOpen, this.open);
        const answer = () => {
          this.open--;
          response.writeHead(status).end();
        };
        if (this.mode === 'hold') this.held.push(answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/commonground`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function context(attempt: number, maxAttempts = 8): JobContext {
  return { jobId: `webhook-test-${attempt}`, attempt, maxAttempts, progress: async () => undefined };
}

describe('webhook deliveries: signed, replay-proof, retried, disabled after repeated failure', () => {
  let worker: TestWorker;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let handler: WebhookDeliveryHandler;
  let organisation: OrganisationEntity;
  const receiver = new Receiver();

  beforeAll(async () => {
    // The worker as it boots (the relay loop off: the test hands the handler its jobs itself).
    worker = await startWorker({ OUTBOX_RELAY: 'off' });
    ({ app, dataSource } = worker);
    handler = app.get(WebhookDeliveryHandler);
    const fixtures = new Fixtures(dataSource);
    organisation = await fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    await fixtures.user(organisation, [Role.COORDINATOR]);
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await worker?.stop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.mode = 'verify';
    receiver.mostOpen = 0;
  });

  function answerHeld(): void {
    for (const answer of receiver.held.splice(0)) answer();
  }

  /** An endpoint of the organisation, with its secret as registration would make it. */
  async function endpoint(url = receiver.url): Promise<WebhookEndpointEntity> {
    const secret = randomBytes(32).toString('base64url');
    const repository = dataSource.getRepository(WebhookEndpointEntity);
    const saved = await repository.save(repository.create({ organisationId: organisation.id, url, secret, eventTypes: [] }));
    receiver.secret = secret;
    return { ...saved, secret };
  }

  /** An outbox event and its delivery to the endpoint, as the fan-out writes them. */
  async function delivery(endpointId: string): Promise<{ deliveryId: string; eventId: string; payload: Record<string, unknown> }> {
    const payload = { caseId: randomUUID(), from: 'ELEVATED', to: 'CRISIS' };
    const [event]: { id: string }[] = await dataSource.query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, payload, published_at) VALUES ('case.escalated', 'Case', $1, $2, now()) RETURNING id`,
      [payload.caseId, payload],
    );
    const [row]: { id: string }[] = await dataSource.query('INSERT INTO webhook_deliveries (endpoint_id, event_id) VALUES ($1, $2) RETURNING id', [endpointId, event!.id]);
    return { deliveryId: row!.id, eventId: event!.id, payload };
  }

  const deliveryRow = async (id: string) =>
    (await dataSource.query('SELECT status, attempts, last_status_code, last_error, delivered_at FROM webhook_deliveries WHERE id = $1', [id]))[0] as {
      status: string;
      attempts: number;
      last_status_code: number | null;
      last_error: string | null;
      delivered_at: Date | null;
    };
  const endpointRow = async (id: string) =>
    (await dataSource.query('SELECT active, consecutive_failures, disabled_at, version FROM webhook_endpoints WHERE id = $1', [id]))[0] as {
      active: boolean;
      consecutive_failures: number;
      disabled_at: Date | null;
      version: number;
    };

  it('posts the event, signed; the receiver verifies the signature over the raw body', async () => {
    const hook = await endpoint();
    const { deliveryId, eventId, payload } = await delivery(hook.id);
    const before = Math.floor(Date.now() / 1000);
    await expect(handler.handle({ deliveryId }, context(1))).resolves.toEqual({ status: 'DELIVERED', statusCode: 204 });
    const after = Math.ceil(Date.now() / 1000);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.status).toBe(204);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-commonground-event']).toBe('case.escalated');
    expect(request!.headers['x-commonground-delivery']).toBe(deliveryId);
    const signature = request!.headers['x-commonground-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // Signed at sending time: between the moments before and after the delivery, however long it took.
    const signedAt = Number(/^t=(\d+)/.exec(signature)![1]);
    expect(signedAt).toBeGreaterThanOrEqual(before);
    expect(signedAt).toBeLessThanOrEqual(after);
    expect(verifyWebhookSignature(hook.secret, signature, request!.body)).toBe(true);
    // Another secret, or a changed body, does not verify.
    expect(verifyWebhookSignature(randomBytes(32).toString('base64url'), signature, request!.body)).toBe(false);
    expect(verifyWebhookSignature(hook.secret, signature, request!.body.replace('CRISIS', 'NORMAL'))).toBe(false);

    // Ids and codes only.
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toEqual({ id: eventId, type: 'case.escalated', occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown, data: payload });

    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'DELIVERED', attempts: 1, last_status_code: 204, last_error: null });
    expect((await deliveryRow(deliveryId)).delivered_at).not.toBeNull();

    // A repeated job (at least once) does not post a delivered event again.
    await expect(handler.handle({ deliveryId }, context(1))).resolves.toEqual({ status: 'SKIPPED', reason: 'delivered' });
    expect(receiver.received).toHaveLength(1);
  });

  it('the receiver rejects a replay: the same body with a timestamp ten minutes old is 401', async () => {
    const hook = await endpoint();
    const { deliveryId } = await delivery(hook.id);
    await handler.handle({ deliveryId }, context(1));
    const original = receiver.received[0]!;
    expect(original.status).toBe(204);

    const replay = (signature: string) =>
      fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-commonground-delivery': deliveryId, 'x-commonground-event': 'case.escalated', 'x-commonground-signature': signature },
        body: original.body,
      });
    // Correctly signed with the real secret, but ten minutes old.
    const old = signWebhook(hook.secret, original.body, Math.floor(Date.now() / 1000) - 600);
    expect((await replay(old)).status).toBe(401);
    // The captured request itself, replayed ten minutes later (the receiver's clock moved on).
    const captured = original.headers['x-commonground-signature'] as string;
    expect(verifyWebhookSignature(hook.secret, captured, original.body, { now: new Date(Date.now() + 600_000) })).toBe(false);
    expect(verifyWebhookSignature(hook.secret, captured, original.body)).toBe(true);
    // A fresh timestamp without the secret cannot be forged.
    const forged = captured.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 7}`);
    expect((await replay(forged)).status).toBe(401);
    // Garbage never throws, it is refused.
    for (const header of ['', 't=,v1=', 'v1=abc', `t=${Math.floor(Date.now() / 1000)}`, 't=1,t=2,v1=' + '0'.repeat(64)]) {
      expect(verifyWebhookSignature(hook.secret, header, original.body)).toBe(false);
    }
  });

  it('a receiver answering 500 makes the handler throw, so BullMQ retries; the last attempt marks it FAILED', async () => {
    const hook = await endpoint();
    const { deliveryId } = await delivery(hook.id);
    receiver.mode = 'fail';

    await expect(handler.handle({ deliveryId }, context(1))).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'PENDING', attempts: 1, last_status_code: 500, last_error: 'HTTP 500', delivered_at: null });
    expect(await endpointRow(hook.id)).toMatchObject({ active: true, consecutive_failures: 0 });

    await expect(handler.handle({ deliveryId }, context(7))).rejects.toThrow(/HTTP 500/);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'PENDING', attempts: 2 });

    await expect(handler.handle({ deliveryId }, context(8))).rejects.toThrow(/failed for the last time: HTTP 500/);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'FAILED', attempts: 3, last_status_code: 500, last_error: 'HTTP 500' });
    expect(await endpointRow(hook.id)).toMatchObject({ active: true, consecutive_failures: 1 });
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 500]);
  });

  it('records a refused connection and an unanswered request as failures too', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const closed = await endpoint(`http://127.0.0.1:${port}/nothing-listens-here`);
    const refused = await delivery(closed.id);
    await expect(handler.handle({ deliveryId: refused.deliveryId }, context(1))).rejects.toThrow(/connection failed \(ECONNREFUSED\)/);
    expect(await deliveryRow(refused.deliveryId)).toMatchObject({ status: 'PENDING', attempts: 1, last_status_code: null, last_error: 'connection failed (ECONNREFUSED)' });

    const slow = await endpoint();
    const hanging = await delivery(slow.id);
    receiver.mode = 'hang';
    // The handler's own deadline gives up on the silent receiver (its message says so); how long the machine took
    // around it is not asserted.
    await expect(handler.handle({ deliveryId: hanging.deliveryId }, context(1))).rejects.toThrow(/no answer within 5000 ms/);
    expect(await deliveryRow(hanging.deliveryId)).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'no answer within 5000 ms' });
  });

  it('where private networks are denied (production), never connects to one: not by address, not by a name resolving to one', async () => {
    const denying = new WebhookDeliveryHandler(dataSource, app.get(OutboxService), { webhooks: { allowPrivateNetworks: false } } as AppConfig);
    const port = new URL(receiver.url).port;
    for (const url of [receiver.url, `http://localhost:${port}/hooks/commonground`, `http://[::ffff:127.0.0.1]:${port}/hooks/commonground`]) {
      const hook = await endpoint(url);
      const { deliveryId } = await delivery(hook.id);
      await expect(denying.handle({ deliveryId }, context(1))).rejects.toThrow(/address not allowed: not on the public internet/);
      expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'address not allowed: not on the public internet' });
    }
    expect(receiver.received).toHaveLength(0);
    // The same receiver is reached where private networks are allowed (development, or WEBHOOK_PRIVATE_NETWORKS=allow).
    const hook = await endpoint(`http://localhost:${port}/hooks/commonground`);
    const { deliveryId } = await delivery(hook.id);
    await expect(handler.handle({ deliveryId }, context(1))).resolves.toEqual({ status: 'DELIVERED', statusCode: 204 });
    expect(receiver.received).toHaveLength(1);
  });

  it('deliveries that waited while the endpoint was off are sent once it is enabled again, through the outbox and the queue', async () => {
    const hook = await endpoint();
    await dataSource.query('UPDATE webhook_endpoints SET active = false, disabled_at = now() WHERE id = $1', [hook.id]);
    const waiting = [await delivery(hook.id), await delivery(hook.id)];
    // Their jobs run while it is off: skipped, left PENDING.
    for (const { deliveryId } of waiting) await expect(handler.handle({ deliveryId }, context(1))).resolves.toEqual({ status: 'SKIPPED', reason: 'inactive' });
    expect(receiver.received).toHaveLength(0);

    // Enabled, as WebhooksService.enable writes it: the change and its outbox event in one transaction.
    await dataSource.transaction(async (manager) => {
      await manager.query('UPDATE webhook_endpoints SET active = true, disabled_at = NULL WHERE id = $1', [hook.id]);
      await app.get(OutboxService).emit(manager, 'webhook.enabled', { type: 'WebhookEndpoint', id: hook.id }, { endpointId: hook.id, organisationId: organisation.id });
    });
    while ((await app.get(OutboxRelay).relayOnce()) > 0);
    await eventually('the waiting deliveries to reach the receiver', () => receiver.received.length >= waiting.length);
    expect(receiver.received.map((r) => r.headers['x-commonground-delivery']).sort()).toEqual(waiting.map((w) => w.deliveryId).sort());
    for (const { deliveryId } of waiting) {
      await eventually(`delivery ${deliveryId} to be recorded as delivered`, async () => (await deliveryRow(deliveryId)).status === 'DELIVERED');
      expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'DELIVERED' });
    }
    // The resumption run again (a retried job) sends nothing more.
    const [{ id: eventId }] = await dataSource.query(`SELECT id FROM outbox_events WHERE type = 'webhook.enabled' AND aggregate_id = $1`, [hook.id]);
    await expect(app.get(WebhookResumeHandler).handle({ eventId })).resolves.toEqual({ resumed: 0 });
  });

  it('never sends one delivery twice at once: a second job finds it claimed by the first and skips it; a retry of the first takes its claim again', async () => {
    const hook = await endpoint();
    const { deliveryId } = await delivery(hook.id);
    receiver.mode = 'hold';
    const first = handler.handle({ deliveryId }, { ...context(1), jobId: `webhook-${deliveryId}` });
    await eventually('the first job to be sending', () => receiver.held.length === 1);
    // The reconciler's re-dispatch of the same delivery, run while the first job waits for the receiver's answer.
    await expect(handler.handle({ deliveryId }, { ...context(1), jobId: `webhook-${deliveryId}-r1` })).resolves.toEqual({ status: 'SKIPPED', reason: 'in-flight' });
    expect(receiver.received).toHaveLength(1);
    answerHeld();
    await expect(first).resolves.toMatchObject({ status: 'DELIVERED' });
    expect(receiver.mostOpen).toBe(1);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    const [claim] = await dataSource.query('SELECT sending_until, sending_job FROM webhook_deliveries WHERE id = $1', [deliveryId]);
    expect(claim).toEqual({ sending_until: null, sending_job: null });

    // An attempt that died while sending leaves its claim: another job waits for it to expire, the job's own retry does not.
    receiver.mode = 'verify';
    const second = await delivery(hook.id);
    await dataSource.query(`UPDATE webhook_deliveries SET sending_until = now() + interval '1 minute', sending_job = $2 WHERE id = $1`, [second.deliveryId, `webhook-${second.deliveryId}`]);
    await expect(handler.handle({ deliveryId: second.deliveryId }, { ...context(1), jobId: `webhook-${second.deliveryId}-r1` })).resolves.toEqual({ status: 'SKIPPED', reason: 'in-flight' });
    expect(receiver.received).toHaveLength(1);
    await expect(handler.handle({ deliveryId: second.deliveryId }, { ...context(2), jobId: `webhook-${second.deliveryId}` })).resolves.toMatchObject({ status: 'DELIVERED' });
    expect(receiver.received).toHaveLength(2);
  });

  it('the reconciler dispatches again a delivery left PENDING after its job ran out, under a new job id; never one of a disabled endpoint', async () => {
    const off = await endpoint();
    await dataSource.query('UPDATE webhook_endpoints SET active = false, disabled_at = now() WHERE id = $1', [off.id]);
    const waiting = await delivery(off.id);
    const hook = await endpoint();
    const left = await delivery(hook.id);
    // Both PENDING for an hour (their jobs used every attempt while PostgreSQL was down, say): past the bound.
    await dataSource.query(`UPDATE webhook_deliveries SET created_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`, [[waiting.deliveryId, left.deliveryId]]);
    const reconciler = app.get(OutboxReconciler);
    expect((await reconciler.figures()).webhooksOverdue).toBeGreaterThanOrEqual(1);
    expect(await reconciler.redispatchWebhooksOnce()).toBeGreaterThanOrEqual(1);
    await eventually('the re-dispatched delivery to be delivered', async () => (await deliveryRow(left.deliveryId)).status === 'DELIVERED');
    expect(receiver.received.map((r) => r.headers['x-commonground-delivery'])).toEqual([left.deliveryId]);
    const rows: { id: string; status: string; requeues: number }[] = await dataSource.query('SELECT id, status, requeues FROM webhook_deliveries WHERE id = ANY($1::uuid[])', [
      [waiting.deliveryId, left.deliveryId],
    ]);
    expect(rows.find((r) => r.id === left.deliveryId)).toMatchObject({ status: 'DELIVERED', requeues: 1 });
    // The disabled endpoint's delivery waits for enableWebhook (WebhookResumeHandler), as before.
    expect(rows.find((r) => r.id === waiting.deliveryId)).toMatchObject({ status: 'PENDING', requeues: 0 });
    // Delivered: nothing left for the next round.
    expect(await reconciler.redispatchWebhooksOnce()).toBe(0);
  });

  it(`disables the endpoint after ${WEBHOOK_DISABLE_AFTER_FAILURES} failed deliveries in a row and tells the coordinators through the outbox`, async () => {
    const hook = await endpoint();
    receiver.mode = 'fail';
    for (let i = 1; i <= WEBHOOK_DISABLE_AFTER_FAILURES; i += 1) {
      const { deliveryId } = await delivery(hook.id);
      await expect(handler.handle({ deliveryId }, context(8))).rejects.toBeInstanceOf(WebhookDeliveryError);
      const state = await endpointRow(hook.id);
      expect(state.consecutive_failures).toBe(i);
      expect(state.active).toBe(i < WEBHOOK_DISABLE_AFTER_FAILURES);
    }
    const disabled = await endpointRow(hook.id);
    expect(disabled.disabled_at).not.toBeNull();
    expect(disabled.version).toBe(hook.version + 1);

    const events: { type: string; aggregate_type: string; aggregate_id: string; payload: unknown; published_at: Date | null }[] = await dataSource.query(
      `SELECT type, aggregate_type, aggregate_id, payload, published_at FROM outbox_events WHERE type = 'webhook.disabled' AND aggregate_id = $1`,
      [hook.id],
    );
    expect(events).toEqual([{ type: 'webhook.disabled', aggregate_type: 'WebhookEndpoint', aggregate_id: hook.id, payload: { endpointId: hook.id, organisationId: organisation.id }, published_at: null }]);

    // Nothing more goes to a disabled endpoint, and it is not disabled twice.
    const after = await delivery(hook.id);
    receiver.received.length = 0;
    await expect(handler.handle({ deliveryId: after.deliveryId }, context(8))).resolves.toEqual({ status: 'SKIPPED', reason: 'inactive' });
    expect(receiver.received).toHaveLength(0);
    expect(await deliveryRow(after.deliveryId)).toMatchObject({ status: 'PENDING', attempts: 0 });
    const counted: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'webhook.disabled'`);
    expect(counted).toEqual([{ n: 1 }]);
  });

  it('a success resets the count: failures must be consecutive to disable', async () => {
    const hook = await endpoint();
    await dataSource.query('UPDATE webhook_endpoints SET consecutive_failures = $2 WHERE id = $1', [hook.id, WEBHOOK_DISABLE_AFTER_FAILURES - 1]);
    const { deliveryId } = await delivery(hook.id);
    await expect(handler.handle({ deliveryId }, context(3))).resolves.toMatchObject({ status: 'DELIVERED' });
    expect(await endpointRow(hook.id)).toMatchObject({ active: true, consecutive_failures: 0 });

    receiver.mode = 'fail';
    const next = await delivery(hook.id);
    await expect(handler.handle({ deliveryId: next.deliveryId }, context(8))).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(await endpointRow(hook.id)).toMatchObject({ active: true, consecutive_failures: 1 });
  });
});
