export * from './codes';
export * from './error-messages';
export * from './domain-error';
