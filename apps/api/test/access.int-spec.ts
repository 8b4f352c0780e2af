import { Query, Resolver } from '@nestjs/graphql';
import { Module } from '@nestjs/common';
import { Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/** A resolver that states no policy: the global guard must deny it to everyone, administrators included. */
@Resolver()
class ForgottenPolicyResolver {
  // eslint-disable-next-line local/resolver-needs-policy -- the point of this test
  @Query(() => String)
  forgottenPolicy(): string {
    return 'leaked';
  }
}
@Module({ providers: [ForgottenPolicyResolver] })
class ForgottenPolicyModule {}

const ROLES = Object.values(Role);

describe('deny by default and the administrator role matrix', () => {
  let api: TestApp;
  let home: OrganisationEntity;
  const tokens = new Map<Role, string>();
  const userIds = new Map<Role, string>();

  beforeAll(async () => {
    api = await startApi({}, { imports: [ForgottenPolicyModule] });
    home = await api.fixtures.organisation({ name: 'Home organisation' });
    for (const role of ROLES) {
      const { user, token } = await api.signedIn(home, [role]);
      tokens.set(role, token);
      userIds.set(role, user.id);
    }
  });
  afterAll(async () => {
    await api.stop();
  });

  it('refuses an operation that states no policy, for every role and for anonymous callers', async () => {
    for (const role of ROLES) {
      const response = await api.gql('{ forgottenPolicy }', {}, { token: tokens.get(role) });
      expect([role, errorCode(response), response.data]).toEqual([role, 'FORBIDDEN', null]);
    }
    expect(errorCode(await api.gql('{ forgottenPolicy }'))).toBe('FORBIDDEN');
    const refused = await api.dataSource.getRepository(AuditEventEntity).countBy({ action: 'Query.forgottenPolicy', outcome: 'REFUSED' });
    expect(refused).toBe(ROLES.length + 1);
  });

  it('asks for sign-in before anything else', async () => {
    expect(errorCode(await api.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql('{ me { id } }', {}, { token: 'not-a-jwt' }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql('{ users { totalCount } }'))).toBe('UNAUTHENTICATED');
  });

  type Operation = { name: string; run: (token: string, i: number) => Promise<unknown> };
  const operations: Operation[] = [
    {
      name: 'createOrganisation',
      run: (token, i) =>
        api.gql('mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }', { input: { name: `Matrix org ${i}`, code: `MX${i}`, kind: 'NGO' } }, { token }),
    },
    {
      name: 'deactivateOrganisation',
      run: async (token) => {
        const target = await api.fixtures.organisation();
        return api.gql('mutation($input: DeactivateOrganisationInput!) { deactivateOrganisation(input: $input) { id } }', { input: { id: target.id, version: target.version } }, { token });
      },
    },
    {
      name: 'createUser',
      run: (token, i) =>
        api.gql(
          'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
          { input: { organisationId: home.id, email: `matrix${i}@example.test`, displayName: `Matrix ${i}`, password: 'a long enough passphrase', roles: ['STAFF'] } },
          { token },
        ),
    },
    {
      name: 'setUserRoles',
      run: async (token) => {
        const target = await api.fixtures.user(home, [Role.STAFF]);
        return api.gql('mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { id } }', { input: { id: target.id, version: target.version, roles: ['PARTNER'] } }, { token });
      },
    },
    {
      name: 'updateUser',
      run: async (token) => {
        const target = await api.fixtures.user(home, [Role.STAFF]);
        return api.gql('mutation($input: UpdateUserInput!) { updateUser(input: $input) { id } }', { input: { id: target.id, version: target.version, roles: ['COORDINATOR'], displayName: 'Matrix Person' } }, { token });
      },
    },
    {
      name: 'reactivateUser',
      run: async (token) => {
        const target = await api.fixtures.user(home, [Role.STAFF], { active: false });
        return api.gql('mutation($input: ReactivateUserInput!) { reactivateUser(input: $input) { id } }', { input: { id: target.id, version: target.version } }, { token });
      },
    },
    {
      name: 'deactivateUser',
      run: async (token) => {
        const target = await api.fixtures.user(home, [Role.STAFF]);
        return api.gql('mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { id } }', { input: { id: target.id, version: target.version } }, { token });
      },
    },
    {
      name: 'createPartnershipAgreement',
      run: async (token) => {
        const other = await api.fixtures.organisation();
        return api.gql(
          'mutation($input: CreateAgreementInput!) { createPartnershipAgreement(input: $input) { id inForce } }',
          { input: { organisationAId: home.id, organisationBId: other.id, purpose: 'Wspólne działania', dataCategories: ['CASE_CONTENT'], validFrom: '2026-01-01' } },
          { token },
        );
      },
    },
    {
      name: 'changePartnershipAgreementStatus',
      run: async (token) => {
        const agreement = await api.fixtures.agreement(home, await api.fixtures.organisation());
        return api.gql('mutation($input: ChangeAgreementStatusInput!) { changePartnershipAgreementStatus(input: $input) { status } }', { input: { id: agreement.id, version: agreement.version, status: 'SUSPENDED' } }, { token });
      },
    },
  ];

  it.each(operations.map((o) => [o.name, o] as const))('%s: only ADMIN may call it; every refusal is audited', async (name, operation) => {
    let i = 0;
    const outcomes: [Role, unknown][] = [];
    for (const role of ROLES) {
      const response = (await operation.run(tokens.get(role) ?? '', Math.floor(Math.random() * 1e6) + i++)) as Parameters<typeof errorCode>[0];
      outcomes.push([role, errorCode(response) ?? 'OK']);
    }
    expect(outcomes).toEqual(ROLES.map((role) => [role, role === Role.ADMIN ? 'OK' : 'FORBIDDEN']));
    const refusals = await api.dataSource.getRepository(AuditEventEntity).findBy({ action: `Mutation.${name}`, outcome: 'REFUSED' });
    expect(refusals.map((e) => e.actorUserId).sort()).toEqual(ROLES.filter((r) => r !== Role.ADMIN).map((r) => userIds.get(r)).sort());
    expect(refusals.every((e) => e.reason === 'FORBIDDEN' && e.requestId && e.clientAddress)).toBe(true);
  });

  it('writes every successful administrative mutation to the audit trail with the changed fields', async () => {
    const response = await api.gql<{ createOrganisation: { id: string } }>(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      { input: { name: 'Szkoła Podstawowa nr 3', code: 'SP3LEG', kind: 'SCHOOL', area: 'Legionowo' } },
      { token: tokens.get(Role.ADMIN) },
    );
    const id = response.data!.createOrganisation.id;
    const event = await api.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ action: 'organisation.create', entityId: id });
    expect(event).toMatchObject({ outcome: 'SUCCESS', entityType: 'Organisation', actorUserId: userIds.get(Role.ADMIN), actorOrganisationId: home.id });
    expect(event.changes).toMatchObject({ name: { before: null, after: 'Szkoła Podstawowa nr 3' }, code: { before: null, after: 'SP3LEG' }, kind: { before: null, after: 'SCHOOL' } });
    const outbox = await api.dataSource.query('SELECT type, payload FROM outbox_events WHERE aggregate_id = $1', [id]);
    expect(outbox).toEqual([{ type: 'organisation.created', payload: { organisationId: id } }]);
  });

  it('lists users filtered in SQL: administrators see everyone, others only their organisation', async () => {
    const foreign = await api.fixtures.organisation();
    await api.fixtures.user(foreign, [Role.STAFF]);
    const query = '{ users(first: 100) { totalCount edges { node { id organisationId } } } }';
    const asAdmin = await api.gql<{ users: { totalCount: number; edges: { node: { organisationId: string } }[] } }>(query, {}, { token: tokens.get(Role.ADMIN) });
    const all = (await api.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n;
    expect(asAdmin.data?.users.totalCount).toBe(all);
    const asStaff = await api.gql<{ users: { totalCount: number; edges: { node: { organisationId: string } }[] } }>(query, {}, { token: tokens.get(Role.STAFF) });
    const homeCount = (await api.dataSource.query('SELECT count(*)::int AS n FROM users WHERE organisation_id = $1', [home.id]))[0].n;
    expect(asStaff.data?.users.totalCount).toBe(homeCount);
    expect(asStaff.data?.users.edges.every((e) => e.node.organisationId === home.id)).toBe(true);
    // An analyst and an auditor see only themselves.
    const asAuditor = await api.gql<{ users: { totalCount: number } }>(query, {}, { token: tokens.get(Role.AUDITOR) });
    expect(asAuditor.data?.users.totalCount).toBe(1);
  });

  it('keyset-paginates lists without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: { data?: { users: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await api.gql(
        'query($after: String) { users(first: 3, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        { token: tokens.get(Role.ADMIN) },
      );
      const users = page.data!.users;
      total = users.totalCount;
      seen.push(...users.edges.map((e) => e.node.id));
      after = users.pageInfo.hasNextPage ? users.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
  });

  it('auditEvents: the AUDITOR role only, with filters and pagination', async () => {
    for (const role of ROLES.filter((r) => r !== Role.AUDITOR)) {
      expect([role, errorCode(await api.gql('{ auditEvents { totalCount } }', {}, { token: tokens.get(role) }))]).toEqual([role, 'FORBIDDEN']);
    }
    const adminId = userIds.get(Role.ADMIN)!;
    const response = await api.gql<{ auditEvents: { totalCount: number; edges: { node: { actorUserId: string; action: string; occurredAt: string } }[] } }>(
      'query($filter: AuditEventFilter) { auditEvents(first: 5, filter: $filter) { totalCount edges { node { actorUserId action occurredAt changes } } } }',
      { filter: { actorUserId: adminId } },
      { token: tokens.get(Role.AUDITOR) },
    );
    expect(response.errors).toBeUndefined();
    const expected = await api.dataSource.getRepository(AuditEventEntity).countBy({ actorUserId: adminId });
    expect(response.data?.auditEvents.totalCount).toBe(expected);
    const nodes = response.data!.auditEvents.edges.map((e) => e.node);
    expect(nodes.length).toBe(Math.min(5, expected));
    expect(nodes.every((n) => n.actorUserId === adminId)).toBe(true);
    const times = nodes.map((n) => n.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
