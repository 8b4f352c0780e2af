import { OrganisationKind, Role } from '@cg/shared/domain';
import type { Actor, RequestContext } from '@cg/server/core';
import { toQuery } from '@cg/server/db';
import { ABILITY_CACHE_SIZE, abilityFor, abilityOf, clearAbilityCache } from './abilities';
import { caseActivity, caseCondition, taskFields } from './case-access';
import { rulesToSql } from './rules-to-sql';

const ORG = '00000000-0000-4000-8000-0000000000aa';
const ANNA = '00000000-0000-4000-8000-000000000001';
const BOLEK = '00000000-0000-4000-8000-000000000002';

const actor = (userId: string, roles: Role[], organisationKind = OrganisationKind.POLICE_UNIT): Actor => ({
  userId,
  organisationId: ORG,
  organisationKind,
  roles,
  locale: 'pl',
  sessionId: `${userId.slice(0, -2)}ff`,
});
const request = (who: Actor | null): RequestContext => ({ requestId: 'r', clientAddress: null, locale: 'pl', actor: who });
/** The values of the SQL a person's tasks to answer are filtered by (`respond` names the assignee: the person). */
const respondValues = (who: Actor) => toQuery(rulesToSql(abilityOf(request(who)), 'respond', 'Task', taskFields('t')))[1];

describe('abilities kept across requests', () => {
  beforeEach(() => clearAbilityCache());

  it('never gives one person the conditions of another of the same organisation and roles, in any order', () => {
    const anna = actor(ANNA, [Role.STAFF]);
    const bolek = actor(BOLEK, [Role.STAFF]);
    for (const [who, other] of [[anna, bolek], [bolek, anna], [anna, bolek], [bolek, anna]] as const) {
      const values = respondValues(who);
      expect(values).toContain(who.userId);
      expect(values).not.toContain(other.userId);
    }
    // The TASKS category of the organisation is in both, as a parameter.
    expect(respondValues(anna)).toContain(ORG);
    expect(respondValues(bolek)).toContain(ORG);
  });

  it('builds the ability and its SQL once per person, and a new one when the roles or the kind of organisation change', () => {
    const staff = actor(ANNA, [Role.STAFF]);
    const first = abilityOf(request(staff));
    expect(abilityOf(request({ ...staff }))).toBe(first);
    expect(caseCondition(request(staff), 'read')).toBe(caseCondition(request({ ...staff }), 'read'));
    expect(caseActivity(request(staff))).toBe(caseActivity(request({ ...staff })));

    const promoted = abilityOf(request({ ...staff, roles: [Role.STAFF, Role.COORDINATOR] }));
    expect(promoted).not.toBe(first);
    expect(promoted.can('assign', 'Task')).toBe(true);
    expect(first.can('assign', 'Task')).toBe(false);
    // Role order does not make another ability.
    expect(abilityOf(request({ ...staff, roles: [Role.COORDINATOR, Role.STAFF] }))).toBe(promoted);

    const ngo = abilityOf(request({ ...staff, organisationKind: OrganisationKind.NGO }));
    expect(ngo).not.toBe(first);
    expect(ngo.can('create', 'Stakeholder')).toBe(false);
    expect(first.can('create', 'Stakeholder')).toBe(true);
  });

  it('keeps a bounded number, the least recently used dropped first', () => {
    const anna = actor(ANNA, [Role.STAFF]);
    const annas = abilityFor(anna);
    const someone = (i: number) => actor(`00000000-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`, [Role.PARTNER], OrganisationKind.NGO);
    const first = Array.from({ length: ABILITY_CACHE_SIZE - 1 }, (_, i) => abilityFor(someone(i)));
    // Full. Anna used again: the least recently used is now someone(0), which the next newcomer pushes out.
    expect(abilityFor(anna)).toBe(annas);
    abilityFor(someone(ABILITY_CACHE_SIZE));
    expect(abilityFor(someone(1))).toBe(first[1]);
    expect(abilityFor(someone(0))).not.toBe(first[0]);
    expect(abilityFor(anna)).toBe(annas);
  });

  it('answers the same SQL, frozen, to every statement that asks again', () => {
    const staff = actor(ANNA, [Role.STAFF]);
    const condition = rulesToSql(abilityOf(request(staff)), 'read', 'Task', taskFields('t'));
    expect(rulesToSql(abilityOf(request(staff)), 'read', 'Task', taskFields('t'))).toBe(condition);
    expect(Object.isFrozen(taskFields('t'))).toBe(true);
  });
});
