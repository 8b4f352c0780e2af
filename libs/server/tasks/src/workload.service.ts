import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type UnavailabilityReason } from '@cg/shared/domain';
import { OrganisationEntity, query } from '@cg/server/db';
import { abilityOf, subjectOf } from '@cg/server/authz';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { OrganisationWorkloadSummary, PersonWorkload } from './task.model';
import { workloadPeople, workloadSummary } from './tasks.queries';

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
    const result = await query<PersonRow>(this.dataSource, workloadPeople(organisationId, cursor, limit));
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
    const [row] = await query<{ open_requests: number; average_hours: number | null; overdue: number; over_capacity: number }>(this.dataSource, workloadSummary(organisationId));
    return {
      openRequests: row?.open_requests ?? 0,
      averageAnswerHours: row?.average_hours === null || row?.average_hours === undefined ? null : Math.round(row.average_hours * 10) / 10,
      overdueCount: row?.overdue ?? 0,
      peopleOverCapacity: row?.over_capacity ?? 0,
    };
  }
}
