import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives sensible local defaults', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/commonground');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.auth.accessTtlSeconds).toBe(900);
    expect(config.auth.loginMaxFailures).toBe(5);
    expect(config.auth.loginLockMinutes).toBe(15);
  });

  it('lets webhooks reach private networks outside production only, unless told otherwise', () => {
    const secret = { JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({}).webhooks.allowPrivateNetworks).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).webhooks.allowPrivateNetworks).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...secret, WEBHOOK_PRIVATE_NETWORKS: 'allow' }).webhooks.allowPrivateNetworks).toBe(true);
    expect(loadConfig({ WEBHOOK_PRIVATE_NETWORKS: 'deny' }).webhooks.allowPrivateNetworks).toBe(false);
    expect(() => loadConfig({ WEBHOOK_PRIVATE_NETWORKS: 'sometimes' })).toThrow(/WEBHOOK_PRIVATE_NETWORKS is malformed/);
  });

  it('names the malformed variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', HTTP_PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', HTTP_PORT: 'eighty' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL is malformed');
      expect(message).toContain('HTTP_PORT is malformed');
    }
  });

  it('requires a JWT secret in production and names it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required but missing/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET is malformed/);
  });

  it('does not put the secret in the error', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'tiny-secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('tiny-secret') }),
    );
  });
});
