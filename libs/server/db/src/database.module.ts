import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@cg/server/config';
import { dataSourceOptions } from './data-source.options';
import { OutboxService } from './outbox.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.database),
    }),
  ],
  providers: [OutboxService],
  exports: [OutboxService],
})
export class DatabaseModule {}
