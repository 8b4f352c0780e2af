#!/usr/bin/env node
// The baseline for bench/notifications.bench.mjs: a bare BullMQ worker (no Nest, no outbox, no relay, no recipient
// resolution, no e-mail/webhook/realtime follow-ups) whose processor does the same database insert as the fan-out:
// one `notifications` row per recipient of the event, ON CONFLICT (event_id, user_id) DO NOTHING. The job carries the
// recipients. Same Redis, same prefix scheme, same concurrency (8) and pool size (10) as the real worker's
// notifications queue. Started by the bench as a child process; tells it "ready" over IPC; SIGTERM closes it.
//
// Env: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, BASELINE_QUEUE (default notifications), BASELINE_CONCURRENCY (8),
// DATABASE_POOL_SIZE (10), QUEUE_LOCK_MS (30000).
import { Worker } from 'bullmq';
import pg from 'pg';
import { redisOptions } from './lib/net.mjs';

const connection = { ...redisOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), maxRetriesPerRequest: null };
const lockMs = Number(process.env.QUEUE_LOCK_MS ?? 30_000);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), application_name: 'cg-bench-baseline' });

const INSERT = `INSERT INTO notifications (event_id, user_id, type, case_id, payload, email_mode, occurred_at)
  SELECT $1, u, $2, $3, $4, 'IMMEDIATE', $5 FROM unnest($6::uuid[]) AS r(u)
  ON CONFLICT (event_id, user_id) DO NOTHING`;

const worker = new Worker(
  process.env.BASELINE_QUEUE ?? 'notifications',
  async (job) => {
    const { eventId, type, caseId, payload, occurredAt, userIds } = job.data;
    const result = await pool.query(INSERT, [eventId, type, caseId, payload, occurredAt, userIds]);
    return { created: result.rowCount };
  },
  {
    connection,
    prefix: process.env.QUEUE_PREFIX,
    concurrency: Number(process.env.BASELINE_CONCURRENCY ?? 8),
    lockDuration: lockMs,
    stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
  },
);
worker.on('failed', (job, error) => process.stderr.write(`baseline job ${job?.id} failed: ${error.message}\n`));
worker.on('error', (error) => process.stderr.write(`baseline worker error: ${error.message}\n`));

await worker.waitUntilReady();
process.send?.({ ready: true });

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await worker.close();
  await pool.end();
  process.exit(0);
}
process.on('SIGTERM', close);
process.on('SIGINT', close);
process.on('disconnect', close);
