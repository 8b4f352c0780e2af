import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { OrganisationModel } from '@cg/server/core';
import { OrganisationsService } from '../organisations/organisations.service';
import { AgreementsArgs, ChangeAgreementStatusInput, CreateAgreementInput } from './agreement.inputs';
import { AgreementConnection, AgreementModel } from './agreement.model';
import { AgreementsService } from './agreements.service';

@Resolver(() => AgreementModel)
export class AgreementsResolver {
  constructor(
    private readonly agreements: AgreementsService,
    private readonly organisations: OrganisationsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => AgreementConnection, { description: 'Administrators: all; coordinators: those of their organisation.' })
  @Policy('read', 'Agreement')
  partnershipAgreements(@Args() args: AgreementsArgs, @CurrentRequest() request: RequestContext) {
    return this.agreements.list(request, args.organisationId, args.first, args.after);
  }

  @Mutation(() => AgreementModel)
  @Policy('create', 'Agreement')
  createPartnershipAgreement(@Args('input') input: CreateAgreementInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'createPartnershipAgreement', input, () => this.agreements.create(request, input), (id: string) => this.agreements.get(request, id));
  }

  @Mutation(() => AgreementModel)
  @Policy('update', 'Agreement')
  changePartnershipAgreementStatus(@Args('input') input: ChangeAgreementStatusInput, @CurrentRequest() request: RequestContext) {
    return this.agreements.changeStatus(request, input);
  }

  @ResolveField(() => OrganisationModel)
  organisationA(@Parent() agreement: AgreementModel, @GqlContext() context: GraphQLContext) {
    return this.organisations.loader(context).load(agreement.organisationAId);
  }

  @ResolveField(() => OrganisationModel)
  organisationB(@Parent() agreement: AgreementModel, @GqlContext() context: GraphQLContext) {
    return this.organisations.loader(context).load(agreement.organisationBId);
  }
}
