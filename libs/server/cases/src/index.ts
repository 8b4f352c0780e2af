export * from './cases.module';
export * from './cases.service';
export { CaseOrder } from './enums.graphql';
export * from './attachments';
