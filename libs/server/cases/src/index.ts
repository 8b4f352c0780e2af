export * from './cases.module';
export * from './cases.service';
export * from './case-access';
export { CaseOrder } from './enums.graphql';
