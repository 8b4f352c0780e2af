export * from './indicators.module';
export * from './indicators.service';
export * from './summary.service';
export { MeasurementDueHandler } from './measurement-due.handler';
export { SURVEY_HEADER, SURVEY_MAX_ROWS } from './csv';
