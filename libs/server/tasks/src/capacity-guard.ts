import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays, DomainError, ErrorCode, LOAD_WINDOW_DAYS, todayInWarsaw } from '@cg/shared/domain';
import { hydrate, query, UserEntity } from '@cg/server/db';
import { abilityOf, CaseAccess, subjectOf } from '@cg/server/authz';
import type { RequestContext } from '@cg/server/core';
import { taskSubject, type TaskFacts } from './task-facts';
import { absenceOverlapping, activeUser, loadOfPerson } from './tasks.queries';

/**
 * The workload guard: a person's load is the effort of their open tasks (accepted, in progress, blocked) due
 * within 14 days; assigning beyond the weekly capacity is refused unless a coordinator gives a reason, and
 * assigning to someone away is refused. Assignments to one person are serialised by locking that person.
 */
@Injectable()
export class CapacityGuard {
  constructor(private readonly access: CaseAccess) {}

  /**
   * Checks the assignment of the task to the person, in the write's transaction. Returns true when it goes beyond
   * capacity under a coordinator's override; throws CAPACITY_EXCEEDED (with load, capacity and overage) when it
   * would without one.
   */
  async check(manager: EntityManager, request: RequestContext, facts: TaskFacts, assigneeId: string, overrideReason: string | undefined): Promise<boolean> {
    const task = facts.task;
    const person = await this.assigneeOf(manager, request, assigneeId, task.organisationId, true);
    const today = todayInWarsaw();
    const until = addDays(today, LOAD_WINDOW_DAYS);
    const [away] = await query<{ ends_on: string }>(manager, absenceOverlapping(person.id, today, task.dueDate < today ? today : task.dueDate));
    if (away) throw DomainError.badInput('task.unavailable', { until: away.ends_on }, { field: 'assigneeId', unavailableUntil: away.ends_on });
    const loads = await query<{ load: number }>(manager, loadOfPerson(person.id, until, task.id ?? '00000000-0000-0000-0000-000000000000'));
    const load = loads[0]?.load ?? 0;
    const effort = task.dueDate <= until ? task.effortPoints : 0;
    const overage = load + effort - person.weeklyCapacity;
    if (overage <= 0) return false;
    const reason = overrideReason?.trim();
    if (!reason) {
      throw new DomainError(ErrorCode.CAPACITY_EXCEEDED, 'task.capacityExceeded', { load, effort, capacity: person.weeklyCapacity, overage }, { load, effort, capacity: person.weeklyCapacity, overage, assigneeId: person.id });
    }
    if (!this.access.can(request, 'overrideCapacity', 'Task', facts.caseFacts, taskSubject(facts))) throw DomainError.badInput('task.overrideNotAllowed', {}, { field: 'capacityOverrideReason' });
    return true;
  }

  /**
   * The person, optionally locked for the transaction (the guard locks: two assignments to one person cannot both see
   * the old load). Someone of another organisation than the task's is refused as input when the caller may see them,
   * and is NOT_FOUND (as an unknown id) when they may not.
   */
  async assigneeOf(manager: EntityManager, request: RequestContext, userId: string, organisationId: string, lock: boolean): Promise<UserEntity> {
    const [row] = await query(manager, activeUser(userId, lock));
    if (!row) throw DomainError.notFound('User');
    const person = hydrate(manager, UserEntity, row);
    if (person.organisationId !== organisationId) {
      if (!abilityOf(request).can('read', subjectOf('User', { id: person.id, organisationId: person.organisationId }))) throw DomainError.notFound('User', true);
      throw DomainError.badInput('task.assigneeOrganisation', {}, { field: 'assigneeId' });
    }
    return person;
  }
}
