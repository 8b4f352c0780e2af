import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { PartnerInputStatus } from '@cg/shared/domain';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { CaseModel, ConnectionType, IdArg, PageArgs, selectedFieldsAt, selectsAny, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import {
  AddCaseParticipantInput,
  CasesArgs,
  ChangeCasePhaseInput,
  CloseCaseInput,
  EscalateCaseInput,
  OpenCaseInput,
  RebaseCaseParticipantInput,
  RemoveCaseParticipantInput,
  ReopenCaseInput,
  UpdateCaseInput,
} from './inputs';
import { CaseUpdateConnection, PartnerInputModel, StakeholderModel, TrustRiskModel } from './case-content.model';
import { CaseReadsService, STAKEHOLDER_PERSONAL_FIELDS } from './case-reads.service';
import { CasesService } from './cases.service';
import { ParticipantsService } from './participants.service';
import { viewerPermissions } from './viewer-permissions';

const CaseConnection = ConnectionType(CaseModel, 'Case');

/** The list-row fields of a case read through the request's loaders, batched across the cases of a page. */
const LOADED_FIELDS: Record<string, (reads: CaseReadsService, context: GraphQLContext, model: CaseModel) => unknown> = {
  participants: (reads, context, model) => reads.participants(context).load(model.id),
  participantCount: (reads, context, model) => reads.counts(context).load(model.id).then((c) => c.participants),
  updateCount: (reads, context, model) => reads.counts(context).load(model.id).then((c) => c.updates),
  inputsAwaitingReviewCount: (reads, context, model) => reads.counts(context).load(model.id).then((c) => c.inputsAwaitingReview),
  openRiskCount: (reads, context, model) => reads.counts(context).load(model.id).then((c) => c.openRisks),
  viewerCan: (reads, context, model) => reads.viewerSharing(context).load(model.id).then((shared) => viewerPermissions(context.request, model, shared)),
};

/** The fields of a case that show its content (CASE_CONTENT): a list that selects none of them does not read it. */
const CONTENT_FIELDS = ['diagnosis', 'goal', 'closingAssessment'];

@Resolver(() => CaseModel)
export class CasesResolver {
  constructor(
    private readonly service: CasesService,
    private readonly participantsService: ParticipantsService,
    private readonly reads: CaseReadsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => CaseConnection, { name: 'cases', description: 'Cases your organisation takes part in, filtered and ordered.' })
  @Policy('read', 'Case')
  async listCases(@Args() args: CasesArgs, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    // What the query asks of each case: the content is read only if shown, the list-row fields loaded before returning.
    const fields = selectedFieldsAt(info, ['edges', 'node']);
    const page = await this.service.list(request, args.filter, args.orderBy, args.first, args.after, { content: CONTENT_FIELDS.some((field) => fields.has(field)) });
    const nodes = page.edges.map((edge) => edge.node);
    const preloaded = await this.reads.preloadListFields(context, nodes, fields, selectedFieldsAt(info, ['edges', 'node', 'participants']));
    // Loaders only for what was asked and not preloaded (models stay plain objects otherwise).
    const lazy = Object.keys(LOADED_FIELDS).filter((field) => fields.has(field) && !preloaded.has(field));
    if (lazy.length > 0) for (const node of nodes) this.withReads(node, context, lazy);
    return page;
  }

  @Query(() => CaseModel, { name: 'case', description: 'One case; NOT_FOUND unless your organisation takes part in it.' })
  @Policy('read', 'Case')
  async findCase(@Args() { id }: IdArg, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.withReads(await this.service.get(request, id), context);
  }

  @Mutation(() => CaseModel, { description: 'Coordinators of a public body (not NGO or OTHER): opens a case led by your organisation, in SCANNING.' })
  @Policy('create', 'Case')
  async openCase(@Args('input') input: OpenCaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const opened = await this.idempotency.once(request, 'openCase', input, () => this.service.open(request, input), (id: string) => this.service.get(request, id));
    return this.withReads(opened, context);
  }

  @Mutation(() => CaseModel)
  @Policy('update', 'Case')
  async updateCase(@Args('input') input: UpdateCaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.withReads(await this.service.update(request, input), context);
  }

  @Mutation(() => CaseModel, { description: 'SARA order: one step forward, or back with a reason; posts a PHASE_CHANGE update.' })
  @Policy('update', 'Case')
  async changeCasePhase(@Args('input') input: ChangeCasePhaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.withReads(await this.service.changePhase(request, input), context);
  }

  @Mutation(() => CaseModel)
  @Policy('update', 'Case')
  async escalateCase(@Args('input') input: EscalateCaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.withReads(await this.service.escalate(request, input), context);
  }

  @Mutation(() => CaseModel, { description: 'Only from ASSESSMENT, with the outcome and a closing assessment.' })
  @Policy('update', 'Case')
  async closeCase(@Args('input') input: CloseCaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.withReads(await this.service.close(request, input), context);
  }

  @Mutation(() => CaseModel, { description: 'Reopens a closed case into ANALYSIS, with a reason.' })
  @Policy('update', 'Case')
  async reopenCase(@Args('input') input: ReopenCaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.withReads(await this.service.reopen(request, input), context);
  }

  @Mutation(() => CaseModel, {
    description:
      'Lead coordinators: needs an agreement in force with the lead organisation (it then sees the agreement’s data categories), or an override reason with the categories it grants.',
  })
  @Policy('manageParticipants', 'Case')
  async addCaseParticipant(@Args('input') input: AddCaseParticipantInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    await this.idempotency.once(request, 'addCaseParticipant', input, () => this.participantsService.add(request, input), async (id: string) => id);
    return this.withReads(await this.service.get(request, input.caseId), context);
  }

  @Mutation(() => CaseModel, {
    description:
      'Lead coordinators: records an override (reason and categories) as the basis of a participation, e.g. one suspended because its agreement ended. An agreement in force still takes precedence. Audited.',
  })
  @Policy('manageParticipants', 'Case')
  async rebaseCaseParticipant(@Args('input') input: RebaseCaseParticipantInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    await this.participantsService.rebase(request, input);
    return this.withReads(await this.service.get(request, input.caseId), context);
  }

  @Mutation(() => CaseModel, { description: 'Lead coordinators: the organisation loses access at its next request.' })
  @Policy('manageParticipants', 'Case')
  async removeCaseParticipant(@Args('input') input: RemoveCaseParticipantInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    await this.participantsService.remove(request, input);
    return this.withReads(await this.service.get(request, input.caseId), context);
  }

  /** Binds the list-row fields of a case (those in `only`, when given) to the request's loaders (see CaseModel). */
  private withReads(model: CaseModel, context: GraphQLContext, only: Iterable<string> = Object.keys(LOADED_FIELDS)): CaseModel {
    for (const field of only) {
      const load = LOADED_FIELDS[field];
      if (load) Object.defineProperty(model, field, { get: () => load(this.reads, context, model), configurable: true });
    }
    return model;
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

  @ResolveField(() => [StakeholderModel], {
    description: 'Partners see name and role only. Selecting contactDetails, notes or interests reads personal data: logged for every stakeholder returned (to read one, use `stakeholder(id)`).',
  })
  stakeholders(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    return this.reads.stakeholders(context, selectsAny(info, STAKEHOLDER_PERSONAL_FIELDS)).load(model.id);
  }

  @ResolveField(() => [TrustRiskModel], { description: 'Highest score first' })
  risks(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.reads.risks(context).load(model.id);
  }
}
