import { OrganisationKind, Role, type DomainError } from '@cg/shared/domain';
import type { AppConfig } from '@cg/server/config';
import { AuditEventEntity, OutboxService, WebhookEndpointEntity, type OrganisationEntity } from '@cg/server/db';
import { AuditService } from '@cg/server/audit';
import { WebhooksService } from '@cg/server/notifications';
import { errorCode, type GqlResponse, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const ENDPOINT = 'id organisationId url eventTypes active consecutiveFailures disabledAt createdAt version';
const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret endpoint { ${ENDPOINT} } } }`;
const LIST = `query($first: Int, $after: String) { webhooks(first: $first, after: $after) { totalCount edges { cursor node { ${ENDPOINT} } } pageInfo { hasNextPage endCursor } } }`;
const DISABLE = `mutation($input: DisableWebhookInput!) { disableWebhook(input: $input) { ${ENDPOINT} } }`;
const ENABLE = `mutation($input: EnableWebhookInput!) { enableWebhook(input: $input) { ${ENDPOINT} } }`;

interface Endpoint {
  id: string;
  organisationId: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  version: number;
}
interface ListResult {
  webhooks: { totalCount: number; edges: { cursor: string; node: Endpoint }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/**
 * Webhook endpoints on the real API: coordinators of the organisation only (another organisation's
 * endpoint does not exist for them), https (or loopback http outside production), known event types,
 * the secret shown once, versions checked, every write audited.
 */
describe('webhooks: registration and management', () => {
  let api: TestApp;
  let own: OrganisationEntity;
  let other: OrganisationEntity;
  let coordinator: string;
  let otherCoordinator: string;
  const byRole = new Map<Role, string>();

  const register = (token: string, url = 'https://partner.example.org/hooks/commonground', eventTypes?: string[]) =>
    api.gql<{ registerWebhook: { secret: string; endpoint: Endpoint } }>(REGISTER, { input: { url, ...(eventTypes ? { eventTypes } : {}) } }, { token });
  const registered = async (token: string, url?: string, eventTypes?: string[]): Promise<{ secret: string; endpoint: Endpoint }> => {
    const response = await register(token, url, eventTypes);
    if (!response.data?.registerWebhook) throw new Error(JSON.stringify(response.errors));
    return response.data.registerWebhook;
  };
  const list = (token: string, first?: number, after?: string) => api.gql<ListResult>(LIST, { first, after }, { token });
  const disable = (token: string, id: string, version: number) => api.gql<{ disableWebhook: Endpoint }>(DISABLE, { input: { id, version } }, { token });
  const enable = (token: string, id: string, version: number) => api.gql<{ enableWebhook: Endpoint }>(ENABLE, { input: { id, version } }, { token });

  beforeAll(async () => {
    api = await startApi();
    own = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    other = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    for (const role of Object.values(Role)) byRole.set(role, (await api.signedIn(own, [role])).token);
    coordinator = byRole.get(Role.COORDINATOR)!;
    otherCoordinator = (await api.signedIn(other, [Role.COORDINATOR])).token;
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('the role matrix', () => {
    const others = Object.values(Role).filter((r) => r !== Role.COORDINATOR);

    it('lets coordinators of the organisation register, list, disable and enable', async () => {
      const { endpoint } = await registered(coordinator);
      expect(endpoint).toMatchObject({ organisationId: own.id, active: true, consecutiveFailures: 0, eventTypes: [], version: 1 });
      const listed = await list(coordinator, 100);
      expect(listed.data!.webhooks.edges.map((e) => e.node.id)).toContain(endpoint.id);
      const disabled = await disable(coordinator, endpoint.id, endpoint.version);
      expect(disabled.data!.disableWebhook).toMatchObject({ active: false, version: 2 });
      expect(disabled.data!.disableWebhook.disabledAt).not.toBeNull();
      const enabled = await enable(coordinator, endpoint.id, 2);
      expect(enabled.data!.enableWebhook).toMatchObject({ active: true, disabledAt: null, version: 3 });
    });

    it.each(others)('refuses %s of the same organisation with FORBIDDEN, for every operation', async (role) => {
      const token = byRole.get(role)!;
      const { endpoint } = await registered(coordinator);
      expect(errorCode(await register(token))).toBe('FORBIDDEN');
      expect(errorCode(await list(token))).toBe('FORBIDDEN');
      expect(errorCode(await disable(token, endpoint.id, endpoint.version))).toBe('FORBIDDEN');
      expect(errorCode(await enable(token, endpoint.id, endpoint.version))).toBe('FORBIDDEN');
      const [row] = await api.dataSource.query('SELECT active, version FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
      expect(row).toEqual({ active: true, version: 1 });
    });

    it('answers NOT_FOUND to a coordinator of another organisation, and lists nothing of ours to them', async () => {
      const { endpoint } = await registered(coordinator);
      expect(errorCode(await disable(otherCoordinator, endpoint.id, endpoint.version))).toBe('NOT_FOUND');
      expect(errorCode(await enable(otherCoordinator, endpoint.id, endpoint.version))).toBe('NOT_FOUND');
      // Exactly as for an id that does not exist at all.
      expect(errorCode(await disable(otherCoordinator, '00000000-0000-4000-8000-000000000000', 1))).toBe('NOT_FOUND');
      const theirs = await list(otherCoordinator, 100);
      expect(theirs.data!.webhooks.edges.every((e) => e.node.organisationId === other.id)).toBe(true);
      const [row] = await api.dataSource.query('SELECT active, version FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
      expect(row).toEqual({ active: true, version: 1 });
      // The refusal is audited (an endpoint that exists), the unknown id is not.
      const refusals = await api.dataSource.getRepository(AuditEventEntity).findBy({ entityType: 'Webhook', outcome: 'REFUSED', action: 'Mutation.disableWebhook' });
      expect(refusals).toHaveLength(1);
    });

    it('answers UNAUTHENTICATED without a token', async () => {
      expect(errorCode(await api.gql(LIST))).toBe('UNAUTHENTICATED');
      expect(errorCode(await api.gql(REGISTER, { input: { url: 'https://example.org/x' } }))).toBe('UNAUTHENTICATED');
    });
  });

  describe('URLs and event types', () => {
    const refused: [string, string][] = [
      ['plain http to a public host', 'http://partner.example.org/hooks'],
      ['plain http to a private address', 'http://10.0.0.7/hooks'],
      ['plain http to another loopback spelling that is not allowed', 'http://127.0.0.2/hooks'],
      ['another scheme', 'ftp://partner.example.org/hooks'],
      ['a javascript: URL', 'javascript:alert(1)'],
      ['no URL at all', 'not a url at all'],
      ['a relative path', '/hooks/commonground'],
    ];
    it.each(refused)('refuses %s with BAD_USER_INPUT and a message naming https', async (_what, url) => {
      const response = await register(coordinator, url);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.message).toContain('https://');
      expect(response.errors![0]!.message).toContain('127.0.0.1');
    });

    it('explains in the caller’s language, Polish or English', async () => {
      const english = await api.fixtures.user(own, [Role.COORDINATOR], { locale: 'en' });
      const en = await register((await api.login(english.email)).accessToken, 'http://partner.example.org/');
      expect(en.errors![0]!.message).toBe(
        'The webhook URL must be a full https:// address; outside production, http:// to a loopback address (127.0.0.1, localhost, [::1]) is also accepted.',
      );
      const pl = await register(coordinator, 'http://partner.example.org/');
      expect(pl.errors![0]!.message).toBe('Adres webhooka musi być pełnym adresem https://; poza produkcją dozwolony jest też http:// na adres lokalny (127.0.0.1, localhost, [::1]).');
    });

    it('refuses credentials in the URL', async () => {
      const response = await register(coordinator, 'https://user:secret@partner.example.org/hooks');
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.extensions).toMatchObject({ field: 'url' });
    });

    it.each(['https://partner.example.org/hooks?x=1', 'http://127.0.0.1:8080/hooks', 'http://localhost:3999/hooks', 'http://[::1]:4000/hooks'])('accepts %s outside production', async (url) => {
      const { endpoint } = await registered(coordinator, url);
      expect(endpoint.url).toBe(new URL(url).href);
    });

    it('in production accepts https only, and no address plainly inside a private or local network', () => {
      const production = new WebhooksService(api.dataSource, api.app.get(AuditService), { isProduction: true, webhooks: { allowPrivateNetworks: false } } as AppConfig, api.app.get(OutboxService));
      expect(production.checkUrl('https://partner.example.org/hooks')).toBe('https://partner.example.org/hooks');
      expect(production.checkUrl('https://93.184.215.14/hooks')).toBe('https://93.184.215.14/hooks');
      for (const url of ['http://127.0.0.1:8080/hooks', 'http://localhost/hooks', 'http://[::1]/hooks']) {
        expect(() => production.checkUrl(url)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', messageKey: 'webhook.urlHttps' }) as DomainError);
      }
      for (const url of ['https://127.0.0.1/hooks', 'https://localhost/hooks', 'https://10.1.2.3/hooks', 'https://169.254.169.254/latest/meta-data', 'https://[fd00::1]/hooks', 'https://[::ffff:192.168.1.1]/hooks']) {
        expect(() => production.checkUrl(url)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', messageKey: 'webhook.urlPrivate' }) as DomainError);
      }
      // A deployment that opts in (WEBHOOK_PRIVATE_NETWORKS=allow) may reach its own network.
      const onPremises = new WebhooksService(api.dataSource, api.app.get(AuditService), { isProduction: true, webhooks: { allowPrivateNetworks: true } } as AppConfig, api.app.get(OutboxService));
      expect(onPremises.checkUrl('https://10.1.2.3/hooks')).toBe('https://10.1.2.3/hooks');
    });

    it('takes notification event types (each once), or none for all; anything else is BAD_USER_INPUT', async () => {
      const { endpoint } = await registered(coordinator, undefined, ['task.requested', 'case.escalated', 'case.escalated']);
      expect(endpoint.eventTypes).toEqual(['case.escalated', 'task.requested']);
      for (const types of [['case.opened'], ['case.escalated', 'nonsense'], ['']]) {
        const response = await register(coordinator, undefined, types);
        expect(errorCode(response)).toBe('BAD_USER_INPUT');
        expect(response.errors![0]!.extensions).toMatchObject({ field: 'eventTypes' });
      }
    });
  });

  describe('the secret', () => {
    it('is 32 random bytes in base64url, returned once, kept, and never listed nor audited', async () => {
      const first = await registered(coordinator);
      const second = await registered(coordinator);
      expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(first.secret, 'base64url')).toHaveLength(32);
      expect(second.secret).not.toBe(first.secret);

      const stored = await api.dataSource
        .getRepository(WebhookEndpointEntity)
        .createQueryBuilder('w')
        .addSelect('w.secret')
        .where('w.id = :id', { id: first.endpoint.id })
        .getOneOrFail();
      expect(stored.secret).toBe(first.secret);

      const listed = await list(coordinator, 100);
      expect(JSON.stringify(listed)).not.toContain(first.secret);
      const asked = await api.gql('{ webhooks { edges { node { id secret } } } }', {}, { token: coordinator });
      expect(asked.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const audits = await api.dataSource.getRepository(AuditEventEntity).findBy({ entityId: first.endpoint.id });
      expect(audits.map((a) => a.action)).toEqual(['webhook.register']);
      expect(JSON.stringify(audits)).not.toContain(first.secret);
    });
  });

  describe('writes', () => {
    it('checks versions: a stale one is CONFLICT and changes nothing', async () => {
      const { endpoint } = await registered(coordinator);
      expect((await disable(coordinator, endpoint.id, 1)).data!.disableWebhook.version).toBe(2);
      expect(errorCode(await enable(coordinator, endpoint.id, 1))).toBe('CONFLICT');
      expect(errorCode(await disable(coordinator, endpoint.id, 7))).toBe('CONFLICT');
      const [row] = await api.dataSource.query('SELECT active, version FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
      expect(row).toEqual({ active: false, version: 2 });
    });

    it('enabling resets the consecutive failures of an endpoint disabled after failures', async () => {
      const { endpoint } = await registered(coordinator);
      // As the delivery handler leaves it after five failed deliveries.
      await api.dataSource.query('UPDATE webhook_endpoints SET active = false, disabled_at = now(), consecutive_failures = 5, version = version + 1 WHERE id = $1', [endpoint.id]);
      const listed = (await list(coordinator, 100)).data!.webhooks.edges.find((e) => e.node.id === endpoint.id)!.node;
      expect(listed).toMatchObject({ active: false, consecutiveFailures: 5, version: 2 });
      const enabled = await enable(coordinator, endpoint.id, 2);
      expect(enabled.data!.enableWebhook).toMatchObject({ active: true, consecutiveFailures: 0, disabledAt: null, version: 3 });
    });

    it('enabling tells the worker, through the outbox, to send what waited; enabling an enabled endpoint does not', async () => {
      const { endpoint } = await registered(coordinator);
      const events = async () =>
        (await api.dataSource.query(`SELECT type, payload, actor_user_id FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at`, [endpoint.id])) as {
          type: string;
          payload: Record<string, unknown>;
        }[];
      await disable(coordinator, endpoint.id, 1);
      await enable(coordinator, endpoint.id, 2);
      expect(await events()).toEqual([{ type: 'webhook.enabled', payload: { endpointId: endpoint.id, organisationId: own.id }, actor_user_id: expect.any(String) }]);
      await enable(coordinator, endpoint.id, 3);
      expect(await events()).toHaveLength(1);
    });

    it('audits every write, with what changed', async () => {
      const { endpoint } = await registered(coordinator, 'https://audit.example.org/hooks', ['case.escalated']);
      await disable(coordinator, endpoint.id, 1);
      await enable(coordinator, endpoint.id, 2);
      const audits = await api.dataSource.getRepository(AuditEventEntity).find({ where: { entityId: endpoint.id }, order: { occurredAt: 'ASC' } });
      expect(audits.map((a) => [a.action, a.entityType, a.outcome])).toEqual([
        ['webhook.register', 'WebhookEndpoint', 'SUCCESS'],
        ['webhook.disable', 'WebhookEndpoint', 'SUCCESS'],
        ['webhook.enable', 'WebhookEndpoint', 'SUCCESS'],
      ]);
      expect(audits[0]!.changes).toMatchObject({ url: { before: null, after: 'https://audit.example.org/hooks' }, eventTypes: { before: null, after: ['case.escalated'] } });
      expect(audits[1]!.changes).toMatchObject({ active: { before: true, after: false } });
      expect(audits[2]!.changes).toMatchObject({ active: { before: false, after: true } });
    });
  });

  it('lists as a Relay connection, newest first, in pages', async () => {
    const fresh = await api.fixtures.organisation({ kind: OrganisationKind.SCHOOL });
    const { token } = await api.signedIn(fresh, [Role.COORDINATOR]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await registered(token, `https://school.example.org/hooks/${i}`)).endpoint.id);
    const page1: GqlResponse<ListResult> = await list(token, 2);
    expect(page1.data!.webhooks.totalCount).toBe(3);
    expect(page1.data!.webhooks.pageInfo.hasNextPage).toBe(true);
    const page2 = await list(token, 2, page1.data!.webhooks.pageInfo.endCursor!);
    expect(page2.data!.webhooks.pageInfo.hasNextPage).toBe(false);
    const seen = [...page1.data!.webhooks.edges, ...page2.data!.webhooks.edges].map((e) => e.node.id);
    expect(seen).toEqual([...ids].reverse());
    expect(errorCode(await list(token, 2, 'forged'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await list(token, 101))).toBe('BAD_USER_INPUT');
  });
});
