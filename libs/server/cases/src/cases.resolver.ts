import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PartnerInputStatus } from '@cg/shared/domain';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { IdArg, PageArgs, type GraphQLContext, type RequestContext } from '@cg/server/core';
import {
  AddCaseParticipantInput,
  CasesArgs,
  ChangeCasePhaseInput,
  CloseCaseInput,
  EscalateCaseInput,
  OpenCaseInput,
  RemoveCaseParticipantInput,
  ReopenCaseInput,
  UpdateCaseInput,
} from './case.inputs';
import { CaseConnection, CaseModel, CaseParticipantModel, CaseUpdateConnection, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case.model';
import { CaseReadsService } from './case-reads.service';
import { CasesService } from './cases.service';
import { ParticipantsService } from './participants.service';

@Resolver(() => CaseModel)
export class CasesResolver {
  constructor(
    private readonly service: CasesService,
    private readonly participantsService: ParticipantsService,
    private readonly reads: CaseReadsService,
  ) {}

  @Query(() => CaseConnection, { name: 'cases', description: 'Cases your organisation takes part in, filtered and ordered.' })
  @Policy('read', 'Case')
  listCases(@Args() args: CasesArgs, @CurrentRequest() request: RequestContext) {
    return this.service.list(request, args.filter, args.orderBy, args.first, args.after);
  }

  @Query(() => CaseModel, { name: 'case', description: 'One case; NOT_FOUND unless your organisation takes part in it.' })
  @Policy('read', 'Case')
  findCase(@Args() { id }: IdArg, @CurrentRequest() request: RequestContext) {
    return this.service.get(request, id);
  }

  @Mutation(() => CaseModel, { description: 'Coordinators: opens a case led by your organisation, in SCANNING.' })
  @Policy('create', 'Case')
  openCase(@Args('input') input: OpenCaseInput, @CurrentRequest() request: RequestContext) {
    return this.service.open(request, input);
  }

  @Mutation(() => CaseModel)
  @Policy('update', 'Case')
  updateCase(@Args('input') input: UpdateCaseInput, @CurrentRequest() request: RequestContext) {
    return this.service.update(request, input);
  }

  @Mutation(() => CaseModel, { description: 'SARA order: one step forward, or back with a reason; posts a PHASE_CHANGE update.' })
  @Policy('update', 'Case')
  changeCasePhase(@Args('input') input: ChangeCasePhaseInput, @CurrentRequest() request: RequestContext) {
    return this.service.changePhase(request, input);
  }

  @Mutation(() => CaseModel)
  @Policy('update', 'Case')
  escalateCase(@Args('input') input: EscalateCaseInput, @CurrentRequest() request: RequestContext) {
    return this.service.escalate(request, input);
  }

  @Mutation(() => CaseModel, { description: 'Only from ASSESSMENT, with the outcome and a closing assessment.' })
  @Policy('update', 'Case')
  closeCase(@Args('input') input: CloseCaseInput, @CurrentRequest() request: RequestContext) {
    return this.service.close(request, input);
  }

  @Mutation(() => CaseModel, { description: 'Reopens a closed case into ANALYSIS, with a reason.' })
  @Policy('update', 'Case')
  reopenCase(@Args('input') input: ReopenCaseInput, @CurrentRequest() request: RequestContext) {
    return this.service.reopen(request, input);
  }

  @Mutation(() => CaseModel, { description: 'Lead coordinators: needs an agreement in force with the lead organisation, or an override reason.' })
  @Policy('manageParticipants', 'Case')
  async addCaseParticipant(@Args('input') input: AddCaseParticipantInput, @CurrentRequest() request: RequestContext) {
    await this.participantsService.add(request, input);
    return this.service.get(request, input.caseId);
  }

  @Mutation(() => CaseModel, { description: 'Lead coordinators: the organisation loses access at its next request.' })
  @Policy('manageParticipants', 'Case')
  async removeCaseParticipant(@Args('input') input: RemoveCaseParticipantInput, @CurrentRequest() request: RequestContext) {
    await this.participantsService.remove(request, input);
    return this.service.get(request, input.caseId);
  }

  @ResolveField(() => [CaseParticipantModel])
  participants(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.reads.participants(context).load(model.id);
  }

  @ResolveField(() => Int)
  async participantCount(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return (await this.reads.counts(context).load(model.id)).participants;
  }

  @ResolveField(() => Int, { description: 'Updates you may read' })
  async updateCount(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return (await this.reads.counts(context).load(model.id)).updates;
  }

  @ResolveField(() => Int, { description: 'Partner input you may read that awaits review' })
  async inputsAwaitingReviewCount(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return (await this.reads.counts(context).load(model.id)).inputsAwaitingReview;
  }

  @ResolveField(() => Int)
  async openRiskCount(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return (await this.reads.counts(context).load(model.id)).openRisks;
  }

  @ResolveField(() => CaseUpdateConnection, { description: 'Newest first; only what you may read' })
  updates(@Parent() model: CaseModel, @Args() page: PageArgs, @GqlContext() context: GraphQLContext) {
    return this.reads.updates(context, page.first, page.after).load(model.id);
  }

  @ResolveField(() => [PartnerInputModel], { description: 'Partners see their own organisation’s input; agencies all' })
  partnerInputs(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.reads.partnerInputs(context).load(model.id);
  }

  @ResolveField(() => [PartnerInputModel], { description: 'Input awaiting review, oldest first, with how long it has waited' })
  async inputsAwaitingReview(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    const inputs = await this.reads.partnerInputs(context).load(model.id);
    return inputs.filter((i) => i.status === PartnerInputStatus.SUBMITTED || i.status === PartnerInputStatus.ACKNOWLEDGED).reverse();
  }

  @ResolveField(() => [StakeholderModel], { description: 'Partners see name and role only' })
  stakeholders(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.reads.stakeholders(context).load(model.id);
  }

  @ResolveField(() => [TrustRiskModel], { description: 'Highest score first' })
  risks(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.reads.risks(context).load(model.id);
  }
}
