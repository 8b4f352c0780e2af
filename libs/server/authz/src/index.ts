export * from './ability';
export * from './abilities';
export * from './rules-to-sql';
export * from './policy.decorator';
export * from './policies.guard';
export * from './access-token.service';
export * from './current-request.decorator';
export * from './authz.module';
export * from './case-access';
export * from './subscription-sockets';
// TRANSITIONAL (issue 14, item 2): the `:name`-parameter forms, until every service writes SQL with `sql`.
