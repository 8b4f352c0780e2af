import { DomainError } from '@cg/shared/domain';
import type { Actor, RequestContext } from '@cg/server/core';
import { defineAbilityFor, type Action, type AppAbility, type SubjectName } from './ability';

/**
 * How many abilities are kept across requests (least recently used dropped first). One ability, with the SQL compiled
 * from it for the lists (see `rulesToSql`, `perAbility`), holds about 50 kB of heap: 200 of them, ~10 MB at most.
 */
export const ABILITY_CACHE_SIZE = 200;

const byRequest = new WeakMap<RequestContext, AppAbility>();
const byActor = new Map<string, AppAbility>();
const compiled = new WeakMap<AppAbility, Map<string, unknown>>();
/** The ability of a request without a signed-in person: no rule at all. */
const NOBODY = defineAbilityFor(null);

/**
 * Everything `defineAbilityFor` reads of an actor, and nothing else: the person (rules name their id: their own
 * tasks, their own account), their organisation and its kind, and their roles. Two people never share an ability,
 * and a change of roles or of the organisation's kind (the actor is read afresh at each request) is a new key.
 */
export function abilityKey(actor: Actor): string {
  return `${actor.userId}|${actor.organisationId}|${actor.organisationKind}|${[...actor.roles].sort().join(',')}`;
}

/** The ability of an actor, built once and kept (bounded, least recently used dropped first). */
export function abilityFor(actor: Actor | null): AppAbility {
  if (!actor) return NOBODY;
  const key = abilityKey(actor);
  let ability = byActor.get(key);
  if (ability) {
    // Most recently used goes last: a Map iterates in insertion order, so the first key is the least recently used.
    byActor.delete(key);
  } else {
    ability = defineAbilityFor(actor);
    if (byActor.size >= ABILITY_CACHE_SIZE) byActor.delete(byActor.keys().next().value as string);
  }
  byActor.set(key, ability);
  return ability;
}

/** The CASL ability of a request, from its actor (see `abilityFor`). */
export function abilityOf(request: RequestContext): AppAbility {
  let ability = byRequest.get(request);
  if (!ability) {
    ability = abilityFor(request.actor);
    byRequest.set(request, ability);
  }
  return ability;
}

/**
 * What is computed from an ability alone (the SQL of its rules, `rulesToSql`), computed once per ability and kept as
 * long as the ability is: `key` names what is computed and must determine it together with the ability.
 */
export function perAbility<T>(ability: AppAbility, key: string, compute: () => T): T {
  let store = compiled.get(ability);
  if (!store) {
    store = new Map();
    compiled.set(ability, store);
    // A CASL ability can be given new rules; what was computed from the old ones goes with them.
    ability.on('updated', () => compiled.delete(ability));
  }
  if (store.has(key)) return store.get(key) as T;
  const value = compute();
  store.set(key, value);
  return value;
}

/** Forgets the abilities kept across requests (tests). */
export function clearAbilityCache(): void {
  byActor.clear();
}

/** Throws FORBIDDEN (audited as a refusal) unless the request's ability allows the action on some object of the subject. */
export function ensureCan(request: RequestContext, action: Action, subject: SubjectName): void {
  if (!abilityOf(request).can(action, subject)) throw DomainError.forbidden();
}
