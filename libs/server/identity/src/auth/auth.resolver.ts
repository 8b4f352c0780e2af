import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentRequest, Public } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { DomainError } from '@cg/shared/domain';
import { UserModel } from '../users/user.model';
import { UsersService } from '../users/users.service';
import { AuthPayload, LoginInput, RefreshSessionInput } from './auth.models';
import { AuthService, type SessionTokens } from './auth.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Mutation(() => AuthPayload)
  @Public()
  async login(@Args('input') input: LoginInput, @CurrentRequest() request: RequestContext) {
    const session = await this.auth.login(request, input.email, input.password);
    this.actAs(request, session);
    return session;
  }

  @Mutation(() => AuthPayload)
  @Public()
  async refreshSession(@Args('input') input: RefreshSessionInput, @CurrentRequest() request: RequestContext) {
    const session = await this.auth.refresh(request, input.refreshToken);
    this.actAs(request, session);
    return session;
  }

  /** The rest of this request (the payload's nested fields) is read as the person who just signed in. */
  private actAs(request: RequestContext, session: SessionTokens): void {
    request.actor = session.actor;
  }

  @Mutation(() => Boolean, { description: 'Ends the current session (all its refresh tokens).' })
  @Authenticated()
  logout(@CurrentRequest() request: RequestContext) {
    return this.auth.logout(request);
  }

  @Query(() => UserModel)
  @Authenticated()
  async me(@CurrentRequest() request: RequestContext) {
    const user = await this.users.findVisible(request, request.actor?.userId ?? '');
    if (!user) throw DomainError.unauthenticated();
    return user;
  }
}
