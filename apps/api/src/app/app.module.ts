import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule } from '@cg/server/config';
import { DatabaseModule } from '@cg/server/db';
import { AccessTokenService, AuthzModule, SubscriptionSockets } from '@cg/server/authz';
import { JobsModule } from '@cg/server/jobs';
import { AuditModule } from '@cg/server/audit';
import { IdentityModule } from '@cg/server/identity';
import { CasesModule } from '@cg/server/cases';
import { TasksModule } from '@cg/server/tasks';
import { IndicatorsModule } from '@cg/server/indicators';
import { NotificationsModule } from '@cg/server/notifications';
import { BrowserSessionController } from './browser-session.controller';
import { GraphQLExceptionFilter } from './graphql-exception.filter';
import { graphqlOptions } from './graphql.config';
import { HealthController, MetricsController } from './health.controller';
import { loggerParams, type RequestLogging } from './logging';
import { RateLimitModule, RateLimits } from './rate-limits';
import { HttpDrain } from './shutdown';
import { createValidationPipe } from './validation';
import { WebAppController, WebAppFiles } from './web-app';

export interface AppModuleOptions {
  /** Where logs go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** Extra modules (tests add probes here). */
  imports?: NonNullable<DynamicModule['imports']>;
}

@Module({})
export class AppModule {
  /** `logging`: the requests' loggers, which createApiApp attaches to each request before any middleware runs. */
  static register(options: AppModuleOptions, logging: RequestLogging): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        LoggerModule.forRoot(loggerParams(logging)),
        DatabaseModule,
        AuthzModule,
        JobsModule.forProducer(),
        AuditModule,
        RateLimitModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AppConfig, AccessTokenService, RateLimits, PinoLogger, SubscriptionSockets],
          useFactory: graphqlOptions,
        }),
        IdentityModule,
        CasesModule,
        TasksModule,
        IndicatorsModule,
        NotificationsModule,
        ...(options.imports ?? []),
      ],
      controllers: [HealthController, MetricsController, BrowserSessionController, WebAppController],
      providers: [
        HttpDrain,
        WebAppFiles,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
