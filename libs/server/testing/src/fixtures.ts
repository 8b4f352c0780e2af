import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ALL_DATA_CATEGORIES, OrganisationKind, Role } from '@cg/shared/domain';
import { OrganisationEntity, PartnershipAgreementEntity, UserEntity } from '@cg/server/db';
import { hash, Algorithm } from '@node-rs/argon2';

export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | null = null;

function suffix(): string {
  return randomBytes(3).toString('hex');
}

/** Factories write straight to the database: fixtures are not what a test is about. */
export class Fixtures {
  constructor(private readonly dataSource: DataSource) {}

  async organisation(overrides: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
    const s = suffix();
    const repository = this.dataSource.getRepository(OrganisationEntity);
    return repository.save(
      repository.create({ name: `Org ${s}`, code: `T${s.toUpperCase()}`.slice(0, 12), kind: OrganisationKind.POLICE_UNIT, area: 'Legionowo', active: true, ...overrides }),
    );
  }

  async user(organisation: OrganisationEntity, roles: Role[], overrides: Partial<UserEntity> = {}): Promise<UserEntity> {
    testPasswordHash ??= hash(TEST_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const repository = this.dataSource.getRepository(UserEntity);
    return repository.save(
      repository.create({
        organisationId: organisation.id,
        email: `${roles.join('-').toLowerCase() || 'none'}.${suffix()}@example.test`,
        displayName: `${roles[0] ?? 'User'} ${suffix()}`,
        passwordHash: await testPasswordHash,
        roles,
        locale: 'pl',
        weeklyCapacity: 20,
        active: true,
        ...overrides,
      }),
    );
  }

  /** An agreement in force, open-ended, sharing every data category unless told otherwise. */
  async agreement(a: OrganisationEntity, b: OrganisationEntity, overrides: Partial<PartnershipAgreementEntity> = {}): Promise<PartnershipAgreementEntity> {
    const repository = this.dataSource.getRepository(PartnershipAgreementEntity);
    return repository.save(
      repository.create({ organisationAId: a.id, organisationBId: b.id, purpose: 'test', dataCategories: [...ALL_DATA_CATEGORIES], validFrom: '2020-01-01', validTo: null, ...overrides }),
    );
  }
}
