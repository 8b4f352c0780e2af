import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '@cg/shared/domain';
import { CurrentRequest, Policy } from '@cg/server/authz';
import { IdArg, selectsAny, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import {
  AddStakeholderInput,
  AssessTrustRiskInput,
  PostCaseUpdateInput,
  RemoveStakeholderInput,
  ReviewPartnerInputInput,
  SubmitPartnerInputInput,
  UpdateStakeholderInput,
  UpdateTrustRiskInput,
} from './inputs';
import { CaseUpdateModel, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case-content.model';
import { CaseContentService } from './case-content.service';
import { CaseReadsService, STAKEHOLDER_PERSONAL_FIELDS } from './case-reads.service';
import { ID } from '@nestjs/graphql';

@Resolver()
export class CaseContentResolver {
  constructor(
    private readonly content: CaseContentService,
    private readonly reads: CaseReadsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Mutation(() => CaseUpdateModel, { description: 'Staff, coordinators and NGO partners of a participating organisation. NGOs post PARTNERS updates only; AGENCIES updates only public bodies; LEAD updates only the lead organisation. Refused on a closed case.' })
  @Policy('create', 'CaseUpdate')
  postCaseUpdate(@Args('input') input: PostCaseUpdateInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(
      request,
      'postCaseUpdate',
      input,
      () => this.content.postUpdate(request, input),
      // A retry reads the update again as the caller may read it now (NOT_FOUND when it no longer may).
      async (id: string) => {
        const update = await this.reads.update(request, id);
        if (!update) throw DomainError.notFound('CaseUpdate');
        return update;
      },
    );
  }

  @Mutation(() => PartnerInputModel, { description: 'NGO partners (and staff): an observation, proposal, community feedback or concern.' })
  @Policy('create', 'PartnerInput')
  submitPartnerInput(@Args('input') input: SubmitPartnerInputInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(
      request,
      'submitPartnerInput',
      input,
      () => this.content.submitInput(request, input),
      (id: string) => this.reads.partnerInput(request, input.caseId, id),
    );
  }

  @Mutation(() => PartnerInputModel, { description: 'Coordinators of a public body on the case: acknowledge, accept or decline, always with a response the partner sees.' })
  @Policy('review', 'PartnerInput')
  reviewPartnerInput(@Args('input') input: ReviewPartnerInputInput, @CurrentRequest() request: RequestContext) {
    return this.content.reviewInput(request, input);
  }

  @Query(() => StakeholderModel, {
    name: 'stakeholder',
    description:
      'One stakeholder; NOT_FOUND unless your organisation may read its case’s content. Selecting contactDetails, notes or interests reads its personal data (null unless shared with you), and that reading is logged.',
  })
  @Policy('read', 'Stakeholder')
  stakeholder(@Args() { id }: IdArg, @CurrentRequest() request: RequestContext, @Info() info: GraphQLResolveInfo) {
    return this.reads.stakeholder(request, id, selectsAny(info, STAKEHOLDER_PERSONAL_FIELDS));
  }

  @Mutation(() => StakeholderModel)
  @Policy('create', 'Stakeholder')
  async addStakeholder(@Args('input') input: AddStakeholderInput, @CurrentRequest() request: RequestContext, @Info() info: GraphQLResolveInfo) {
    return this.idempotency.once(
      request,
      'addStakeholder',
      input,
      () => this.content.addStakeholder(request, input),
      // A retry: this stakeholder as the caller may read it now (a partner would see name and role only); a reading of
      // its personal data when the mutation asks for it, logged like any other.
      (id: string) => this.reads.stakeholder(request, id, selectsAny(info, STAKEHOLDER_PERSONAL_FIELDS)),
    );
  }

  @Mutation(() => StakeholderModel)
  @Policy('update', 'Stakeholder')
  updateStakeholder(@Args('input') input: UpdateStakeholderInput, @CurrentRequest() request: RequestContext) {
    return this.content.updateStakeholder(request, input);
  }

  @Mutation(() => ID, { description: 'Returns the id of the removed stakeholder' })
  @Policy('delete', 'Stakeholder')
  removeStakeholder(@Args('input') input: RemoveStakeholderInput, @CurrentRequest() request: RequestContext) {
    return this.content.removeStakeholder(request, input);
  }

  @Mutation(() => TrustRiskModel, { description: 'A risk to social trust: likelihood × impact.' })
  @Policy('create', 'TrustRisk')
  assessTrustRisk(@Args('input') input: AssessTrustRiskInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(
      request,
      'assessTrustRisk',
      input,
      () => this.content.assessRisk(request, input),
      (id: string) => this.reads.risk(request, input.caseId, id),
    );
  }

  @Mutation(() => TrustRiskModel)
  @Policy('update', 'TrustRisk')
  updateTrustRisk(@Args('input') input: UpdateTrustRiskInput, @CurrentRequest() request: RequestContext) {
    return this.content.updateRisk(request, input);
  }
}
