export * from './roles';
export * from './errors';
export * from './jobs';
export * from './events';
export * from './cases';
export * from './tasks';
export * from './indicators';
export * from './notifications';
