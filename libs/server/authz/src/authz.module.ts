import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenService } from './access-token.service';
import { CaseAccess } from './case-access';
import { PoliciesGuard } from './policies.guard';
import { SubscriptionSockets } from './subscription-sockets';

@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [AccessTokenService, CaseAccess, SubscriptionSockets, { provide: APP_GUARD, useClass: PoliciesGuard }],
  exports: [AccessTokenService, CaseAccess, SubscriptionSockets],
})
export class AuthzModule {}
