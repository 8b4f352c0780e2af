import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { DomainError } from '@cg/shared/domain';
import { OrganisationModel } from '@cg/server/core';
import { OrganisationsService } from '../organisations/organisations.service';
import { ChangeMyPasswordInput, CreateUserInput, DeactivateUserInput, ReactivateUserInput, SetUserRolesInput, UpdateMyProfileInput, UpdateUserInput, UsersArgs } from './user.inputs';
import { UserConnection, UserModel } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => UserConnection, { description: 'Users the caller may see: administrators all; coordinators, staff and partners their own organisation; analysts and auditors only themselves.' })
  @Policy('read', 'User')
  users(@Args() args: UsersArgs, @CurrentRequest() request: RequestContext) {
    return this.service.list(request, args.filter, args.first, args.after);
  }

  @Mutation(() => UserModel)
  @Policy('create', 'User')
  createUser(@Args('input') input: CreateUserInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'createUser', input, () => this.service.create(request, input), async (id: string) => {
      const user = await this.service.findVisible(request, id);
      if (!user) throw DomainError.notFound('User');
      return user;
    });
  }

  @Mutation(() => UserModel, { description: 'Replaces the roles; applies at the user’s next request.' })
  @Policy('update', 'User')
  setUserRoles(@Args('input') input: SetUserRolesInput, @CurrentRequest() request: RequestContext) {
    return this.service.setRoles(request, input);
  }

  @Mutation(() => UserModel, {
    description:
      'Changes the fields given. Administrators: display name, locale, weekly capacity, roles (a role removed applies at the user’s next request). Coordinators: the weekly capacity of colleagues in their organisation. Everyone: their own locale.',
  })
  @Policy('update', 'User')
  updateUser(@Args('input') input: UpdateUserInput, @CurrentRequest() request: RequestContext) {
    return this.service.update(request, input);
  }

  @Mutation(() => UserModel, { description: 'Turns a deactivated user back on (administrators); they sign in again.' })
  @Policy('reactivate', 'User')
  reactivateUser(@Args('input') input: ReactivateUserInput, @CurrentRequest() request: RequestContext) {
    return this.service.reactivate(request, input);
  }

  @Mutation(() => UserModel, {
    description: 'Changes the signed-in person’s password (the current one is required; at least 12 characters, common ones refused). Their other sessions end; this one continues.',
  })
  @Authenticated()
  changeMyPassword(@Args('input') input: ChangeMyPasswordInput, @CurrentRequest() request: RequestContext) {
    return this.service.changeOwnPassword(request, input);
  }

  @Mutation(() => UserModel, { description: 'The signed-in person’s own language (any role); applies from the next request on, and is audited.' })
  @Authenticated()
  updateMyProfile(@Args('input') input: UpdateMyProfileInput, @CurrentRequest() request: RequestContext) {
    return this.service.updateOwnProfile(request, input);
  }

  @Mutation(() => UserModel, { description: 'Deactivates the user; their sessions end at once.' })
  @Policy('deactivate', 'User')
  deactivateUser(@Args('input') input: DeactivateUserInput, @CurrentRequest() request: RequestContext) {
    return this.service.deactivate(request, input);
  }

  @ResolveField(() => OrganisationModel)
  organisation(@Parent() user: UserModel, @GqlContext() context: GraphQLContext) {
    return this.organisations.loader(context).load(user.organisationId);
  }
}
