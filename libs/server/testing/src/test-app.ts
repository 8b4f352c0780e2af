import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { Role } from '@cg/shared/domain';
import type { OrganisationEntity, UserEntity } from '@cg/server/db';
import { createTestDatabase } from './test-database';
import { Fixtures, TEST_PASSWORD } from './fixtures';
import { LogCapture } from './log-capture';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; locations?: unknown[]; extensions?: Record<string, unknown> }[];
  headers: Record<string, unknown>;
}

export interface GqlOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Send this raw body instead of { query, variables }. */
  rawBody?: string;
  /** The client address the request comes from (127.0.0.1 unless told). */
  remoteAddress?: string;
}

/**
 * Rate limits high enough that no test meets them by signing in or writing from one address, unless it sets
 * lower ones on purpose (through `env`).
 */
export const TEST_RATE_LIMITS = {
  RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
  RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000',
  RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
} as const;

type AppFactory = (options: { logDestination: LogCapture }) => Promise<NestFastifyApplication>;

/**
 * One API per test file, on its own fresh database and its own queue prefix, talking to the real
 * PostgreSQL and Redis. Requests go through Fastify's full HTTP pipeline (inject).
 */
export class TestApp {
  readonly logs = new LogCapture();
  app!: NestFastifyApplication;
  dataSource!: DataSource;
  fixtures!: Fixtures;
  databaseUrl!: string;
  private dropDatabase: (() => Promise<void>) | null = null;

  static async start(factory: AppFactory, env: Record<string, string> = {}): Promise<TestApp> {
    const testApp = new TestApp();
    const database = await createTestDatabase();
    testApp.dropDatabase = database.drop;
    testApp.databaseUrl = database.url;
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '20',
      QUEUE_PREFIX: `cgt-${randomBytes(4).toString('hex')}`,
      ...TEST_RATE_LIMITS,
      ...env,
    });
    testApp.app = await factory({ logDestination: testApp.logs });
    await testApp.app.init();
    await testApp.app.getHttpAdapter().getInstance().ready();
    testApp.dataSource = testApp.app.get(DataSource);
    testApp.fixtures = new Fixtures(testApp.dataSource);
    return testApp;
  }

  async stop(): Promise<void> {
    await (this.app as INestApplication | undefined)?.close();
    await this.dropDatabase?.();
  }

  async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, options: GqlOptions = {}): Promise<GqlResponse<T>> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      payload: options.rawBody ?? JSON.stringify({ query, variables }),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
    const body = response.body ? (JSON.parse(response.body) as Omit<GqlResponse<T>, 'status' | 'headers'>) : {};
    return { status: response.statusCode, headers: response.headers, ...body };
  }

  async login(email: string, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
    const response = await this.gql<{ login: { accessToken: string; refreshToken: string } }>(
      'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }',
      { input: { email, password } },
    );
    if (!response.data?.login) throw new Error(`login failed: ${JSON.stringify(response.errors)}`);
    return response.data.login;
  }

  /** A user with these roles in that organisation, signed in. */
  async signedIn(organisation: OrganisationEntity, roles: Role[]): Promise<{ user: UserEntity; token: string }> {
    const user = await this.fixtures.user(organisation, roles);
    const { accessToken } = await this.login(user.email);
    return { user, token: accessToken };
  }

  /** Counts the SQL statements the API issues while `fn` runs (every query goes through TypeORM's logger). */
  async countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; queries: string[] }> {
    const queries: string[] = [];
    const logger = this.dataSource.logger as unknown as { logQuery: (query: string) => void };
    const original = logger.logQuery;
    logger.logQuery = (query: string) => {
      queries.push(query);
    };
    try {
      const result = await fn();
      return { result, count: queries.length, queries };
    } finally {
      logger.logQuery = original;
    }
  }
}

export function errorCode(response: GqlResponse<unknown>): unknown {
  return response.errors?.[0]?.extensions?.code;
}
