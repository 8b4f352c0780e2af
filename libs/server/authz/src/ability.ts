import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { Role } from '@cg/shared/domain';
import type { Actor } from '@cg/server/core';

export type Action = 'manage' | 'read' | 'create' | 'update' | 'deactivate';

/**
 * Subjects and the fields their rules may name. The same names are mapped to SQL columns by each list
 * (see `rulesToSql`), so a rule written here filters both one object and every list.
 */
export interface SubjectFields {
  Organisation: { id: string };
  User: { id: string; organisationId: string };
  Agreement: { id: string; organisationAId: string; organisationBId: string };
  AuditEvent: { id: string };
}
export type SubjectName = keyof SubjectFields;

export type AppAbility = MongoAbility<[Action, SubjectName | 'all']>;

/**
 * The rules of DESIGN.md §3 for what exists so far. Anything not granted here is denied.
 */
export function defineAbilityFor(actor: Actor | null): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!actor) return build();
  const roles = new Set(actor.roles);

  // Every signed-in person sees the directory of organisations and themselves.
  can('read', 'Organisation');
  can('read', 'User', { id: actor.userId } as never);

  if (roles.has(Role.ADMIN)) {
    can('manage', 'Organisation');
    can('manage', 'User');
    can('manage', 'Agreement');
  }
  if (roles.has(Role.COORDINATOR) || roles.has(Role.STAFF) || roles.has(Role.PARTNER)) {
    // Colleagues in one's own organisation.
    can('read', 'User', { organisationId: actor.organisationId } as never);
  }
  if (roles.has(Role.COORDINATOR)) {
    // The agreements that are the legal basis of one's own organisation's partnerships.
    can('read', 'Agreement', { organisationAId: actor.organisationId } as never);
    can('read', 'Agreement', { organisationBId: actor.organisationId } as never);
  }
  if (roles.has(Role.AUDITOR)) {
    can('read', 'AuditEvent');
  }
  return build();
}
