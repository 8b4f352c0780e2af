import { Module } from '@nestjs/common';
import { AgreementsResolver } from './agreements/agreements.resolver';
import { AgreementsService } from './agreements/agreements.service';
import { AgreementExpiryHandler } from './agreements/agreement-expiry.handler';
import { AuthResolver } from './auth/auth.resolver';
import { AuthService } from './auth/auth.service';
import { PasswordService } from './auth/password.service';
import { PurgeExpiredRefreshTokensHandler } from './auth/purge-refresh-tokens.handler';
import { PurgeExpiredIdempotencyKeysHandler } from './auth/purge-idempotency-keys.handler';
import { OrganisationsResolver } from './organisations/organisations.resolver';
import { OrganisationsService } from './organisations/organisations.service';
import { UsersResolver } from './users/users.resolver';
import { UsersService } from './users/users.service';

const services = [PasswordService, AuthService, OrganisationsService, UsersService, AgreementsService];

/** Organisations, users, partnership agreements, sign-in: the GraphQL side, for the API. */
@Module({
  providers: [...services, AuthResolver, OrganisationsResolver, UsersResolver, AgreementsResolver],
  exports: services,
})
export class IdentityModule {}

/** The identity jobs, for the worker: no resolvers. */
@Module({
  providers: [...services, PurgeExpiredRefreshTokensHandler, PurgeExpiredIdempotencyKeysHandler, AgreementExpiryHandler],
  exports: services,
})
export class IdentityJobsModule {}
