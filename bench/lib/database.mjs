// The benchmarks' databases on the shared PostgreSQL server: where it is, a fresh database, and password hashes
// for the users they insert themselves.
import { Algorithm, hash } from '@node-rs/argon2';
import pg from 'pg';

/** The server (no database name): BENCH_DATABASE_URL, default the local one. */
export const SERVER_URL = (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');

/** Drops `db` (cutting its connections) and creates it empty. */
export async function recreateDatabase(serverUrl, db) {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.end();
  }
}

/** An Argon2id hash with the parameters the API uses, so that signing in costs what it costs in production. */
export function hashPassword(password) {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}
