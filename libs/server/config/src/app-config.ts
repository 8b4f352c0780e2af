import { z } from 'zod';
import { envSchema, type Env } from './config.schema';

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  logQueries: boolean;
}
export interface RedisConfig {
  backend: 'redis' | 'postgres';
  url: string;
  prefix: string;
  /** Lock of delivery and maintenance jobs: how long before a dead worker's jobs are taken over. */
  lockMs: number;
  /** Lock of the notifications queue (fan-out, idempotent): taken over sooner. */
  fanOutLockMs: number;
  /** Stalls a job survives before it is failed. */
  maxStalled: number;
  /** First retry delay of relayed jobs, doubled at each attempt. */
  retryBaseMs: number;
}
export interface OutboxConfig {
  /** Whether the outbox relay and its reconciler run (OUTBOX_RELAY). */
  relay: boolean;
  /** A published event not fanned out after this long is enqueued again. */
  reconcileAfterMs: number;
  /** Lag above which delivery is reported as behind. */
  lagAlertSeconds: number;
}
export interface AuthConfig {
  /** secret */
  jwtSecret: string;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Seconds during which a rotated refresh token presented again gets the same successor. */
  refreshReuseGraceSeconds: number;
}
export interface IdempotencyConfig {
  /** How long a key replays the first result of a creating mutation. */
  keyTtlHours: number;
}
export interface RateLimitConfig {
  /** Where the counts live: Redis (shared by every API instance) or the API process's memory (the embedded default). */
  store: 'redis' | 'memory';
  /** Each limit counts over one minute. */
  windowSeconds: number;
  /** `login`, `refreshSession` and the dashboard's sign-in form, per client address. */
  signInPerAddress: number;
  /** Mutations (each root field counts), per signed-in user. */
  mutationsPerUser: number;
  /** Every HTTP request but health checks, per client address. */
  requestsPerAddress: number;
}
export interface MailConfig {
  from: string;
  /** secret (may hold credentials) */
  smtpUrl?: string;
  /** Where e-mails go as .eml files when there is no SMTP_URL (development). */
  dir: string;
}
export interface WebhookConfig {
  /** Deliveries may connect to private, loopback and link-local addresses. */
  allowPrivateNetworks: boolean;
}
export interface HttpConfig {
  host: string;
  port: number;
  bodyLimitBytes: number;
  /** Fastify's `trustProxy`: false (default: X-Forwarded-For ignored), a hop count, or proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  publicUrl: string;
  /** The web app's build output as configured (WEB_DIST_DIR); unset: the API finds `dist/apps/web` of its repository. */
  webDistDir?: string;
  workerHealthPort: number;
  shutdownGraceMs: number;
}

export interface MapConfig {
  /** The tile server's URL template ({z}/{x}/{y}); undefined: none, the map draws on a plain background. */
  tileUrl?: string;
  tileAttribution: string;
  /** The tile server's origin, which the web app's content security policy lets images come from. */
  tileOrigin?: string;
}

export interface AttachmentsConfig {
  storage: 'local' | 's3';
  /** The local driver's files, and every driver's upload scratch space (`.tmp` inside it). */
  dir: string;
  maxBytes: number;
  linkTtlSeconds: number;
  s3: {
    endpoint?: string;
    region: string;
    bucket?: string;
    accessKeyId?: string;
    /** secret */
    secretAccessKey?: string;
    forcePathStyle: boolean;
  };
}

export class AppConfig {
  readonly env: Env['NODE_ENV'];
  readonly logLevel: Env['LOG_LEVEL'];
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
  readonly http: HttpConfig;
  readonly webhooks: WebhookConfig;
  readonly rateLimits: RateLimitConfig;
  readonly outbox: OutboxConfig;
  readonly idempotency: IdempotencyConfig;
  readonly map: MapConfig;
  readonly attachments: AttachmentsConfig;

