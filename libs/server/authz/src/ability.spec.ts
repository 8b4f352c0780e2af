import { ALL_ROLES, OrganisationKind, Role } from '@cg/shared/domain';
import type { Actor } from '@cg/server/core';
import { defineAbilityFor } from './ability';

const actor = (roles: Role[], organisationKind = OrganisationKind.POLICE_UNIT): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  organisationId: '00000000-0000-4000-8000-000000000002',
  organisationKind,
  roles,
  locale: 'pl',
  sessionId: 'session',
});

describe('summariseAllCases: the indicator summary over every case (small groups suppressed)', () => {
  it('is the analysts’, in any organisation', () => {
    for (const kind of Object.values(OrganisationKind)) {
      expect(defineAbilityFor(actor([Role.ANALYST], kind)).can('summariseAllCases', 'IndicatorSummary')).toBe(true);
    }
    expect(defineAbilityFor(actor([Role.COORDINATOR, Role.ANALYST])).can('summariseAllCases', 'IndicatorSummary')).toBe(true);
  });

  it('is no one else’s: coordinators summarise the cases they may read, the others no summary at all', () => {
    const others = ALL_ROLES.filter((role) => role !== Role.ANALYST);
    expect(others.filter((role) => defineAbilityFor(actor([role])).can('summariseAllCases', 'IndicatorSummary'))).toEqual([]);
    expect(defineAbilityFor(actor(others)).can('summariseAllCases', 'IndicatorSummary')).toBe(false);
    expect(defineAbilityFor(null).can('summariseAllCases', 'IndicatorSummary')).toBe(false);
    // Reading a summary at all stays the analysts’ and the coordinators’.
    expect(ALL_ROLES.filter((role) => defineAbilityFor(actor([role])).can('read', 'IndicatorSummary'))).toEqual([Role.COORDINATOR, Role.ANALYST]);
  });
});

describe('case-type templates', () => {
  it('are read by coordinators and administrators, and edited by administrators only, in any organisation', () => {
    for (const kind of Object.values(OrganisationKind)) {
      expect(ALL_ROLES.filter((role) => defineAbilityFor(actor([role], kind)).can('read', 'CaseTemplate'))).toEqual([Role.ADMIN, Role.COORDINATOR]);
      expect(ALL_ROLES.filter((role) => defineAbilityFor(actor([role], kind)).can('create', 'CaseTemplate'))).toEqual([Role.ADMIN]);
    }
    expect(defineAbilityFor(null).can('read', 'CaseTemplate')).toBe(false);
  });
});
