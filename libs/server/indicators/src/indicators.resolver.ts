import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CasePhase } from '@cg/shared/domain';
import { Authenticated, CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { CaseModel, IdArg, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { CatalogueService } from './catalogue.service';
import { AddCatalogueIndicatorInput, CatalogueArgs, DefineIndicatorInput, ImportSurveyInput, IndicatorSummaryArgs, RecordMeasurementInput } from './indicator.inputs';
import { CatalogueIndicatorModel, IndicatorModel, IndicatorSummary, SurveyImportResult } from './indicator.model';
import { IndicatorsService } from './indicators.service';
import { SummaryService } from './summary.service';

@Resolver(() => IndicatorModel)
export class IndicatorsResolver {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly indicators: IndicatorsService,
    private readonly summaries: SummaryService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => [CatalogueIndicatorModel], { description: 'The shared catalogue of standard indicators (latest versions unless allVersions)' })
  @Policy('read', 'IndicatorCatalogue')
  indicatorCatalogue(@Args() args: CatalogueArgs, @CurrentRequest() request: RequestContext) {
    return this.catalogue.list(request, args.allVersions);
  }

  @Mutation(() => CatalogueIndicatorModel, { description: 'Administrators: a new code, or the next version of an existing one' })
  @Policy('create', 'IndicatorCatalogue')
  addCatalogueIndicator(@Args('input') input: AddCatalogueIndicatorInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'addCatalogueIndicator', input, () => this.catalogue.add(request, input), (id: string) => this.catalogue.byId(request, id));
  }

  @Mutation(() => IndicatorModel, { description: 'From the catalogue or custom, with baseline and target' })
  @Policy('create', 'Indicator')
  defineIndicator(@Args('input') input: DefineIndicatorInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'defineIndicator', input, () => this.indicators.define(request, input), async (id: string) => (await this.indicators.readable(request, input.caseId, [id]))[0]!);
  }

  @Mutation(() => IndicatorModel, { description: 'A value, or a correction that supersedes an earlier one' })
  @Policy('update', 'Indicator')
  recordMeasurement(@Args('input') input: RecordMeasurementInput, @CurrentRequest() request: RequestContext) {
    // The stored result is the measurement's id; the answer is its indicator, as the caller may read it now.
    return this.idempotency.once(request, 'recordMeasurement', input, () => this.indicators.record(request, input), async () => (await this.indicators.readable(request, null, [input.indicatorId]))[0]!);
  }

  @Mutation(() => SurveyImportResult, { description: 'Coordinators of a public body on the case: survey results as CSV; one bad row and nothing is imported (every bad row reported with its line)' })
  @Policy('manage', 'Indicator')
  importSurveyResults(@Args('input') input: ImportSurveyInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(
      request,
      'importSurveyResults',
      input,
      () => this.indicators.importSurvey(request, input),
      async (stored: { imported: number; indicatorIds: string[] }) => ({ imported: stored.imported, indicators: await this.indicators.readable(request, input.caseId, stored.indicatorIds) }),
    );
  }

  @Query(() => IndicatorSummary, { description: 'Comparable results across cases; analysts see every case with small groups suppressed' })
  @Policy('read', 'IndicatorSummary')
  indicatorSummary(@Args() args: IndicatorSummaryArgs, @CurrentRequest() request: RequestContext) {
    return this.summaries.summary(request, args.code, args.groupBy, args.period);
  }

  @Query(() => [String], { description: 'The catalogue codes indicatorSummary has at least one case for, in the caller’s scope (to offer those first)' })
  @Policy('read', 'IndicatorSummary')
  indicatorSummaryCodes(@CurrentRequest() request: RequestContext) {
    return this.summaries.codes(request);
  }

  @Query(() => String, { description: 'indicatorSummary as CSV' })
  @Policy('read', 'IndicatorSummary')
  indicatorSummaryCsv(@Args() args: IndicatorSummaryArgs, @CurrentRequest() request: RequestContext) {
    return this.summaries.summaryCsv(request, args.code, args.groupBy, args.period);
  }

  @Query(() => String, { description: 'A case’s indicators and measurements as CSV' })
  @Authenticated()
  caseIndicatorsCsv(@Args() { id }: IdArg, @CurrentRequest() request: RequestContext) {
    return this.indicators.exportCase(request, id);
  }
}

/** Adds indicators to the Case type. */
@Resolver(() => CaseModel)
export class CaseIndicatorsResolver {
  constructor(private readonly indicators: IndicatorsService) {}

  @ResolveField('indicators', () => [IndicatorModel])
  caseIndicators(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.indicators.byCase(context).load(model.id);
  }

  @ResolveField('assessment', () => [IndicatorModel], {
    nullable: true,
    description: 'In ASSESSMENT (and after closing): each indicator’s baseline, latest value and target side by side; null before',
  })
  async caseAssessment(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    if (model.phase !== CasePhase.ASSESSMENT && model.phase !== CasePhase.CLOSED) return null;
    return this.indicators.byCase(context).load(model.id);
  }
}
