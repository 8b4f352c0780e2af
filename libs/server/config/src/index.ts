export * from './app-config';
export * from './config.module';
export { envSchema, type Env } from './config.schema';
export * from './logging';
