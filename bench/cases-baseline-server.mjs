// The hand-written baseline for the `cases` page: a bare Fastify route on `pg`, no Nest, no GraphQL.
// It does the same database work as the API for `cases(first: 50) { … }` — reads the user row for the bearer token
// (same statement as AccessTokenService), the permission-filtered keyset page and its count (in parallel), then the
// participants of the page and their counts (in parallel): five statements — and answers the same JSON as the API.
// Updates are counted as the API's rules allow: of a visibility the reader may read, and of a data category shared
// with the reader's organisation on that case (case_sharing: INCIDENT_DATA for incidents, CASE_CONTENT otherwise).
//
// Env: DATABASE_URL, JWT_SECRET, HTTP_PORT, DATABASE_POOL_SIZE (default 10, as the API).
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const PAGE_SIZE = 50;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), application_name: 'cg-bench-baseline' });
const secret = process.env.JWT_SECRET;
if (!secret) throw new Error('JWT_SECRET is required');

const PUBLIC_BODY = (kind) => kind !== 'NGO' && kind !== 'OTHER';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** HS256 JWT check, enough for the API's own access tokens. */
function verifyToken(header) {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return null;
  const [, head, body, signature] = match;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  if (JSON.parse(Buffer.from(head, 'base64url').toString('utf8')).alg !== 'HS256') return null;
  if (claims.typ !== 'access' || !UUID.test(claims.sub) || !UUID.test(claims.sid)) return null;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
  return claims;
}

const cursorOf = (row) => Buffer.from(JSON.stringify(['LAST_ACTIVITY', row.last_activity_at.toISOString(), row.id])).toString('base64url');

const app = Fastify({ logger: false });

app.post('/graphql', async (request, reply) => {
  const claims = verifyToken(request.headers.authorization);
  if (!claims) return reply.code(401).send({ errors: [{ message: 'unauthenticated' }] });
  const { rows: users } = await pool.query(
    `SELECT u.id, u.organisation_id, u.roles, u.locale, o.kind
       FROM users u JOIN organisations o ON o.id = u.organisation_id
      WHERE u.id = $1 AND u.active AND o.active
        AND NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.family_id = $2 AND rt.revoked_at IS NOT NULL)`,
    [claims.sub, claims.sid],
  );
  const user = users[0];
  if (!user) return reply.code(401).send({ errors: [{ message: 'unauthenticated' }] });
  const roles = new Set(user.roles);
  if (!roles.has('COORDINATOR') && !roles.has('STAFF') && !roles.has('PARTNER')) return { data: { cases: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } };
  // Agencies (coordinators and staff of public bodies) also read AGENCIES updates, and LEAD updates of the cases they lead.
  const agency = PUBLIC_BODY(user.kind) && (roles.has('COORDINATOR') || roles.has('STAFF'));
  const org = user.organisation_id;

  const [{ rows }, { rows: count }] = await Promise.all([
    pool.query(
      `SELECT c.id, c.reference, c.title, c.phase, c.escalation, c.priority, c.last_activity_at, c.lead_organisation_id,
              lo.name AS lead_name, co.display_name AS coordinator_name
         FROM cases c
         JOIN organisations lo ON lo.id = c.lead_organisation_id
         JOIN users co ON co.id = c.coordinator_id
        WHERE EXISTS (SELECT 1 FROM case_participants p WHERE p.case_id = c.id AND p.organisation_id = $1)
        ORDER BY c.last_activity_at DESC, c.id DESC
        LIMIT ${PAGE_SIZE + 1}`,
      [org],
    ),
    pool.query(`SELECT count(*)::int AS n FROM cases c WHERE EXISTS (SELECT 1 FROM case_participants p WHERE p.case_id = c.id AND p.organisation_id = $1)`, [org]),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const ids = page.map((r) => r.id);
  const [{ rows: participants }, { rows: counts }] = await Promise.all([
    pool.query(
      `SELECT cp.case_id, cp.role, o.id, o.name, o.kind
         FROM case_participants cp JOIN organisations o ON o.id = cp.organisation_id
        WHERE cp.case_id = ANY($1)
        ORDER BY cp.role, o.name`,
      [ids],
    ),
    pool.query(
      `SELECT k.id,
              (SELECT count(*) FROM case_participants p WHERE p.case_id = k.id)::int AS participants,
              (SELECT count(*) FROM case_updates u
                WHERE u.case_id = k.id
                  AND (((u.visibility = 'PARTNERS' OR ($3 AND u.visibility = 'AGENCIES'))
                        -- the data category of the update shared with the organisation on this case (incidents: INCIDENT_DATA)
                        AND EXISTS (SELECT 1 FROM case_sharing s WHERE s.case_id = k.id AND s.organisation_id = $4
                                       AND (CASE WHEN u.kind = 'INCIDENT' THEN 'INCIDENT_DATA' ELSE 'CASE_CONTENT' END) = ANY(s.categories::text[])))
                       OR ($3 AND u.visibility = 'LEAD' AND k.lead = $4)))::int AS updates
         FROM unnest($1::uuid[], $2::uuid[]) AS k(id, lead)`,
      [ids, page.map((r) => r.lead_organisation_id), agency, org],
    ),
  ]);
  const byCase = new Map(ids.map((id) => [id, []]));
  for (const p of participants) byCase.get(p.case_id).push({ role: p.role, organisation: { id: p.id, name: p.name, kind: p.kind } });
  const countOf = new Map(counts.map((c) => [c.id, c]));
  const edges = page.map((r) => ({
    cursor: cursorOf(r),
    node: {
      id: r.id,
      reference: r.reference,
      title: r.title,
      phase: r.phase,
      escalation: r.escalation,
      priority: r.priority,
      lastActivityAt: r.last_activity_at.toISOString(),
      leadOrganisation: { id: r.lead_organisation_id, name: r.lead_name },
      coordinator: { displayName: r.coordinator_name },
      participants: byCase.get(r.id),
      participantCount: countOf.get(r.id).participants,
      updateCount: countOf.get(r.id).updates,
    },
  }));
  return {
    data: {
      cases: {
        totalCount: count[0].n,
        edges,
        pageInfo: { hasNextPage: rows.length > PAGE_SIZE, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      },
    },
  };
});

// `{ __typename }` as the API answers it, with nothing around it: what a bare Fastify route costs (the bench compares).
app.post('/typename', async () => ({ data: { __typename: 'Query' } }));

app.get('/health/live', async () => ({ status: 'ok' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.HTTP_PORT ?? 3100) });
process.stdout.write(`baseline listening on ${process.env.HTTP_PORT}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    app.close().then(() => pool.end()).finally(() => process.exit(0));
  });
}
