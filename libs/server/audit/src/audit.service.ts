import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEventEntity, type AuditChanges, type AuditOutcome } from '@cg/server/db';
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

  /** Several events in one INSERT (for example every stakeholder whose personal data a page showed). */
  async recordMany(request: RequestContext, entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const repository = (manager ?? this.dataSource.manager).getRepository(AuditEventEntity);
    await repository.insert(entries.map((entry) => this.row(request, entry)));
  }

  private row(request: RequestContext, entry: AuditEntry) {
    return {
      actorUserId: entry.actorUserId !== undefined ? entry.actorUserId : (request.actor?.userId ?? null),
      actorOrganisationId:
        entry.actorOrganisationId !== undefined ? entry.actorOrganisationId : (request.actor?.organisationId ?? null),
      action: entry.action,
      outcome: entry.outcome ?? 'SUCCESS',
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      changes: (entry.changes ?? {}) as never,
      reason: entry.reason?.slice(0, 500) ?? null,
      clientAddress: request.clientAddress,
      requestId: request.requestId,
    };
  }
}
