import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@cg/server/config';
import { dataSourceOptions } from './data-source.options';
import { OutboxService } from './outbox.service';
import { IdempotencyService } from './idempotency.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.database),
    }),
  ],
  providers: [OutboxService, IdempotencyService],
  exports: [OutboxService, IdempotencyService],
})
export class DatabaseModule {}
