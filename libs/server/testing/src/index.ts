export * from './test-database';
export * from './test-app';
export * from './fixtures';
export * from './log-capture';
export * from './wait';
export * from './tcp-proxy';
