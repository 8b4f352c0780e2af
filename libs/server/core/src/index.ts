export * from './request-context';
export * from './pagination';
export * from './loaders';
export * from './graphql-context';
export * from './id.arg';
export * from './graphql/enums.graphql';
export * from './graphql/organisation.model';
export * from './graphql/case.model';
