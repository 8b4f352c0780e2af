import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@cg/server/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { QueryLogger } from './query-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** The one place TypeORM is configured. `synchronize` is never on: the schema comes from migrations. */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+ (and PGlite); no extension needed.
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: config.logQueries ? ['query', 'error'] : ['error'],
    logger: new QueryLogger(config.logQueries),
    // No JIT compilation: the API's statements are short and planned per request, and a list whose cost estimate
    // crosses jit_above_cost (a coordinator's page at 20,000 cases, ordered by the reader's activity) spent 80 ms
    // compiling expressions for a 55 ms query (bench/cases.bench.mjs). Sent at connection start-up, so it costs no
    // statement; the embedded server applies it too (tools/embedded-postgres/multiplexer.js).
    extra: { max: config.poolSize, application_name: 'commonground', options: '-c jit=off' },
  };
}
