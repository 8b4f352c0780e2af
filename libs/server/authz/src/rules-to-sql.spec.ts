import { OrganisationKind, Role, SHARED_WITH } from '@cg/shared/domain';
import type { Actor } from '@cg/server/core';
import { defineAbilityFor } from './ability';
import { sql, toQuery, type Sql } from '@cg/server/db';
import { matches, rulesToSql } from './rules-to-sql';

const actor = (roles: Role[]): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  organisationId: '00000000-0000-4000-8000-0000000000aa',
  organisationKind: OrganisationKind.POLICE_UNIT,
  roles,
  locale: 'pl',
  sessionId: '00000000-0000-4000-8000-0000000000ff',
});

const userFields = { id: sql.ident('u.id'), organisationId: sql.ident('u.organisation_id') };
const text = (condition: Sql) => toQuery(condition)[0];

describe('rulesToSql', () => {
  it('denies with FALSE when no rule grants the action', () => {
    expect(text(rulesToSql(defineAbilityFor(null), 'read', 'User', userFields))).toBe('FALSE');
    expect(text(rulesToSql(defineAbilityFor(actor([Role.ANALYST])), 'read', 'AuditEvent', {}))).toBe('FALSE');
  });

  it('allows everything with TRUE for an unconditional rule', () => {
    expect(text(rulesToSql(defineAbilityFor(actor([Role.ADMIN])), 'read', 'User', userFields))).toBe('TRUE');
  });

  it('turns conditions into parameterised SQL joined by OR, values only as parameters', () => {
    const [where, values] = toQuery(rulesToSql(defineAbilityFor(actor([Role.STAFF])), 'read', 'User', userFields));
    expect(where).toMatch(/^\(u\.(organisation_id|id) = \$1 OR u\.(organisation_id|id) = \$2\)$/);
    expect([...values].sort()).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa'].sort());
  });

  it('numbers the parameters of two conditions in one statement apart (no shared counter needed)', () => {
    const ability = defineAbilityFor(actor([Role.STAFF]));
    const one = rulesToSql(ability, 'read', 'User', userFields);
    const two = rulesToSql(ability, 'read', 'User', { id: sql.ident('v.id'), organisationId: sql.ident('v.organisation_id') });
    const [where, values] = toQuery(sql`SELECT 1 FROM users u, users v WHERE ${one} AND ${two}`);
    expect(where.match(/\$\d+/g)).toEqual(['$1', '$2', '$3', '$4']);
    expect(values).toHaveLength(4);
  });

  it('supports predicates built by functions (EXISTS on another table)', () => {
    const [where] = toQuery(
      rulesToSql(defineAbilityFor(actor([Role.COORDINATOR])), 'read', 'Agreement', {
        organisationAId: (op, value) => sql`EXISTS (SELECT 1 WHERE a.organisation_a_id ${matches(op, value)})`,
        organisationBId: sql.ident('a.organisation_b_id'),
      }),
    );
    expect(where).toMatch(/EXISTS \(SELECT 1 WHERE a\.organisation_a_id = (ANY\()?\$\d+/);
    expect(where).toMatch(/a\.organisation_b_id = \$\d+/);
  });

  it('refuses a rule on a field it cannot map rather than ignoring it', () => {
    expect(() => rulesToSql(defineAbilityFor(actor([Role.STAFF])), 'read', 'User', { id: sql.ident('u.id') })).toThrow(
      /no SQL mapping for field "organisationId"/,
    );
  });

  it('folds fields known in advance: TRUE drops out of AND, FALSE out of OR, and a rule that cannot hold disappears', () => {
    const ngo = { ...actor([Role.PARTNER]), organisationKind: OrganisationKind.NGO };
    const member = (_op: string, value: unknown) => sql`EXISTS (SELECT 1 WHERE ${value} IS NOT NULL)`;
    const fields = (tier: string) => ({
      id: sql.ident('c.id'),
      leadOrganisationId: sql.ident('c.lead_organisation_id'),
      participantOrganisationIds: member,
      visibility: (_op: string, value: unknown) => (value === tier ? sql.true : sql.false),
      kind: (_op: string, value: unknown) => (value === 'NOTE' ? sql.true : sql.false),
      ...Object.fromEntries(Object.values(SHARED_WITH).map((field) => [field, member])),
    });
    expect(text(rulesToSql(defineAbilityFor(ngo), 'read', 'CaseUpdate', fields('AGENCIES')))).toBe('FALSE');
    expect(text(rulesToSql(defineAbilityFor(ngo), 'read', 'CaseUpdate', fields('PARTNERS')))).toMatch(/^EXISTS \(SELECT 1 WHERE \$1 IS NOT NULL\)$/);
    expect(text(rulesToSql(defineAbilityFor(actor([Role.STAFF])), 'read', 'CaseUpdate', fields('LEAD')))).toBe('c.lead_organisation_id = $1');
  });
});
