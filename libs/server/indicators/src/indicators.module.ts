import { Module } from '@nestjs/common';
import { CatalogueService } from './catalogue.service';
import { CaseIndicatorsResolver, IndicatorsResolver } from './indicators.resolver';
import { IndicatorsService } from './indicators.service';
import { MeasurementDueHandler } from './measurement-due.handler';
import { SummaryService } from './summary.service';

const services = [CatalogueService, IndicatorsService, SummaryService];

/** Measuring what works: catalogue, indicators, measurements, survey import, comparable results. */
@Module({
  providers: [...services, IndicatorsResolver, CaseIndicatorsResolver],
  exports: services,
})
export class IndicatorsModule {}

/** The indicator jobs, for the worker. */
@Module({
  providers: [IndicatorsService, MeasurementDueHandler],
})
export class IndicatorsJobsModule {}
