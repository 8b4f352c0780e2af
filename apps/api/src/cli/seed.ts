import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@cg/server/config';
import { AuditEventEntity, dataSourceOptions, OrganisationEntity, PartnershipAgreementEntity, UserEntity } from '@cg/server/db';
import { PasswordService } from '@cg/server/identity';
import { DEMO_AGREEMENTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from './demo-data';

/**
 * Loads the Legionowo demo partnership. Idempotent (what exists is left alone); refused in production,
 * since every demo account shares one printed password.
 */
export async function seedDemo(databaseUrl: string, poolSize = 2): Promise<{ created: boolean }> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url: databaseUrl, poolSize, logQueries: false }), extra: { max: poolSize } });
  await dataSource.initialize();
  try {
    return await dataSource.transaction(async (manager) => {
      const orgs = manager.getRepository(OrganisationEntity);
      if (await orgs.exists({ where: { code: 'KPPLEG' } })) return { created: false };
      const ids = new Map<string, string>();
      for (const demo of DEMO_ORGANISATIONS) {
        const saved = await orgs.save(
          orgs.create({ name: demo.name, code: demo.code, kind: demo.kind, area: demo.area, parentId: demo.parent ? (ids.get(demo.parent) ?? null) : null, active: true }),
        );
        ids.set(demo.code, saved.id);
      }
      const passwordHash = await new PasswordService().hash(DEMO_PASSWORD);
      const users = manager.getRepository(UserEntity);
      for (const demo of DEMO_USERS) {
        await users.save(
          users.create({ email: demo.email, displayName: demo.displayName, organisationId: ids.get(demo.organisation) ?? '', roles: demo.roles, locale: demo.locale, weeklyCapacity: demo.weeklyCapacity, passwordHash, active: true }),
        );
      }
      const agreements = manager.getRepository(PartnershipAgreementEntity);
      for (const demo of DEMO_AGREEMENTS) {
        await agreements.save(
          agreements.create({ organisationAId: ids.get(demo.a) ?? '', organisationBId: ids.get(demo.b) ?? '', purpose: demo.purpose, dataCategories: demo.dataCategories, validFrom: demo.validFrom, validTo: demo.validTo, status: demo.status }),
        );
      }
      await manager.getRepository(AuditEventEntity).insert({ action: 'demo.seed', outcome: 'SUCCESS', entityType: 'Demo', entityId: null, changes: {}, reason: 'demo data loaded', requestId: 'seed' });
      return { created: true };
    });
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new Error('Demo data is never loaded in production (NODE_ENV=production).');
  const { created } = await seedDemo(config.database.url);
  process.stdout.write(created ? 'Demo data loaded: the Legionowo partnership.\n' : 'Demo data already present.\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
