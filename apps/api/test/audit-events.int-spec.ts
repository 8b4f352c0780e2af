import { Role } from '@cg/shared/domain';
import { AuditEventEntity, type OrganisationEntity } from '@cg/server/db';
import { errorCode, type TestApp } from '@cg/server/testing';
import { startApi } from './start';

/**
 * The audit trail page searches by the acting person's organisation as well as by person, entity, action and date
 * (issue 13, item 5): `auditEvents(filter: { actorOrganisationId })` returns that organisation's events only, and
 * combines with the other filters; the trail stays AUDITOR only.
 */
describe('auditEvents filtered by the actor’s organisation', () => {
  let api: TestApp;
  let auditorToken: string;
  let staffToken: string;
  let home: OrganisationEntity;
  let homeId: string;
  let otherId: string;

  const query = 'query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 100) { totalCount edges { node { action actorOrganisationId entityId } } } }';
  type Answer = { auditEvents: { totalCount: number; edges: { node: { action: string; actorOrganisationId: string | null; entityId: string | null } }[] } };

  beforeAll(async () => {
    api = await startApi();
    home = await api.fixtures.organisation({ name: 'Home' });
    const other = await api.fixtures.organisation({ name: 'Other' });
    homeId = home.id;
    otherId = other.id;
    auditorToken = (await api.signedIn(home, [Role.AUDITOR])).token;
    staffToken = (await api.signedIn(home, [Role.STAFF])).token;
    const repo = api.dataSource.getRepository(AuditEventEntity);
    const base = { outcome: 'SUCCESS' as const, entityType: 'Stakeholder', changes: {}, reason: null, clientAddress: '127.0.0.1', requestId: 'r-1', actorUserId: null };
    await repo.insert([
      { ...base, action: 'stakeholder.read-personal', entityId: 'sh-1', actorOrganisationId: home.id },
      { ...base, action: 'stakeholder.read-personal', entityId: 'sh-2', actorOrganisationId: other.id },
      { ...base, action: 'case.update', entityType: 'Case', entityId: 'c-1', actorOrganisationId: other.id },
    ]);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('returns only the events of people of that organisation', async () => {
    const answer = await api.gql<Answer>(query, { filter: { actorOrganisationId: otherId } }, { token: auditorToken });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.auditEvents.totalCount).toBe(2);
    expect(answer.data!.auditEvents.edges.map((e) => e.node.entityId).sort()).toEqual(['c-1', 'sh-2']);
    expect(answer.data!.auditEvents.edges.every((e) => e.node.actorOrganisationId === otherId)).toBe(true);
  });

  it('combines with the action filter (the consultation log of one organisation)', async () => {
    const answer = await api.gql<Answer>(query, { filter: { actorOrganisationId: homeId, action: 'stakeholder.read-personal' } }, { token: auditorToken });
    expect(answer.data!.auditEvents.edges.map((e) => e.node.entityId)).toEqual(['sh-1']);
  });

  it('names who acted and their organisation, as they are named now (ids kept; null for the system)', async () => {
    const person = await api.fixtures.user(home, [Role.STAFF], { displayName: 'Zofia Kwiatkowska' });
    await api.dataSource.getRepository(AuditEventEntity).insert({
      outcome: 'SUCCESS', entityType: 'Stakeholder', entityId: 'sh-9', changes: {}, reason: 'case c-9', clientAddress: '127.0.0.1', requestId: 'r-9',
      action: 'stakeholder.read-personal', actorUserId: person.id, actorOrganisationId: homeId,
    });
    const named = 'query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 100) { edges { node { entityId actorUserId actorName actorOrganisationName } } } }';
    type Named = { auditEvents: { edges: { node: { entityId: string; actorUserId: string | null; actorName: string | null; actorOrganisationName: string | null } }[] } };
    const answer = await api.gql<Named>(named, { filter: { action: 'stakeholder.read-personal' } }, { token: auditorToken });
    expect(answer.errors).toBeUndefined();
    const byEntity = new Map(answer.data!.auditEvents.edges.map((e) => [e.node.entityId, e.node]));
    expect(byEntity.get('sh-9')).toEqual({ entityId: 'sh-9', actorUserId: person.id, actorName: 'Zofia Kwiatkowska', actorOrganisationName: 'Home' });
    expect(byEntity.get('sh-2')).toEqual({ entityId: 'sh-2', actorUserId: null, actorName: null, actorOrganisationName: 'Other' });
  });

  it('refuses a malformed id and stays closed to other roles', async () => {
    expect(errorCode(await api.gql(query, { filter: { actorOrganisationId: 'not-a-uuid' } }, { token: auditorToken }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(query, { filter: { actorOrganisationId: otherId } }, { token: staffToken }))).toBe('FORBIDDEN');
  });
});
