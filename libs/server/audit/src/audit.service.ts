import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute, type AuditChanges, type AuditOutcome } from '@cg/server/db';
import { auditEventsInsert } from './audit.queries';
import type { RequestContext } from '@cg/server/core';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  outcome?: AuditOutcome;
  changes?: AuditChanges;
  reason?: string | null;
  /** For sign-in attempts, where there is no actor yet. */
  actorUserId?: string | null;
  actorOrganisationId?: string | null;
}

/** Fields never copied into the audit trail's before/after values. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'tokenHash', 'token', 'refreshToken', 'accessToken']);

/**
 * The fields whose values differ between `before` and `after`, with both values. Secret fields are
 * reported as changed with their values withheld.
 */
export function diffFields<T extends object>(before: Partial<T> | null, after: Partial<T> | null, fields: (keyof T & string)[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const a = before ? (before as Record<string, unknown>)[field] : undefined;
    const b = after ? (after as Record<string, unknown>)[field] : undefined;
    if (JSON.stringify(normalise(a)) === JSON.stringify(normalise(b))) continue;
    changes[field] = SECRET_FIELDS.has(field)
      ? { before: a === undefined ? null : '[withheld]', after: b === undefined ? null : '[withheld]' }
      : { before: normalise(a) ?? null, after: normalise(b) ?? null };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** Writes the append-only audit trail. Inside a transaction when given its manager, so both commit together. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(request: RequestContext, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await this.recordMany(request, [entry], manager);
  }

  /**
   * Several events in one INSERT (for example every stakeholder whose personal data a page showed, or every
   * measurement of a survey import): the rows travel as one JSON parameter, so the statement costs the same to
   * build for one row as for thousands.
   */
  async recordMany(request: RequestContext, entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    await execute(manager ?? this.dataSource.manager, auditEventsInsert(entries.map((entry) => this.row(request, entry))));
  }

  /** One row of `audit_events`, column names as in the table. */
  private row(request: RequestContext, entry: AuditEntry) {
    return {
      actor_user_id: entry.actorUserId !== undefined ? entry.actorUserId : (request.actor?.userId ?? null),
      actor_organisation_id: entry.actorOrganisationId !== undefined ? entry.actorOrganisationId : (request.actor?.organisationId ?? null),
      action: entry.action,
      outcome: entry.outcome ?? 'SUCCESS',
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      changes: entry.changes ?? {},
      reason: entry.reason?.slice(0, 500) ?? null,
      client_address: request.clientAddress ?? null,
      request_id: request.requestId ?? null,
    };
  }
}
