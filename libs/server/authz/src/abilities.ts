import { DomainError } from '@cg/shared/domain';
import type { RequestContext } from '@cg/server/core';
import { defineAbilityFor, type Action, type AppAbility, type SubjectName } from './ability';

const cache = new WeakMap<RequestContext, AppAbility>();

/** The CASL ability of a request, built once per request from its actor. */
export function abilityOf(request: RequestContext): AppAbility {
  let ability = cache.get(request);
  if (!ability) {
    ability = defineAbilityFor(request.actor);
    cache.set(request, ability);
  }
  return ability;
}

/** Throws FORBIDDEN (audited as a refusal) unless the request's ability allows the action on some object of the subject. */
export function ensureCan(request: RequestContext, action: Action, subject: SubjectName): void {
  if (!abilityOf(request).can(action, subject)) throw DomainError.forbidden();
}
