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

  it('keeps rate limits in Redis with the Redis queue backend and in memory on the embedded default, and validates them', () => {
    expect(loadConfig({}).rateLimits).toEqual({ store: 'redis', windowSeconds: 60, signInPerAddress: 10, mutationsPerUser: 120, requestsPerAddress: 1200 });
    expect(loadConfig({ QUEUE_BACKEND: 'postgres', RATE_LIMIT_SIGN_IN_PER_MINUTE: '3' }).rateLimits).toMatchObject({ store: 'memory', signInPerAddress: 3 });
    expect(() => loadConfig({ RATE_LIMIT_MUTATIONS_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_MUTATIONS_PER_MINUTE is malformed/);
    expect(() => loadConfig({ RATE_LIMIT_REQUESTS_PER_MINUTE: 'many' })).toThrow(/RATE_LIMIT_REQUESTS_PER_MINUTE is malformed/);
  });

  it('keeps idempotency keys 24 hours by default, within 1 hour and 30 days', () => {
    expect(loadConfig({}).idempotency.keyTtlHours).toBe(24);
    expect(loadConfig({ IDEMPOTENCY_KEY_TTL_HOURS: '720' }).idempotency.keyTtlHours).toBe(720);
    for (const bad of ['0', '721', '1.5', 'day']) {
      expect(() => loadConfig({ IDEMPOTENCY_KEY_TTL_HOURS: bad })).toThrow(/IDEMPOTENCY_KEY_TTL_HOURS is malformed/);
    }
  });

  it('lets webhooks reach private networks outside production only, unless told otherwise', () => {
    const secret = { JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({}).webhooks.allowPrivateNetworks).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).webhooks.allowPrivateNetworks).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...secret, WEBHOOK_PRIVATE_NETWORKS: 'allow' }).webhooks.allowPrivateNetworks).toBe(true);
    expect(loadConfig({ WEBHOOK_PRIVATE_NETWORKS: 'deny' }).webhooks.allowPrivateNetworks).toBe(false);
    expect(() => loadConfig({ WEBHOOK_PRIVATE_NETWORKS: 'sometimes' })).toThrow(/WEBHOOK_PRIVATE_NETWORKS is malformed/);
  });

  it('trusts no proxy unless told: X-Forwarded-For is ignored by default, in production too', () => {
    const secret = { JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).http.trustProxy).toBe(false);
    expect(loadConfig({ HTTP_TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ HTTP_TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ HTTP_TRUST_PROXY: '10.0.0.0/8, 192.168.1.10,::1' }).http.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10', '::1']);
    for (const bad of ['true', '11', '10.0.0.0/33', 'proxy.internal', '10.0.0.1,', '-1']) {
      expect(() => loadConfig({ HTTP_TRUST_PROXY: bad })).toThrow(/HTTP_TRUST_PROXY is malformed/);
    }
  });

  it('gives a rotated refresh token a short grace, configurable and possibly off', () => {
    expect(loadConfig({}).auth.refreshReuseGraceSeconds).toBe(5);
    expect(loadConfig({ REFRESH_REUSE_GRACE_SECONDS: '0' }).auth.refreshReuseGraceSeconds).toBe(0);
    expect(() => loadConfig({ REFRESH_REUSE_GRACE_SECONDS: '3600' })).toThrow(/REFRESH_REUSE_GRACE_SECONDS is malformed/);
  });

  it('sizes locks, stalls, retries and the reconciler for the work, each configurable and bounded', () => {
    const config = loadConfig({});
    expect(config.redis).toMatchObject({ lockMs: 30_000, fanOutLockMs: 10_000, maxStalled: 5, retryBaseMs: 1000 });
    expect(config.outbox).toEqual({ relay: true, reconcileAfterMs: 180_000, lagAlertSeconds: 300 });
    expect(loadConfig({ OUTBOX_RELAY: 'off' }).outbox.relay).toBe(false);
    expect(() => loadConfig({ OUTBOX_RELAY: 'no' })).toThrow(/OUTBOX_RELAY is malformed/);
    expect(loadConfig({ OUTBOX_RECONCILE_AFTER_MS: '1000', QUEUE_MAX_STALLED: '1' })).toMatchObject({ outbox: { reconcileAfterMs: 1000 }, redis: { maxStalled: 1 } });
    expect(() => loadConfig({ OUTBOX_RECONCILE_AFTER_MS: '10' })).toThrow(/OUTBOX_RECONCILE_AFTER_MS is malformed/);
    expect(() => loadConfig({ QUEUE_MAX_STALLED: '0' })).toThrow(/QUEUE_MAX_STALLED is malformed/);
    expect(() => loadConfig({ QUEUE_FAN_OUT_LOCK_MS: 'soon' })).toThrow(/QUEUE_FAN_OUT_LOCK_MS is malformed/);
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

  it('reads the map tile server as a {z}/{x}/{y} template, its origin for the content security policy, none by default', () => {
    expect(loadConfig({}).map).toEqual({ tileUrl: undefined, tileAttribution: '', tileOrigin: undefined });
    expect(loadConfig({ MAP_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© OSM' }).map).toEqual({
      tileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
      tileAttribution: '© OSM',
      tileOrigin: 'https://*.tile.example.org',
    });
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.org/map.png' })).toThrow(/MAP_TILE_URL is malformed/);
    expect(() => loadConfig({ MAP_TILE_URL: 'ftp://tiles.example.org/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_URL is malformed/);
  });
});
