export * from './entities';
export * from './snake-naming.strategy';
export * from './data-source.options';
export * from './database.module';
export * from './outbox.service';
export * from './migrate';
export * from './load-for-update';
export * from './case-activity';
