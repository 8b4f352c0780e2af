import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const port = z.coerce.number().int().min(0).max(65535);

/** `false`, a hop count (1–10), or a comma-separated list of IP addresses and CIDR ranges. */
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const text = value.trim();
  if (text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops <= 10) return hops;
  } else {
    const entries = text.split(',').map((entry) => entry.trim());
    if (entries.every(isAddressOrCidr)) return entries;
  }
  ctx.addIssue({ code: 'custom', message: 'must be false, a hop count from 1 to 10, or a comma-separated list of IP addresses or CIDR ranges' });
  return z.NEVER;
});

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (!address || rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Each group reads only its own variables; secrets are marked so that nothing prints them. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/commonground'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_LOG_QUERIES: bool.default(false),

  QUEUE_BACKEND: z.enum(['redis', 'postgres']).default('redis'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** How long a worker holds a job before another may take it over (a killed worker's jobs come back after this). */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * The notifications queue's lock: fan-out is idempotent (one notification per event and recipient), so a dead
   * worker's fan-out jobs may be taken over sooner than other jobs (e-mails, webhooks, which reach the outside).
   */
  QUEUE_FAN_OUT_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  /** How often a job may stall (its worker died) and be run again before BullMQ fails it; BullMQ's own default is 1. */
  QUEUE_MAX_STALLED: z.coerce.number().int().min(1).max(100).default(5),
  /** First retry delay of relayed jobs (fan-out), doubled at each of their 8 attempts: about 2 minutes in all by default. */
  QUEUE_RETRY_BASE_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /**
   * A published event whose fan-out has not completed this long after it was handed to the queue (failed, stalled
   * out, lost with Redis) is enqueued again. Longer than the fan-out's own retries by default.
   */
  OUTBOX_RECONCILE_AFTER_MS: z.coerce.number().int().min(500).max(86_400_000).default(180_000),
  /** Outbox lag (age of the oldest event not yet fanned out) above which metrics and readiness report delivery as behind. */
  OUTBOX_LAG_ALERT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Whether the outbox relay and reconciler run in this process (`off` in tests that drive them by hand). */
  OUTBOX_RELAY: z.enum(['on', 'off']).default('on'),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'letters, digits, - and _ only').default('cg'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /**
   * A refresh token presented again this soon after it was rotated gets the same successor (two tabs
   * refreshing at once); later, a reuse revokes the whole session family. 0 turns the grace off.
   */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /**
   * How long an `Idempotency-Key` answers a retried creating mutation with its first result (1 hour to 30 days);
   * after it, the key is forgotten (purged hourly) and the same key writes anew.
   */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),

  /**
   * Rate limits, counted per minute (a window that opens with the first request counted) (in Redis with QUEUE_BACKEND=redis, so they hold across API instances;
   * in the API's memory on the embedded default). Sign-in: `login`, `refreshSession` and the queue dashboard's form,
   * per client address. Mutations: per signed-in user. Requests: every HTTP request but health checks, per address.
   */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  RATE_LIMIT_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  RATE_LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),

  MAIL_FROM: z.string().email().default('commonground@localhost.test'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** Without SMTP_URL (development), each e-mail is written here as an .eml file; relative to the working directory. */
  MAIL_DIR: z.string().min(1).default('.data/mail'),
  /**
   * Whether webhooks may reach private, loopback and link-local addresses (checked on the address actually
   * connected to). Default: denied in production, allowed elsewhere (a receiver on the developer's machine).
   */
  WEBHOOK_PRIVATE_NETWORKS: z.enum(['allow', 'deny']).optional(),

  /**
   * Attachments (photos, PDFs, office documents on cases, updates and partner input): where files are stored
   * (`local`: ATTACHMENTS_DIR on this machine; `s3`: an S3-compatible bucket), the largest file accepted, and how
   * long a download link stays valid. Uploads are first written to ATTACHMENTS_DIR/.tmp whichever the driver.
   */
  ATTACHMENTS_STORAGE: z.enum(['local', 's3']).default('local'),
  ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  ATTACHMENTS_MAX_BYTES: z.coerce.number().int().min(1024).max(1_073_741_824).default(26_214_400),
  ATTACHMENTS_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  ATTACHMENTS_S3_ENDPOINT: url(['http:', 'https:']).optional(),
  ATTACHMENTS_S3_REGION: z.string().min(1).default('us-east-1'),
  ATTACHMENTS_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name').optional(),
  ATTACHMENTS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ATTACHMENTS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addressing (http://endpoint/bucket/key), which most S3-compatible servers need. */
  ATTACHMENTS_S3_FORCE_PATH_STYLE: bool.default(true),

  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  /**
   * Which proxies may set X-Forwarded-For (the client address in the audit trail). Unset or `false`: none,
   * the address is the connecting peer's. A number: that many hops in front of the API. Otherwise a
   * comma-separated list of proxy addresses or CIDR ranges.
   */
  HTTP_TRUST_PROXY: trustProxy.optional(),
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(102_400),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  /** The web app's build output (index.html, assets/); unset: `dist/apps/web` of the repository the API was built in. */
  WEB_DIST_DIR: z.string().min(1).optional(),
  /**
   * The map's tile server, a URL template with {z}, {x} and {y} (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png).
   * Unset: no tiles; the map shows the cases on a plain background with the district outlines.
   */
  MAP_TILE_URL: z
    .string()
    .refine((value) => ['{z}', '{x}', '{y}'].every((part) => value.includes(part)) && isHttpUrl(value.replace(/\{s\}/g, 'a').replace(/\{[zxy]\}/g, '0')), {
      message: 'must be an http:// or https:// URL template containing {z}, {x} and {y} (and optionally {s})',
    })
    .optional(),
  /** The attribution the tile server's licence asks for, shown on the map (e.g. © OpenStreetMap contributors). */
  MAP_TILE_ATTRIBUTION: z.string().max(300).default(''),
  WORKER_HEALTH_PORT: port.default(3001),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});

export type Env = z.infer<typeof envSchema>;
