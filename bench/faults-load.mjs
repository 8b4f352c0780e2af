// Load clients of the load-and-fault suite: demo users who read (cases, their inbox) and write things that cause
// notifications (postCaseUpdate PARTNERS notes, submitPartnerInput), over loopback HTTP against the API.
//
// A *logical write* is one thing a person means to do once. It carries its own Idempotency-Key header (the same on
// every retry) and a tag in its body (`fb-<scenario>-<uuid>`), so that afterwards the rows it produced can be counted
// in the database: 0 rows for a write answered OK is a lost write, more than one a duplicated write. A client retries a
// logical write on a transport error (connection refused or reset), on HTTP 503 and on SERVICE_UNAVAILABLE (honouring
// Retry-After, capped at RETRY_CAP_MS so that the suite fits in its time box), with the same key, until it is answered
// or its deadline passes (then it is counted as unanswered, not as lost). Every attempt's outcome is counted by code.
import { randomUUID } from 'node:crypto';
import { sleep } from './lib/clock.mjs';

const RETRY_CAP_MS = 1000;
const REQUEST_TIMEOUT_MS = 30_000;

export const WRITE_UPDATE = 'mutation Post($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }';
export const WRITE_INPUT = 'mutation Submit($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }';
const READ_CASES = 'query Cases { cases(first: 20) { totalCount edges { node { id phase updateCount } } } }';
const READ_INBOX = 'query Inbox { unreadNotificationCount notifications(first: 10) { edges { node { id type read } } } }';

