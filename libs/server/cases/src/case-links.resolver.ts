import { Args, ArgsType, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@cg/shared/domain';
import { CurrentRequest, GqlContext, Policy } from '@cg/server/authz';
import { CaseModel, TextField, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { CaseLinkModel, DuplicateCandidateModel } from './case-link.model';
import { CaseLinksService } from './case-links.service';
import { CasesResolver } from './cases.resolver';
import { LikelyDuplicatesInput, LinkCasesInput, MergeCaseInput, UnlinkCasesInput } from './inputs';

@ArgsType()
class ReferenceArg {
  @TextField({ min: 1, max: 40 })
  reference: string;
}

/** Linked cases, likely duplicates and merges (issue 16); the rules are in ability.ts (`link`, `merge`). */
@Resolver(() => CaseModel)
export class CaseLinksResolver {
  constructor(
    private readonly service: CaseLinksService,
    private readonly cases: CasesResolver,
  ) {}

  @ResolveField(() => [CaseLinkModel], { description: 'Links to and from other cases, oldest first: only those whose other case you may read' })
  links(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.service.links(context).load(model.id);
  }

  @Query(() => CaseModel, { name: 'caseByReference', description: 'One case by its reference; a merged case’s reference answers the surviving case. NOT_FOUND unless your organisation takes part in it.' })
  @Policy('read', 'Case')
  async findCaseByReference(@Args() { reference }: ReferenceArg, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    return this.cases.findCase({ id: await this.service.idByReference(reference) }, request, context);
  }

  @Query(() => [DuplicateCandidateModel], {
    description: 'Coordinators opening a case: likely duplicates among the cases you may read (same district or address, and a similar title or diagnosis), best first.',
  })
  @Policy('create', 'Case')
  likelyDuplicates(@Args('input') input: LikelyDuplicatesInput, @CurrentRequest() request: RequestContext) {
    return this.service.likelyDuplicates(request, input);
  }

  @Mutation(() => CaseLinkModel, { description: 'Links two cases (you need linkCases on both); audited on both. Returns the link as the first case shows it.' })
  @Policy('link', 'Case')
  async linkCases(@Args('input') input: LinkCasesInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const { caseId, linkId } = await this.service.link(request, input);
    const links = await this.service.links(context).load(caseId);
    const link = links.find((l) => l.id === linkId);
    if (!link) throw DomainError.notFound('CaseLink');
    return link;
  }

  @Mutation(() => ID, { description: 'Removes a link (you need linkCases on both cases); audited on both. Returns the id of the link removed.' })
  @Policy('link', 'Case')
  async unlinkCases(@Args('input') input: UnlinkCasesInput, @CurrentRequest() request: RequestContext) {
    await this.service.unlink(request, input);
    return input.linkId;
  }

  @Mutation(() => CaseModel, {
    description:
      'Lead coordinators of both cases: moves everything of the duplicate (updates, input, stakeholders, risks, actions, tasks, indicators, participants, links) to the survivor in one transaction and closes the duplicate, whose id and reference answer the survivor from then on. Both versions are checked; audited on both. Returns the survivor.',
  })
  @Policy('merge', 'Case')
  async mergeCase(@Args('input') input: MergeCaseInput, @CurrentRequest() request: RequestContext, @GqlContext() context: GraphQLContext) {
    const survivorId = await this.service.merge(request, input);
    return this.cases.findCase({ id: survivorId }, request, context);
  }
}
