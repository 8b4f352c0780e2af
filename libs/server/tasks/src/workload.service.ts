import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, LOAD_WINDOW_DAYS, type UnavailabilityReason } from '@cg/shared/domain';
import { OrganisationEntity } from '@cg/server/db';
import { abilityOf, subjectOf } from '@cg/server/authz';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { OrganisationWorkloadSummary, PersonWorkload } from './task.model';
import { LOAD_SQL, OPEN_SQL, TODAY_SQL } from './task-rows';

interface PersonRow {
  id: string;
  display_name: string;
  organisation_id: string;
  capacity: number;
  load: number;
  overdue: number;
  due_week: number;
  ratio: number;
  starts_on: string | null;
  ends_on: string | null;
  reason: UnavailabilityReason | null;
  total: number;
}

/** People who take tasks: everyone but administrators, analysts and auditors with no other role. */
const WORKERS = `u.roles && ARRAY['COORDINATOR', 'STAFF', 'PARTNER']::text[]`;

/**
 * An organisation's workload for its coordinators: each person's load against capacity, ordered by load
 * relative to capacity, and a summary. One statement for the people (whatever their number), one for the summary.
 */
@Injectable()
export class WorkloadService {
  constructor(private readonly dataSource: DataSource) {}

  /** Coordinators of the organisation only; another organisation's workload does not exist for the caller. */
  async ensureReadable(request: RequestContext, organisationId: string): Promise<void> {
    if (abilityOf(request).can('read', subjectOf('Workload', { organisationId }))) return;
    const exists = await this.dataSource.getRepository(OrganisationEntity).existsBy({ id: organisationId });
    throw DomainError.notFound('Organisation', exists);
  }

  async people(organisationId: string, first?: number, after?: string): Promise<Connection<PersonWorkload>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['string', 'uuid']);
    const result: PersonRow[] = await this.dataSource.query(
      `WITH people AS (
         SELECT u.id, u.display_name, u.organisation_id, u.weekly_capacity AS capacity,
                coalesce(sum(t.effort_points) FILTER (WHERE t.status IN ${LOAD_SQL} AND t.due_date <= ${TODAY_SQL} + ${LOAD_WINDOW_DAYS}), 0)::int AS load,
                count(t.id) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.due_date < ${TODAY_SQL})::int AS overdue,
                count(t.id) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.due_date >= ${TODAY_SQL} AND t.due_date < ${TODAY_SQL} + 7)::int AS due_week
           FROM users u LEFT JOIN tasks t ON t.assignee_id = u.id
          WHERE u.organisation_id = $1 AND u.active AND ${WORKERS}
          GROUP BY u.id
       ), ranked AS (
         SELECT p.*, CASE WHEN p.capacity > 0 THEN p.load::float8 / p.capacity WHEN p.load > 0 THEN 1000000 ELSE 0 END AS ratio FROM people p
       )
       SELECT tot.total, pg.* FROM (SELECT count(*)::int AS total FROM ranked) tot
       LEFT JOIN LATERAL (
         SELECT r.*, to_char(un.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(un.ends_on, 'YYYY-MM-DD') AS ends_on, un.reason
           FROM ranked r
           LEFT JOIN LATERAL (
             SELECT starts_on, ends_on, reason FROM unavailabilities WHERE user_id = r.id AND ends_on >= ${TODAY_SQL} ORDER BY starts_on LIMIT 1
           ) un ON true
          WHERE $2::float8 IS NULL OR (r.ratio, r.id) < ($2::float8, $3::uuid)
          ORDER BY r.ratio DESC, r.id DESC
          LIMIT ${limit + 1}
       ) pg ON true
       ORDER BY pg.ratio DESC, pg.id DESC`,
      [organisationId, cursor ? Number(cursor[0]) : null, cursor ? cursor[1] : null],
    );
    const rows = result.filter((r) => r.id !== null);
    return toConnection(
      rows,
      limit,
      result[0]?.total ?? 0,
      (r) => [String(r.ratio), r.id],
      (r): PersonWorkload => ({
        person: { id: r.id, displayName: r.display_name, organisationId: r.organisation_id },
        load: r.load,
        capacity: r.capacity,
        loadRatio: Math.round(r.ratio * 100) / 100,
        overCapacity: r.load > r.capacity,
        overdueCount: r.overdue,
        dueThisWeek: r.due_week,
        unavailable: r.starts_on && r.ends_on && r.reason ? { startsOn: r.starts_on, endsOn: r.ends_on, reason: r.reason } : null,
      }),
      cursor !== null,
    );
  }

  async summary(organisationId: string): Promise<OrganisationWorkloadSummary> {
    const [row]: { open_requests: number; average_hours: number | null; overdue: number; over_capacity: number }[] = await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM tasks WHERE organisation_id = $1 AND requester_organisation_id <> $1 AND status = 'PROPOSED')::int AS open_requests,
         (SELECT avg(extract(epoch FROM responded_at - created_at)) / 3600 FROM tasks
           WHERE organisation_id = $1 AND requester_organisation_id <> $1 AND responded_at IS NOT NULL AND created_at > now() - interval '90 days')::float8 AS average_hours,
         (SELECT count(*) FROM tasks WHERE organisation_id = $1 AND status IN ${OPEN_SQL} AND due_date < ${TODAY_SQL})::int AS overdue,
         (SELECT count(*) FROM (
            SELECT u.id FROM users u JOIN tasks t ON t.assignee_id = u.id
             WHERE u.organisation_id = $1 AND u.active AND t.status IN ${LOAD_SQL} AND t.due_date <= ${TODAY_SQL} + ${LOAD_WINDOW_DAYS}
             GROUP BY u.id, u.weekly_capacity HAVING sum(t.effort_points) > u.weekly_capacity) over)::int AS over_capacity`,
      [organisationId],
    );
    return {
      openRequests: row?.open_requests ?? 0,
      averageAnswerHours: row?.average_hours === null || row?.average_hours === undefined ? null : Math.round(row.average_hours * 10) / 10,
      overdueCount: row?.overdue ?? 0,
      peopleOverCapacity: row?.over_capacity ?? 0,
    };
  }
}
