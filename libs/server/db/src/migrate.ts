import { Client, type QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@cg/server/config';
import { dataSourceOptions } from './data-source.options';
import { execute, sql } from './sql';

/** Creates the database named in the URL when it does not exist (connects to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Unsupported database name in DATABASE_URL: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await execute<QueryResult>(client, sql`SELECT 1 FROM pg_database WHERE datname = ${name}`);
    if (found.rowCount === 0) await execute(client, sql`CREATE DATABASE ${sql.quoted(name)}`);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns their names. */
export async function runMigrations(config: DatabaseConfig): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** The SQL that would bring the database in line with the entities; empty when they agree. */
export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

export async function pendingSchemaChanges(config: DatabaseConfig): Promise<{ up: SchemaQuery[]; down: SchemaQuery[] }> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((q) => ({ query: q.query, parameters: q.parameters })),
      down: sql.downQueries.map((q) => ({ query: q.query, parameters: q.parameters })),
    };
  } finally {
    await dataSource.destroy();
  }
}
