import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentRequest, Policy } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { AuditEventConnection, AuditEventModel, AuditEventsArgs } from './audit-event.model';
import { AuditEventsService } from './audit-events.service';

@Resolver(() => AuditEventModel)
export class AuditEventsResolver {
  constructor(private readonly events: AuditEventsService) {}

  @Query(() => AuditEventConnection, { description: 'The audit trail, newest first. AUDITOR only.' })
  @Policy('read', 'AuditEvent')
  auditEvents(@Args() args: AuditEventsArgs, @CurrentRequest() request: RequestContext) {
    return this.events.list(request, args.filter, args.first, args.after);
  }
}
