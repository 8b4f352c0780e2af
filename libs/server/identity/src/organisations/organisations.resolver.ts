import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { IdArg, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { DomainError } from '@cg/shared/domain';

import { CreateOrganisationInput, DeactivateOrganisationInput, OrganisationsArgs } from './organisation.inputs';
import { OrganisationConnection, OrganisationModel } from '@cg/server/core';
import { OrganisationsService } from './organisations.service';

@Resolver(() => OrganisationModel)
export class OrganisationsResolver {
  constructor(
    private readonly service: OrganisationsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => OrganisationConnection, { description: 'The directory of partner organisations.' })
  @Policy('read', 'Organisation')
  organisations(@Args() args: OrganisationsArgs, @CurrentRequest() request: RequestContext) {
    return this.service.list(request, args.filter, args.first, args.after);
  }

  @Query(() => OrganisationModel)
  @Policy('read', 'Organisation')
  async organisation(@Args() { id }: IdArg, @GqlContext() context: GraphQLContext) {
    const organisation = await this.service.loader(context).load(id);
    if (!organisation) throw DomainError.notFound('Organisation');
    return organisation;
  }

  @Mutation(() => OrganisationModel)
  @Policy('create', 'Organisation')
  createOrganisation(@Args('input') input: CreateOrganisationInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'createOrganisation', input, () => this.service.create(request, input), async (id: string) => {
      const [organisation] = await this.service.findByIds(request, [id]);
      if (!organisation) throw DomainError.notFound('Organisation');
      return organisation;
    });
  }

  @Mutation(() => OrganisationModel)
  @Policy('deactivate', 'Organisation')
  deactivateOrganisation(@Args('input') input: DeactivateOrganisationInput, @CurrentRequest() request: RequestContext) {
    return this.service.deactivate(request, input);
  }

  @ResolveField(() => OrganisationModel, { nullable: true })
  parent(@Parent() organisation: OrganisationModel, @GqlContext() context: GraphQLContext) {
    return organisation.parentId ? this.service.loader(context).load(organisation.parentId) : null;
  }
}
