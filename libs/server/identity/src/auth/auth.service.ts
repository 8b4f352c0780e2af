import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { LoginAttemptEntity, OrganisationEntity, OutboxService, RefreshTokenEntity, UserEntity } from '@cg/server/db';
import { AccessTokenService, isUuid } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import type { Actor, RequestContext } from '@cg/server/core';
import { PasswordService } from './password.service';

export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserEntity;
  actor: Actor;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const emailHash = (email: string) => sha256(`login:${email.trim().toLowerCase()}`);

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Signs in. The answer to a wrong e-mail, a wrong password, an inactive account and a locked e-mail
   * reveals nothing about which e-mails exist: failures are counted per e-mail whether or not it has an
   * account, and every path spends one argon2 verification.
   */
  async login(request: RequestContext, emailInput: string, password: string): Promise<SessionTokens> {
    const email = emailInput.trim().toLowerCase();
    const key = emailHash(email);
    const { loginMaxFailures, loginLockMinutes } = this.config.auth;

    const attempt = await this.dataSource.getRepository(LoginAttemptEntity).findOneBy({ emailHash: key });
    if (attempt?.lockedUntil && attempt.lockedUntil > new Date()) {
      await this.passwords.verifyAgainstDummy(password);
      await this.audit.record(request, { action: 'auth.login', entityType: 'Session', outcome: 'REFUSED', reason: 'LOCKED', actorUserId: null, actorOrganisationId: null });
      throw this.lockedError(attempt.lockedUntil);
    }

    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin('organisations', 'o', 'o.id = u.organisation_id')
      .where('u.email = :email AND u.active AND o.active', { email })
      .getOne();
    const valid = user ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyAgainstDummy(password);

    if (!user || !valid) {
      const lockedUntil = await this.recordFailure(key, loginMaxFailures, loginLockMinutes);
      await this.audit.record(request, {
        action: 'auth.login',
        entityType: 'Session',
        entityId: null,
        outcome: 'FAILURE',
        reason: lockedUntil ? 'INVALID_CREDENTIALS_LOCKED' : 'INVALID_CREDENTIALS',
        actorUserId: user?.id ?? null,
        actorOrganisationId: user?.organisationId ?? null,
      });
      if (lockedUntil) throw this.lockedError(lockedUntil);
      throw DomainError.unauthenticated('auth.invalidCredentials');
    }

    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(LoginAttemptEntity).delete({ emailHash: key });
      const familyId = randomUUID();
      const session = await this.issue(manager, user, familyId);
      await this.audit.record(
        request,
        { action: 'auth.login', entityType: 'Session', entityId: familyId, actorUserId: user.id, actorOrganisationId: user.organisationId },
        manager,
      );
      return session;
    });
  }

  /**
   * Rotates a refresh token. A token presented a second time (already rotated) means it was stolen or
   * replayed: the whole session family is revoked.
   */
  async refresh(request: RequestContext, presented: string): Promise<SessionTokens> {
    const [id, secret] = presented.split('.');
    if (!isUuid(id) || !secret) throw DomainError.unauthenticated('auth.invalidRefreshToken');

    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id })
        .getOne();
      if (!token || !safeEqualHex(token.tokenHash, sha256(secret))) return { error: 'auth.invalidRefreshToken' as const };
      if (token.revokedAt || token.expiresAt <= new Date()) return { error: 'auth.invalidRefreshToken' as const };
      if (token.usedAt) {
        await this.revokeFamily(manager, token.familyId, token.userId);
        await this.audit.record(
          request,
          { action: 'auth.refresh', entityType: 'Session', entityId: token.familyId, outcome: 'REFUSED', reason: 'REFRESH_TOKEN_REUSED', actorUserId: token.userId, actorOrganisationId: null },
          manager,
        );
        return { error: 'auth.refreshTokenReused' as const };
      }
      const user = await manager
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .innerJoin('organisations', 'o', 'o.id = u.organisation_id')
        .where('u.id = :id AND u.active AND o.active', { id: token.userId })
        .getOne();
      if (!user) {
        await this.revokeFamily(manager, token.familyId, token.userId);
        return { error: 'auth.invalidRefreshToken' as const };
      }
      await manager.getRepository(RefreshTokenEntity).update({ id: token.id }, { usedAt: new Date() });
      const session = await this.issue(manager, user, token.familyId);
      await this.audit.record(
        request,
        { action: 'auth.refresh', entityType: 'Session', entityId: token.familyId, actorUserId: user.id, actorOrganisationId: user.organisationId },
        manager,
      );
      return { session };
    });
    if ('error' in outcome) throw DomainError.unauthenticated(outcome.error);
    return outcome.session;
  }

  /** Ends the caller's session: every refresh token of its family is revoked, and its access token stops working. */
  async logout(request: RequestContext): Promise<boolean> {
    const actor = request.actor;
    if (!actor) throw DomainError.unauthenticated();
    await this.dataSource.transaction(async (manager) => {
      await this.revokeFamily(manager, actor.sessionId, actor.userId);
      await this.audit.record(request, { action: 'auth.logout', entityType: 'Session', entityId: actor.sessionId }, manager);
    });
    return true;
  }

  /** Deletes refresh tokens that expired more than a day ago. Returns how many. */
  async purgeExpiredRefreshTokens(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - 24 * 3600 * 1000);
    const result = await this.dataSource.getRepository(RefreshTokenEntity).delete({ expiresAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  private async issue(manager: EntityManager, user: UserEntity, familyId: string): Promise<SessionTokens> {
    const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: user.organisationId });
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTtlDays * 24 * 3600 * 1000);
    const saved = await manager.getRepository(RefreshTokenEntity).save({
      familyId,
      userId: user.id,
      tokenHash: sha256(secret),
      expiresAt,
    });
    const access = this.accessTokens.issue(user.id, familyId);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: `${saved.id}.${secret}`,
      refreshTokenExpiresAt: expiresAt,
      user,
      actor: {
        userId: user.id,
        organisationId: user.organisationId,
        organisationKind: organisation.kind,
        roles: user.roles,
        locale: user.locale,
        sessionId: familyId,
      },
    };
  }

  /** Ends every open session of a person (deactivation, a role removed), each through `revokeFamily`. */
  async revokeAllSessions(manager: EntityManager, userId: string): Promise<number> {
    const families: { family_id: string }[] = await manager.query('SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    for (const family of families) await this.revokeFamily(manager, family.family_id, userId);
    return families.length;
  }

  /**
   * The one way a session ends: every refresh token of the family revoked (so its access tokens stop working
   * at the next request) and `session.ended` in the outbox, in the same transaction, so that every API
   * instance closes the session's subscription sockets.
   */
  private async revokeFamily(manager: EntityManager, familyId: string, userId: string): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.outbox.emit(manager, 'session.ended', { type: 'Session', id: familyId }, { userId, sessionId: familyId }, { actorUserId: userId });
  }

  /** Counts a failure atomically; returns the lock's end when this failure locks the e-mail. */
  private async recordFailure(key: string, maxFailures: number, lockMinutes: number): Promise<Date | null> {
    const rows: { failed_count: number; locked_until: Date | null }[] = await this.dataSource.query(
      `INSERT INTO login_attempts (email_hash, failed_count, locked_until, last_failed_at)
       VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(mins => $3) END, now())
       ON CONFLICT (email_hash) DO UPDATE SET
         failed_count = CASE WHEN login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= now()
                             THEN 1 ELSE login_attempts.failed_count + 1 END,
         locked_until = CASE WHEN (CASE WHEN login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= now()
                                        THEN 1 ELSE login_attempts.failed_count + 1 END) >= $2
                             THEN now() + make_interval(mins => $3) ELSE NULL END,
         last_failed_at = now()
       RETURNING failed_count, locked_until`,
      [key, maxFailures, lockMinutes],
    );
    return rows[0]?.locked_until ?? null;
  }

  private lockedError(until: Date): DomainError {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return new DomainError(ErrorCode.RATE_LIMITED, 'auth.locked', { minutes }, { retryAfterSeconds: minutes * 60 });
  }
}

function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
