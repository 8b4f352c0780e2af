// Builds the API (which holds the CLI) and runs the migration generator. Usage: npm run migration:generate -- Name
import { execSync } from 'node:child_process';
execSync('npx nx run api:build --skip-nx-cache', { stdio: 'inherit' });
execSync(`node dist/apps/api/apps/api/src/cli/generate-migration.js ${process.argv.slice(2).join(' ')}`, { stdio: 'inherit' });
