// Printed by `npm start` once the API and the worker are ready. The logins come from the built demo data,
// so what is printed is what was loaded.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export function printWelcome({ root, url, graphqlUrl, workerHealth, embedded, mail = null }) {
  const require = createRequire(import.meta.url);
  const { DEMO_PASSWORD, DEMO_USERS, DEMO_ORGANISATIONS } = require(join(root, 'dist/apps/api/apps/api/src/cli/demo-data.js'));
  const orgName = new Map(DEMO_ORGANISATIONS.map((o) => [o.code, o.name]));
  // Columns as wide as their longest entry (a person may hold two roles: COORDINATOR,PARTNER).
  const rolesWidth = Math.max(...DEMO_USERS.map((u) => u.roles.join(',').length));
  const emailWidth = Math.max(...DEMO_USERS.map((u) => u.email.length));
  const lines = [
    '',
    '  CommonGround is up.',
    '',
    `  Open:          ${url}   (the web app: sign in with a demo login below)`,
    `  GraphQL API:   ${graphqlUrl}   (open it in a browser for the IDE)`,
    `  Worker health: ${workerHealth}`,
    `  Datastore:     ${embedded ? 'embedded PostgreSQL (PGlite), queues on PostgreSQL' : 'your PostgreSQL and Redis'}`,
    `  E-mails:       ${mail ? `written as .eml files to ${mail} (no SMTP_URL set)` : 'sent through SMTP_URL'}`,
    '',
    `  Demo logins (demo data only) — password for every one: ${DEMO_PASSWORD}`,
    ...DEMO_USERS.map((u) => `    ${u.roles.join(',').padEnd(rolesWidth)} ${u.email.padEnd(emailWidth)} ${orgName.get(u.organisation)}`),
    '',
    `  Try:  curl -s ${graphqlUrl} -H 'content-type: application/json' \\`,
    `          -d '{"query":"mutation { login(input: { email: \\"k.nowak@kpp-legionowo.test\\", password: \\"${DEMO_PASSWORD}\\" }) { accessToken user { displayName } } }"}'`,
    '',
    '  Ctrl+C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}
