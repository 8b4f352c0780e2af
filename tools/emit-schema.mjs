// `npm run schema:emit`: builds the API and writes schema.graphql from the code (connects to DATABASE_URL, by default the server's postgres database; no tables are read).
import { execSync } from 'node:child_process';
execSync('npx nx run api:build', { stdio: 'inherit' });
execSync('node dist/apps/api/apps/api/src/cli/emit-schema.js', { stdio: 'inherit', env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' } });
