import { Module } from '@nestjs/common';
import { CaseContentResolver } from './case-content.resolver';
import { CaseContentService } from './case-content.service';
import { CaseMapResolver } from './case-map.resolver';
import { CaseMapService } from './case-map.service';
import { CaseLinksResolver } from './case-links.resolver';
import { CaseLinksService } from './case-links.service';
import { CaseReadsService } from './case-reads.service';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';
import { ParticipantsService } from './participants.service';
import { AttachmentsResolver, CaseAttachmentsResolver, PartnerInputAttachmentsResolver, UpdateAttachmentsResolver } from './attachments/attachments.resolver';
import { AttachmentsService } from './attachments/attachments.service';
import { ATTACHMENT_STORAGE, createAttachmentStorage } from './attachments/storage';
import { AppConfig } from '@cg/server/config';
import { CaseTemplateFieldsResolver, TemplatesResolver } from './templates/templates.resolver';
import { TemplatesService } from './templates/templates.service';

const services = [CasesService, ParticipantsService, CaseContentService, CaseReadsService, CaseMapService, AttachmentsService, TemplatesService, CaseLinksService];
/** Attachments' storage driver, chosen by ATTACHMENTS_STORAGE. */
const storage = { provide: ATTACHMENT_STORAGE, inject: [AppConfig], useFactory: (config: AppConfig) => createAttachmentStorage(config.attachments) };

/** Shared cases: SARA lifecycle, partners, updates, partner input, stakeholders, trust risks; the map and its hotspots; attachments; case-type templates. */
@Module({
  providers: [...services, storage, CasesResolver, CaseContentResolver, CaseMapResolver, AttachmentsResolver, UpdateAttachmentsResolver, PartnerInputAttachmentsResolver, CaseAttachmentsResolver, TemplatesResolver, CaseTemplateFieldsResolver, CaseLinksResolver],
  exports: [...services, storage],
})
export class CasesModule {}
