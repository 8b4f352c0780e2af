import { Role } from '@cg/shared/domain';
import { AuditEventEntity } from '@cg/server/db';
import { TEST_PASSWORD, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';

/** Signs in from `remoteAddress` with a forged X-Forwarded-For and returns the client address the audit trail recorded. */
async function recordedAddress(api: TestApp, remoteAddress: string): Promise<string | null> {
  const organisation = await api.fixtures.organisation();
  const user = await api.fixtures.user(organisation, [Role.STAFF]);
  const response = await api.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
    payload: JSON.stringify({ query: LOGIN, variables: { input: { email: user.email, password: TEST_PASSWORD } } }),
  });
  expect(JSON.parse(response.body).errors).toBeUndefined();
  const event = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'auth.login', actorUserId: user.id });
  return event.clientAddress;
}

describe('client address in the audit trail', () => {
  it('by default X-Forwarded-For is ignored, in production too: the address is the connecting peer’s', async () => {
    const api = await startApi({ NODE_ENV: 'production', JWT_SECRET: 'a-test-secret-of-at-least-thirty-two-characters', HTTP_TRUST_PROXY: '' });
    try {
      expect(await recordedAddress(api, '198.51.100.20')).toBe('198.51.100.20');
      expect(await recordedAddress(api, '127.0.0.1')).toBe('127.0.0.1');
    } finally {
      await api.stop();
    }
  });

  it('with HTTP_TRUST_PROXY, X-Forwarded-For is honoured from the proxies named only', async () => {
    const api = await startApi({ NODE_ENV: 'test', HTTP_TRUST_PROXY: '10.0.0.0/8' });
    try {
      expect(await recordedAddress(api, '10.1.2.3')).toBe('203.0.113.7');
      expect(await recordedAddress(api, '198.51.100.20')).toBe('198.51.100.20');
    } finally {
      await api.stop();
    }
  });
});
