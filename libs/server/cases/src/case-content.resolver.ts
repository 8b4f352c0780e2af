import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '@cg/shared/domain';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { IdArg, selectsAny, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { IdempotencyService, type CaseUpdateEntity } from '@cg/server/db';
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
import { CaseUpdateModel, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case.model';
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
  async postCaseUpdate(@Args('input') input: PostCaseUpdateInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    // A retry reads the update again as the caller may read it now (NOT_FOUND when it no longer may).
    const { id, written } = await this.idempotency.once<{ id: string; written?: CaseUpdateEntity }>(
      request,
      'postCaseUpdate',
      input,
      async () => {
        const update = await this.content.postUpdate(request, input);
        return { id: update.id, written: update };
      },
      async (stored: string) => ({ id: stored }),
    );
    const page = await this.reads.updates(context, 100).load(input.caseId);
    const found = page.edges.find((e) => e.node.id === id)?.node;
    if (found) return found;
    if (!written) throw DomainError.notFound('CaseUpdate');
    return { ...written, author: null };
  }

  @Mutation(() => PartnerInputModel, { description: 'NGO partners (and staff): an observation, proposal, community feedback or concern.' })
  @Policy('create', 'PartnerInput')
  async submitPartnerInput(@Args('input') input: SubmitPartnerInputInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const id = await this.idempotency.once(request, 'submitPartnerInput', input, async () => (await this.content.submitInput(request, input)).id, async (id: string) => id);
    return this.inputModel(context, input.caseId, id);
  }

  @Mutation(() => PartnerInputModel, { description: 'Coordinators of a public body on the case: acknowledge, accept or decline, always with a response the partner sees.' })
  @Policy('review', 'PartnerInput')
  async reviewPartnerInput(@Args('input') input: ReviewPartnerInputInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const saved = await this.content.reviewInput(request, input);
    return this.inputModel(context, saved.caseId, saved.id);
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
      async () => toStakeholderModel(await this.content.addStakeholder(request, input)),
      // A retry: this stakeholder as the caller may read it now (a partner would see name and role only); a reading of
      // its personal data when the mutation asks for it, logged like any other.
      (id: string) => this.reads.stakeholder(request, id, selectsAny(info, STAKEHOLDER_PERSONAL_FIELDS)),
    );
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
  assessTrustRisk(@Args('input') input: AssessTrustRiskInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.idempotency.once<TrustRiskModel>(
      request,
      'assessTrustRisk',
      input,
      () => this.content.assessRisk(request, input),
      async (id: string) => findOrNotFound(await this.reads.risks(context).load(input.caseId), id, 'TrustRisk'),
    );
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

function findOrNotFound<T extends { id: string }>(items: T[], id: string, entity: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) throw DomainError.notFound(entity);
  return found;
}
