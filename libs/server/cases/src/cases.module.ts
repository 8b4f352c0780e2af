import { Module } from '@nestjs/common';
import { CaseContentResolver } from './case-content.resolver';
import { CaseContentService } from './case-content.service';
import { CaseReadsService } from './case-reads.service';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';
import { ParticipantsService } from './participants.service';
import { CaseTemplateFieldsResolver, TemplatesResolver } from './templates/templates.resolver';
import { TemplatesService } from './templates/templates.service';

const services = [CasesService, ParticipantsService, CaseContentService, CaseReadsService, TemplatesService];

/** Shared cases: SARA lifecycle, partners, updates, partner input, stakeholders, trust risks, case-type templates. */
@Module({
  providers: [...services, CasesResolver, CaseContentResolver, TemplatesResolver, CaseTemplateFieldsResolver],
  exports: services,
})
export class CasesModule {}
