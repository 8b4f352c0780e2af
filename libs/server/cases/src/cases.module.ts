import { Module } from '@nestjs/common';
import { CaseContentResolver } from './case-content.resolver';
import { CaseContentService } from './case-content.service';
import { CaseLinksResolver } from './case-links.resolver';
import { CaseLinksService } from './case-links.service';
import { CaseReadsService } from './case-reads.service';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';
import { ParticipantsService } from './participants.service';

const services = [CasesService, ParticipantsService, CaseContentService, CaseReadsService, CaseLinksService];

/** Shared cases: SARA lifecycle, partners, updates, partner input, stakeholders, trust risks. */
@Module({
  providers: [...services, CasesResolver, CaseContentResolver, CaseLinksResolver],
  exports: services,
})
export class CasesModule {}
