import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { DomainError, type Locale, type OrganisationKind, type Role } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { query, sql } from '@cg/server/db';
import type { Actor } from '@cg/server/core';

interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
}

/**
 * Issues and reads short-lived access tokens. Reading one always checks the database, so that a
 * deactivated user, a deactivated organisation, a removed role or a closed session stops working at the
 * next request, not when the token expires.
 */
@Injectable()
export class AccessTokenService {
  /** jsonwebtoken turns a string secret into a key on every call (trying it as a public key first, which throws). */
  private key: KeyObject | null = null;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  issue(userId: string, sessionId: string): { token: string; expiresAt: Date } {
    const ttl = this.config.auth.accessTtlSeconds;
    const token = this.jwt.sign({ sub: userId, sid: sessionId, typ: 'access' } satisfies AccessClaims, {
      secret: this.config.auth.jwtSecret,
      expiresIn: ttl,
      algorithm: 'HS256',
    });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  /** Returns the actor for an `Authorization` header, null when there is none, or throws UNAUTHENTICATED. */
  async actorFromHeader(header: string | undefined): Promise<Actor | null> {
    if (!header) return null;
    const match = /^Bearer\s+([A-Za-z0-9._-]+)$/.exec(header.trim());
    if (!match?.[1]) throw DomainError.unauthenticated();
    let claims: AccessClaims;
    try {
      this.key ??= createSecretKey(Buffer.from(this.config.auth.jwtSecret, 'utf8'));
      claims = this.jwt.verify<AccessClaims>(match[1], {
        secret: this.key as unknown as Buffer,
        algorithms: ['HS256'],
      });
    } catch {
      throw DomainError.unauthenticated();
    }
    if (claims.typ !== 'access' || !isUuid(claims.sub) || !isUuid(claims.sid)) throw DomainError.unauthenticated();
    const actor = await this.actorOfSession(claims.sub, claims.sid);
    if (!actor) throw DomainError.unauthenticated();
    return actor;
  }

  /**
   * The person of a session as they are now: null when the session was revoked, or the person or their
   * organisation is no longer active. Read on every request, and before every event sent on a socket.
   */
  async actorOfSession(userId: string, sessionId: string): Promise<Actor | null> {
    const rows = await query<{ id: string; organisation_id: string; roles: Role[]; locale: Locale; kind: OrganisationKind }>(
      this.dataSource,
      sql`SELECT u.id, u.organisation_id, u.roles, u.locale, o.kind
            FROM users u JOIN organisations o ON o.id = u.organisation_id
           WHERE u.id = ${userId} AND u.active AND o.active
             AND NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.family_id = ${sessionId} AND rt.revoked_at IS NOT NULL)`,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      userId: row.id,
      organisationId: row.organisation_id,
      organisationKind: row.kind,
      roles: row.roles,
      locale: row.locale,
      sessionId,
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
