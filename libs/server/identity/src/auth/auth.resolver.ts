import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentRequest, Public } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { DomainError } from '@cg/shared/domain';
import { UserModel } from '../users/user.model';
import { UsersService } from '../users/users.service';
import { AuthPayload, LoginInput, RefreshSessionInput } from './auth.models';
import { AuthService } from './auth.service';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Mutation(() => AuthPayload)
  @Public()
  login(@Args('input') input: LoginInput, @CurrentRequest() request: RequestContext) {
    return this.auth.login(request, input.email, input.password);
  }

  @Mutation(() => AuthPayload)
  @Public()
  refreshSession(@Args('input') input: RefreshSessionInput, @CurrentRequest() request: RequestContext) {
    return this.auth.refresh(request, input.refreshToken);
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
