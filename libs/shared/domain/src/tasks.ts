export enum ActionKind {
  MEDIATION = 'MEDIATION',
  COMMUNITY_MEETING = 'COMMUNITY_MEETING',
  PATROL = 'PATROL',
  PREVENTION = 'PREVENTION',
  ENVIRONMENTAL_DESIGN = 'ENVIRONMENTAL_DESIGN',
  REFERRAL = 'REFERRAL',
  COMMUNICATION = 'COMMUNICATION',
  OTHER = 'OTHER',
}

export enum ActionStatus {
  PLANNED = 'PLANNED',
  CANCELLED = 'CANCELLED',
}

export enum TaskStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  IN_PROGRESS = 'IN_PROGRESS',
  BLOCKED = 'BLOCKED',
  DONE = 'DONE',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
}

/** Statuses whose effort counts towards a person's load. */
export const LOAD_STATUSES: readonly TaskStatus[] = [TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED];
/** Statuses of a task that is still to be done (and can be overdue). */
export const OPEN_STATUSES: readonly TaskStatus[] = [TaskStatus.PROPOSED, ...LOAD_STATUSES];
/** A person's load counts open tasks due within this many days. */
export const LOAD_WINDOW_DAYS = 14;

export enum UnavailabilityReason {
  LEAVE = 'LEAVE',
  SICK_LEAVE = 'SICK_LEAVE',
  TRAINING = 'TRAINING',
  OTHER = 'OTHER',
}

/**
 * The moves `changeTaskStatus` allows (requests are answered with `respondToTask`, cancelling is the
 * requester's): ACCEPTED → IN_PROGRESS → DONE, and BLOCKED (with a reason) from either and back.
 */
export const TASK_MOVES: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  PROPOSED: [],
  ACCEPTED: [TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED],
  IN_PROGRESS: [TaskStatus.DONE, TaskStatus.BLOCKED],
  BLOCKED: [TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS],
  DONE: [],
  DECLINED: [],
  CANCELLED: [],
};
