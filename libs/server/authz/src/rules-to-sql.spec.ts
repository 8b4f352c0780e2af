import { OrganisationKind, Role, SHARED_WITH } from '@cg/shared/domain';
import type { Actor } from '@cg/server/core';
import { defineAbilityFor } from './ability';
import { rulesToSql } from './rules-to-sql';

const actor = (roles: Role[]): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  organisationId: '00000000-0000-4000-8000-0000000000aa',
  organisationKind: OrganisationKind.POLICE_UNIT,
  roles,
  locale: 'pl',
  sessionId: '00000000-0000-4000-8000-0000000000ff',
});

const userFields = { id: 'u.id', organisationId: 'u.organisation_id' };

describe('rulesToSql', () => {
  it('denies with FALSE when no rule grants the action', () => {
    expect(rulesToSql(defineAbilityFor(null), 'read', 'User', userFields).where).toBe('FALSE');
    expect(rulesToSql(defineAbilityFor(actor([Role.ANALYST])), 'read', 'AuditEvent', {}).where).toBe('FALSE');
  });

  it('allows everything with TRUE for an unconditional rule', () => {
    expect(rulesToSql(defineAbilityFor(actor([Role.ADMIN])), 'read', 'User', userFields).where).toBe('TRUE');
  });

  it('turns conditions into parameterised SQL joined by OR', () => {
    const result = rulesToSql(defineAbilityFor(actor([Role.STAFF])), 'read', 'User', userFields);
    expect(result.where).toMatch(/^\(u\.(organisation_id|id) = :casl_\d+ OR u\.(organisation_id|id) = :casl_\d+\)$/);
    expect(Object.values(result.params).sort()).toEqual(
      ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa'].sort(),
    );
  });

  it('supports predicates built by functions (EXISTS on another table)', () => {
    const result = rulesToSql(defineAbilityFor(actor([Role.COORDINATOR])), 'read', 'Agreement', {
      organisationAId: (op, p) => `EXISTS (SELECT 1 WHERE a.organisation_a_id ${op === 'eq' ? '=' : '= ANY'}(:${p}))`,
      organisationBId: 'a.organisation_b_id',
    });
    expect(result.where).toContain('EXISTS (SELECT 1 WHERE a.organisation_a_id =(:casl_');
    expect(result.where).toContain('a.organisation_b_id = :casl_');
  });

  it('refuses a rule on a field it cannot map rather than ignoring it', () => {
    expect(() => rulesToSql(defineAbilityFor(actor([Role.STAFF])), 'read', 'User', { id: 'u.id' })).toThrow(
      /no SQL mapping for field "organisationId"/,
    );
  });

  it('folds fields known in advance: TRUE drops out of AND, FALSE out of OR, and a rule that cannot hold disappears', () => {
    const ngo = { ...actor([Role.PARTNER]), organisationKind: OrganisationKind.NGO };
    const fields = (tier: string) => ({
      id: 'c.id',
      leadOrganisationId: 'c.lead_organisation_id',
      participantOrganisationIds: (_op: string, p: string) => `EXISTS (SELECT 1 WHERE :${p} IS NOT NULL)`,
      visibility: (_op: string, _p: string, value: unknown) => (value === tier ? 'TRUE' : 'FALSE'),
      kind: (_op: string, _p: string, value: unknown) => (value === 'NOTE' ? 'TRUE' : 'FALSE'),
      ...Object.fromEntries(Object.values(SHARED_WITH).map((field) => [field, (_op: string, p: string) => `EXISTS (SELECT 1 WHERE :${p} IS NOT NULL)`])),
    });
    expect(rulesToSql(defineAbilityFor(ngo), 'read', 'CaseUpdate', fields('AGENCIES')).where).toBe('FALSE');
    expect(rulesToSql(defineAbilityFor(ngo), 'read', 'CaseUpdate', fields('PARTNERS')).where).toMatch(/^EXISTS \(SELECT 1 WHERE :casl_\d+ IS NOT NULL\)$/);
    expect(rulesToSql(defineAbilityFor(actor([Role.STAFF])), 'read', 'CaseUpdate', fields('LEAD')).where).toMatch(/^c\.lead_organisation_id = :casl_\d+$/);
  });
});
