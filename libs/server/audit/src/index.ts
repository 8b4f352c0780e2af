export * from './audit.service';
export * from './audit.module';
export * from './audit-event.model';
export * from './json.scalar';
