import { Global, Module } from '@nestjs/common';
import { AuditEventsResolver } from './audit-events.resolver';
import { AuditEventsService } from './audit-events.service';
import { AuditService } from './audit.service';

@Global()
@Module({
  providers: [AuditService, AuditEventsService, AuditEventsResolver],
  exports: [AuditService],
})
export class AuditModule {}
