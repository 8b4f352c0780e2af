import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { CaseModel, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { IdempotencyService } from '@cg/server/db';
import { CaseTemplatesArgs, SaveCaseTemplateInput } from './template.inputs';
import { CaseTemplateModel, CaseTemplateVersionModel, PendingTemplateTaskModel } from './template.model';
import { TemplatesService } from './templates.service';

@Resolver(() => CaseTemplateModel)
export class TemplatesResolver {
  constructor(
    private readonly templates: TemplatesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Query(() => [CaseTemplateModel], { description: 'Coordinators and administrators: the template of each case type (latest versions unless allVersions)' })
  @Policy('read', 'CaseTemplate')
  caseTemplates(@Args() args: CaseTemplatesArgs, @CurrentRequest() request: RequestContext) {
    return this.templates.list(request, args.allVersions, args.caseType ?? null);
  }

  @Mutation(() => CaseTemplateModel, { description: 'Administrators: the whole template of a case type, saved as its next version' })
  @Policy('create', 'CaseTemplate')
  saveCaseTemplate(@Args('input') input: SaveCaseTemplateInput, @CurrentRequest() request: RequestContext) {
    return this.idempotency.once(request, 'saveCaseTemplate', input, () => this.templates.save(request, input), (id: string) => this.templates.byId(request, id));
  }
}

/** What a case holds of its template: the version it was opened with, and the tasks waiting for a kind of organisation. */
@Resolver(() => CaseModel)
export class CaseTemplateFieldsResolver {
  constructor(private readonly templates: TemplatesService) {}

  @ResolveField('openedFromTemplate', () => CaseTemplateVersionModel, { nullable: true, description: 'The template version the case was opened with; null: opened without one' })
  openedFromTemplate(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.templates.versionOf(context).load(model.id);
  }

  @ResolveField('pendingTemplateTasks', () => [PendingTemplateTaskModel], { description: 'Template tasks for a kind of organisation not on the case yet (CASE_CONTENT)' })
  pendingTemplateTasks(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.templates.pendingOf(context).load(model.id);
  }
}
