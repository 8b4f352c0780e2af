import { Module } from '@nestjs/common';
import { CaseContentResolver } from './case-content.resolver';
import { CaseContentService } from './case-content.service';
import { CaseMapResolver } from './case-map.resolver';
import { CaseMapService } from './case-map.service';
import { CaseReadsService } from './case-reads.service';
import { CasesResolver } from './cases.resolver';
import { CasesService } from './cases.service';
import { ParticipantsService } from './participants.service';

const services = [CasesService, ParticipantsService, CaseContentService, CaseReadsService, CaseMapService];

/** Shared cases: SARA lifecycle, partners, updates, partner input, stakeholders, trust risks; the map and its hotspots. */
@Module({
  providers: [...services, CasesResolver, CaseContentResolver, CaseMapResolver],
  exports: services,
})
export class CasesModule {}