/** One HTTP request to /graphql: { ok, code, status, data } where code is the first error's extensions.code, TRANSPORT or HTTP_<status>. */
export async function post(api, { token, query, variables, key }) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  let response;
  try {
    response = await fetch(`${api.url()}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    return { ok: false, code: 'TRANSPORT', detail: error?.cause?.code ?? error?.name ?? String(error) };
  }
  const retryAfter = Number(response.headers.get('retry-after')) || null;
  let body = null;
  try {
    body = await response.json();
  } catch {
    return { ok: false, code: response.status === 503 ? 'HTTP_503' : `HTTP_${response.status}`, status: response.status, retryAfter };
  }
  if (body?.errors?.length) {
    const code = body.errors[0]?.extensions?.code ?? `HTTP_${response.status}`;
    return { ok: false, code, status: response.status, retryAfter: retryAfter ?? body.errors[0]?.extensions?.retryAfterSeconds ?? null, message: body.errors[0]?.message };
  }
  if (!response.ok || !body?.data) return { ok: false, code: `HTTP_${response.status}`, status: response.status, retryAfter };
  return { ok: true, status: response.status, data: body.data };
}

const RETRYABLE = new Set(['TRANSPORT', 'HTTP_503', 'SERVICE_UNAVAILABLE', 'HTTP_502', 'HTTP_504']);

/** The figures of one scenario, filled by its clients. */
export class Ledger {
  constructor(scenario) {
    this.scenario = scenario;
    this.writes = [];
    this.attemptCodes = new Map();
    this.readCodes = new Map();
    this.reads = { ok: 0, failed: 0 };
    this.inFlight = new Set();
    this.firstOkAfter = [];
  }

  count(map, code) {
    map.set(code, (map.get(code) ?? 0) + 1);
  }

  /** The first write answered OK that was *sent* at or after `at` (ms): the time to recover, measured from `at`. */
  firstOkWriteSentAfter(at) {
    let best = null;
    for (const w of this.writes) for (const a of w.okAttempts) if (a.sentAt >= at && (best === null || a.answeredAt < best)) best = a.answeredAt;
    return best;
  }

  /** The first write answered OK at or after `at` (whenever it was sent). */
  firstOkWriteAnsweredAfter(at) {
    let best = null;
    for (const w of this.writes) for (const a of w.okAttempts) if (a.answeredAt >= at && (best === null || a.answeredAt < best)) best = a.answeredAt;
    return best;
  }
}

/**
 * One logical write: retried with the same Idempotency-Key until answered (OK or a refusal that retrying cannot
 * change) or until `deadline()` (ms; Infinity while the load runs, set when it stops).
 */
async function logicalWrite(api, ledger, client, deadline) {
  const tag = `fb-${ledger.scenario}-${randomUUID()}`;
  const key = randomUUID();
  const kind = client.writes[client.n++ % client.writes.length];
  const target = client.cases[client.n % client.cases.length];
  const request =
    kind === 'update'
      ? { query: WRITE_UPDATE, variables: { input: { caseId: target, kind: 'NOTE', visibility: 'PARTNERS', body: `Notatka z obchodu rejonu (${tag})` } } }
      : { query: WRITE_INPUT, variables: { input: { caseId: target, kind: 'OBSERVATION', body: `Obserwacja mieszkańców (${tag})` } } };
  const write = { tag, key, kind, user: client.email, attempts: 0, outcome: 'pending', okAttempts: [], finalCode: null, firstSentAt: Date.now() };
  ledger.writes.push(write);
  for (let backoff = 100; ; backoff = Math.min(RETRY_CAP_MS, backoff * 2)) {
    write.attempts += 1;
    const attempt = { sentAt: Date.now(), write };
    ledger.inFlight.add(attempt);
    const result = await post(api, { token: client.token, key, ...request });
    ledger.inFlight.delete(attempt);
    attempt.answeredAt = Date.now();
    attempt.result = result;
    ledger.count(ledger.attemptCodes, result.ok ? 'OK' : result.code);
    if (result.ok) {
      write.okAttempts.push(attempt);
      write.outcome = 'ok';
      write.answeredAt = attempt.answeredAt;
      return;
    }
    if (!RETRYABLE.has(result.code)) {
      write.outcome = 'refused';
      write.finalCode = result.code;
      write.message = result.message;
      return;
    }
    if (Date.now() > deadline()) {
      write.outcome = 'unanswered';
      write.finalCode = result.code;
      return;
    }
    await sleep(Math.min(RETRY_CAP_MS, result.retryAfter ? result.retryAfter * 1000 : backoff));
  }
}

async function read(api, ledger, client) {
  const result = await post(api, { token: client.token, query: client.n % 2 ? READ_CASES : READ_INBOX });
  if (result.ok) ledger.reads.ok += 1;
  else {
    ledger.reads.failed += 1;
    ledger.count(ledger.readCodes, result.code);
  }
}

/**
 * Runs the clients until `stop()`: each does three logical writes, then a read, then again, with `pauseMs` between
 * requests (reads only while writes are paused). `stop()` ends the loops and waits until every logical write in hand is answered or out of time
 * (`settleMs` after the stop).
 */
export function startLoad(api, ledger, clients, { pauseMs = 40, settleMs = 60_000 } = {}) {
  let stopping = false;
  let writesPaused = false;
  let deadline = Infinity;
  const loops = clients.map(async (client) => {
    for (let i = 0; !stopping; i++) {
      if (i % 4 === 3 || writesPaused) await read(api, ledger, client);
      else await logicalWrite(api, ledger, client, () => deadline);
      await sleep(pauseMs);
    }
  });
  return {
    /** Reads only, from the next request on (the writes in hand finish). */
    pauseWrites() {
      writesPaused = true;
    },
    resumeWrites() {
      writesPaused = false;
    },
    async stop(settle = settleMs) {
      stopping = true;
      deadline = Date.now() + settle;
      await Promise.all(loops);
      ledger.stoppedAt = Date.now();
    },
  };
}

/** Signs a demo user in (retried while the API is not there). */
export async function signIn(api, email, password) {
  for (let i = 0; i < 100; i++) {
    const result = await post(api, { query: 'mutation L($input: LoginInput!) { login(input: $input) { accessToken user { id } } }', variables: { input: { email, password } } });
    if (result.ok) return { token: result.data.login.accessToken, userId: result.data.login.user.id };
    if (!RETRYABLE.has(result.code)) throw new Error(`login of ${email} refused: ${result.code} ${result.message ?? ''}`);
    await sleep(200);
  }
  throw new Error(`login of ${email}: no answer`);
}

/**
 * The cases a client writes to: those of its cases (not closed) where a probe of each kind of write it makes is
 * accepted (its organisation's share of the case may exclude content). Probes are tagged `fb-setup-…`.
 */
export async function chooseCases(api, client) {
  const listed = await post(api, { token: client.token, query: 'query { cases(first: 50) { edges { node { id phase } } } }' });
  if (!listed.ok) throw new Error(`cases of ${client.email}: ${listed.code}`);
  const open = listed.data.cases.edges.map((e) => e.node).filter((c) => c.phase !== 'CLOSED');
  const accepted = [];
  for (const c of open) {
    let ok = true;
    for (const kind of new Set(client.writes)) {
      const tag = `fb-setup-${randomUUID()}`;
      const result =
        kind === 'update'
          ? await post(api, { token: client.token, query: WRITE_UPDATE, variables: { input: { caseId: c.id, kind: 'NOTE', visibility: 'PARTNERS', body: `Próba (${tag})` } } })
          : await post(api, { token: client.token, query: WRITE_INPUT, variables: { input: { caseId: c.id, kind: 'OBSERVATION', body: `Próba (${tag})` } } });
      ok &&= result.ok;
    }
    if (ok) accepted.push(c.id);
  }
  return accepted;
}