  constructor(env: Env) {
    this.env = env.NODE_ENV;
    this.logLevel = env.LOG_LEVEL;
    this.database = { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, logQueries: env.DATABASE_LOG_QUERIES };
    this.redis = {
      backend: env.QUEUE_BACKEND,
      url: env.REDIS_URL,
      prefix: env.QUEUE_PREFIX,
      lockMs: env.QUEUE_LOCK_MS,
      fanOutLockMs: env.QUEUE_FAN_OUT_LOCK_MS,
      maxStalled: env.QUEUE_MAX_STALLED,
      retryBaseMs: env.QUEUE_RETRY_BASE_MS,
    };
    this.outbox = { relay: env.OUTBOX_RELAY === 'on', reconcileAfterMs: env.OUTBOX_RECONCILE_AFTER_MS, lagAlertSeconds: env.OUTBOX_LAG_ALERT_SECONDS };
    this.auth = {
      jwtSecret: env.JWT_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TTL_DAYS,
      loginMaxFailures: env.LOGIN_MAX_FAILURES,
      loginLockMinutes: env.LOGIN_LOCK_MINUTES,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
    };
    this.idempotency = { keyTtlHours: env.IDEMPOTENCY_KEY_TTL_HOURS };
    // The origin of a template, its subdomain placeholder {s} as a wildcard (a content security policy's host source).
    const tileOrigin = env.MAP_TILE_URL ? new URL(env.MAP_TILE_URL.replace(/\{s\}/g, '*').replace(/\{[zxy]\}/g, '0')).origin : undefined;
    this.map = { tileUrl: env.MAP_TILE_URL, tileAttribution: env.MAP_TILE_ATTRIBUTION, tileOrigin };
    this.attachments = {
      storage: env.ATTACHMENTS_STORAGE,
      dir: env.ATTACHMENTS_DIR,
      maxBytes: env.ATTACHMENTS_MAX_BYTES,
      linkTtlSeconds: env.ATTACHMENTS_LINK_TTL_SECONDS,
      s3: {
        endpoint: env.ATTACHMENTS_S3_ENDPOINT,
        region: env.ATTACHMENTS_S3_REGION,
        bucket: env.ATTACHMENTS_S3_BUCKET,
        accessKeyId: env.ATTACHMENTS_S3_ACCESS_KEY_ID,
        secretAccessKey: env.ATTACHMENTS_S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.ATTACHMENTS_S3_FORCE_PATH_STYLE,
      },
    };
    this.mail = { from: env.MAIL_FROM, smtpUrl: env.SMTP_URL, dir: env.MAIL_DIR };
    this.http = {
      host: env.HTTP_HOST,
      port: env.HTTP_PORT,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      trustProxy: env.HTTP_TRUST_PROXY ?? false,
      publicUrl: env.PUBLIC_URL ?? `http://${env.HTTP_HOST}:${env.HTTP_PORT}`,
      webDistDir: env.WEB_DIST_DIR,
      workerHealthPort: env.WORKER_HEALTH_PORT,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    };
    this.rateLimits = {
      store: env.QUEUE_BACKEND === 'redis' ? 'redis' : 'memory',
      windowSeconds: 60,
      signInPerAddress: env.RATE_LIMIT_SIGN_IN_PER_MINUTE,
      mutationsPerUser: env.RATE_LIMIT_MUTATIONS_PER_MINUTE,
      requestsPerAddress: env.RATE_LIMIT_REQUESTS_PER_MINUTE,
    };
    this.webhooks = { allowPrivateNetworks: env.WEBHOOK_PRIVATE_NETWORKS ? env.WEBHOOK_PRIVATE_NETWORKS === 'allow' : env.NODE_ENV !== 'production' };
  }

  get isProduction(): boolean {
    return this.env === 'production';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once. Outside production a development JWT secret is allowed. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    input[key] = value === '' ? undefined : value;
  }
  if (!input.JWT_SECRET && input.NODE_ENV !== 'production') {
    input.JWT_SECRET = 'development-only-secret-do-not-use-in-production';
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, input)));
  }
  return new AppConfig(parsed.data);
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, string | undefined>): string {
  const variable = issue.path.join('.') || '(environment)';
  if (input[variable] === undefined) return `${variable} is required but missing`;
  return `${variable} is malformed: ${issue.message}`;
}
