// `npm run migration:run`: builds the API and applies pending migrations to DATABASE_URL (created when missing).
import { execSync } from 'node:child_process';
execSync('npx nx run api:build', { stdio: 'inherit' });
execSync('node dist/apps/api/apps/api/src/cli/migrate.js', { stdio: 'inherit' });
