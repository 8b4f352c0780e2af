import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { DomainError } from '@cg/shared/domain';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import {
  AddStakeholderInput,
  AssessTrustRiskInput,
  PostCaseUpdateInput,
  RemoveStakeholderInput,
  ReviewPartnerInputInput,
  SubmitPartnerInputInput,
  UpdateStakeholderInput,
  UpdateTrustRiskInput,
} from './case.inputs';
import { CaseUpdateModel, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case.model';
import { CaseContentService } from './case-content.service';
import { CaseReadsService } from './case-reads.service';
import { ID } from '@nestjs/graphql';

@Resolver()
export class CaseContentResolver {
  constructor(
    private readonly content: CaseContentService,
    private readonly reads: CaseReadsService,
  ) {}

  @Mutation(() => CaseUpdateModel, { description: 'Staff, coordinators and NGO partners of a participating organisation. NGOs post PARTNERS updates only; AGENCIES updates only public bodies; LEAD updates only the lead organisation. Refused on a closed case.' })
  @Policy('create', 'CaseUpdate')
  async postCaseUpdate(@Args('input') input: PostCaseUpdateInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const update = await this.content.postUpdate(request, input);
    const page = await this.reads.updates(context, 100).load(input.caseId);
    return page.edges.find((e) => e.node.id === update.id)?.node ?? { ...update, author: null };
  }

  @Mutation(() => PartnerInputModel, { description: 'NGO partners (and staff): an observation, proposal, community feedback or concern.' })
  @Policy('create', 'PartnerInput')
  async submitPartnerInput(@Args('input') input: SubmitPartnerInputInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const saved = await this.content.submitInput(request, input);
    return this.inputModel(context, saved.caseId, saved.id);
  }

  @Mutation(() => PartnerInputModel, { description: 'Coordinators of a public body on the case: acknowledge, accept or decline, always with a response the partner sees.' })
  @Policy('review', 'PartnerInput')
  async reviewPartnerInput(@Args('input') input: ReviewPartnerInputInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const saved = await this.content.reviewInput(request, input);
    return this.inputModel(context, saved.caseId, saved.id);
  }

  @Mutation(() => StakeholderModel)
  @Policy('create', 'Stakeholder')
  async addStakeholder(@Args('input') input: AddStakeholderInput, @CurrentRequest() request: RequestContext) {
    return toStakeholderModel(await this.content.addStakeholder(request, input));
  }

  @Mutation(() => StakeholderModel)
  @Policy('update', 'Stakeholder')
  async updateStakeholder(@Args('input') input: UpdateStakeholderInput, @CurrentRequest() request: RequestContext) {
    return toStakeholderModel(await this.content.updateStakeholder(request, input));
  }

  @Mutation(() => ID, { description: 'Returns the id of the removed stakeholder' })
  @Policy('delete', 'Stakeholder')
  removeStakeholder(@Args('input') input: RemoveStakeholderInput, @CurrentRequest() request: RequestContext) {
    return this.content.removeStakeholder(request, input);
  }

  @Mutation(() => TrustRiskModel, { description: 'A risk to social trust: likelihood × impact.' })
  @Policy('create', 'TrustRisk')
  assessTrustRisk(@Args('input') input: AssessTrustRiskInput, @CurrentRequest() request: RequestContext) {
    return this.content.assessRisk(request, input);
  }

  @Mutation(() => TrustRiskModel)
  @Policy('update', 'TrustRisk')
  updateTrustRisk(@Args('input') input: UpdateTrustRiskInput, @CurrentRequest() request: RequestContext) {
    return this.content.updateRisk(request, input);
  }

  private async inputModel(context: GraphQLContext, caseId: string, id: string): Promise<PartnerInputModel> {
    const inputs = await this.reads.partnerInputs(context).load(caseId);
    const found = inputs.find((i) => i.id === id);
    if (!found) throw DomainError.notFound('PartnerInput');
    return found;
  }
}

function toStakeholderModel(entity: { id: string; caseId: string; name: string; triangleRole: StakeholderModel['triangleRole']; interests: string; influence: StakeholderModel['influence']; attitude: StakeholderModel['attitude']; contactDetails: string; notes: string; version: number }): StakeholderModel {
  return { ...entity };
}
