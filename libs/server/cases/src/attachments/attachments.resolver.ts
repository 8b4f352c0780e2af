import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentRequest, GqlContext } from '@cg/server/authz';
import { CaseModel, IdArg, type GraphQLContext, type RequestContext } from '@cg/server/core';
import { CaseUpdateModel, PartnerInputModel } from '../case-content.model';
import { AttachmentModel, AttachmentParent } from './attachment.model';
import { AttachmentsService } from './attachments.service';

const LIST = 'Oldest first; what you may read of the thing they hang on. Upload with POST /attachments (multipart), see the README.';

@Resolver(() => AttachmentModel)
export class AttachmentsResolver {
  constructor(private readonly service: AttachmentsService) {}

  @Query(() => AttachmentModel, { description: 'One attachment with fresh download links; NOT_FOUND unless you may read what it hangs on.' })
  @Authenticated()
  attachment(@Args() { id }: IdArg, @CurrentRequest() request: RequestContext) {
    return this.service.get(request, id);
  }
}

@Resolver(() => CaseUpdateModel)
export class UpdateAttachmentsResolver {
  constructor(private readonly service: AttachmentsService) {}

  @ResolveField(() => [AttachmentModel], { description: LIST })
  attachments(@Parent() update: CaseUpdateModel, @GqlContext() context: GraphQLContext) {
    return this.service.of(context, AttachmentParent.UPDATE).load(update.id);
  }
}

@Resolver(() => PartnerInputModel)
export class PartnerInputAttachmentsResolver {
  constructor(private readonly service: AttachmentsService) {}

  @ResolveField(() => [AttachmentModel], { description: LIST })
  attachments(@Parent() input: PartnerInputModel, @GqlContext() context: GraphQLContext) {
    return this.service.of(context, AttachmentParent.PARTNER_INPUT).load(input.id);
  }
}

@Resolver(() => CaseModel)
export class CaseAttachmentsResolver {
  constructor(private readonly service: AttachmentsService) {}

  @ResolveField(() => [AttachmentModel], { description: `The case’s own files (not those of its updates or input), for readers of its content. ${LIST}` })
  attachments(@Parent() model: CaseModel, @GqlContext() context: GraphQLContext) {
    return this.service.of(context, AttachmentParent.CASE).load(model.id);
  }
}
