import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type EntityManager, type EntityTarget } from 'typeorm';
import { DomainError, ErrorCode } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { execute, hydrate, OrganisationEntity, OutboxService, query, RefreshTokenEntity, UserEntity, type Sql } from '@cg/server/db';
import { AccessTokenService, isUuid } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import type { Actor, RequestContext } from '@cg/server/core';
import { PasswordService } from './password.service';
import { activeUserByEmail, activeUserById, clearLoginAttempts, countLoginAttempt, loginLock, openSessionsOf, refreshTokenForUpdate, unusedRefreshToken } from '../identity.queries';

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
  private successorKey: Buffer | null = null;

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
   *
   * Each attempt is counted before its password is checked (one atomic statement, no transaction held
   * across argon2) and refunded if it succeeds, so parallel attempts never evaluate more than
   * LOGIN_MAX_FAILURES wrong guesses before the lock.
   */
  async login(request: RequestContext, emailInput: string, password: string): Promise<SessionTokens> {
    const email = emailInput.trim().toLowerCase();
    const key = emailHash(email);

    const attempt = await this.reserveAttempt(key);
    if (attempt.locked) {
      await this.passwords.verifyAgainstDummy(password);
      await this.audit.record(request, { action: 'auth.login', entityType: 'Session', outcome: 'REFUSED', reason: 'LOCKED', actorUserId: null, actorOrganisationId: null });
      throw this.lockedError(attempt.lockedUntil);
    }

    const user = await one(this.dataSource.manager, UserEntity, activeUserByEmail(email));
    const valid = user ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyAgainstDummy(password);

    if (!user || !valid) {
      await this.audit.record(request, {
        action: 'auth.login',
        entityType: 'Session',
        entityId: null,
        outcome: 'FAILURE',
        reason: attempt.lockedUntil ? 'INVALID_CREDENTIALS_LOCKED' : 'INVALID_CREDENTIALS',
        actorUserId: user?.id ?? null,
        actorOrganisationId: user?.organisationId ?? null,
      });
      if (attempt.lockedUntil) throw this.lockedError(attempt.lockedUntil);
      throw DomainError.unauthenticated('auth.invalidCredentials');
    }

    return this.dataSource.transaction(async (manager) => {
      await this.refundAttempt(manager, key, attempt);
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
   * Checks a signed-in person's current password (before a password change), under the same lock-out as
   * signing in: a stolen access token cannot be used to guess the password. Throws RATE_LIMITED when
   * locked, BAD_USER_INPUT when wrong.
   */
  async verifyCurrentPassword(request: RequestContext, user: UserEntity, password: string): Promise<void> {
    const key = emailHash(user.email);
    const attempt = await this.reserveAttempt(key);
    if (attempt.locked) {
      await this.passwords.verifyAgainstDummy(password);
      await this.audit.record(request, { action: 'user.change-password', entityType: 'User', entityId: user.id, outcome: 'REFUSED', reason: 'LOCKED' });
      throw this.lockedError(attempt.lockedUntil);
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      await this.audit.record(request, {
        action: 'user.change-password',
        entityType: 'User',
        entityId: user.id,
        outcome: 'FAILURE',
        reason: attempt.lockedUntil ? 'INVALID_CURRENT_PASSWORD_LOCKED' : 'INVALID_CURRENT_PASSWORD',
      });
      if (attempt.lockedUntil) throw this.lockedError(attempt.lockedUntil);
      throw DomainError.badInput('input.currentPasswordWrong', {}, { field: 'currentPassword' });
    }
    await this.refundAttempt(this.dataSource.manager, key, attempt);
  }

  /**
   * Rotates a refresh token. A token presented a second time (already rotated) means it was stolen or
   * replayed: the whole session family is revoked. Except within a short grace after its rotation
   * (REFRESH_REUSE_GRACE_SECONDS: two tabs refreshing at once), when it gets the same successor again: the
   * successor's secret is derived from the presented one with a server key, so it can be handed out
   * again without being stored in clear.
   */
  async refresh(request: RequestContext, presented: string): Promise<SessionTokens> {
    const [id, secret] = presented.split('.');
    if (!isUuid(id) || !secret) throw DomainError.unauthenticated('auth.invalidRefreshToken');

    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await one(manager, RefreshTokenEntity, refreshTokenForUpdate(id));
      if (!token || !safeEqualHex(token.tokenHash, sha256(secret))) return { error: 'auth.invalidRefreshToken' as const };
      if (token.revokedAt || token.expiresAt <= new Date()) return { error: 'auth.invalidRefreshToken' as const };
      const successorSecret = this.successorSecret(token.id, secret);
      const successor = token.usedAt && this.withinReuseGrace(token.usedAt) ? await this.unusedSuccessor(manager, token, successorSecret) : null;
      if (token.usedAt && !successor) {
        await this.revokeFamily(manager, token.familyId, token.userId);
        await this.audit.record(
          request,
          { action: 'auth.refresh', entityType: 'Session', entityId: token.familyId, outcome: 'REFUSED', reason: 'REFRESH_TOKEN_REUSED', actorUserId: token.userId, actorOrganisationId: null },
          manager,
        );
        return { error: 'auth.refreshTokenReused' as const };
      }
      const user = await one(manager, UserEntity, activeUserById(token.userId));
      if (!user) {
        await this.revokeFamily(manager, token.familyId, token.userId);
        return { error: 'auth.invalidRefreshToken' as const };
      }
      let session: SessionTokens;
      if (successor) {
        session = await this.sessionFor(manager, user, token.familyId, { token: `${successor.id}.${successorSecret}`, expiresAt: successor.expiresAt });
      } else {
        await manager.getRepository(RefreshTokenEntity).update({ id: token.id }, { usedAt: new Date() });
        session = await this.issue(manager, user, token.familyId, successorSecret);
      }
      await this.audit.record(
        request,
        {
          action: 'auth.refresh',
          entityType: 'Session',
          entityId: token.familyId,
          reason: successor ? 'WITHIN_REUSE_GRACE' : null,
          actorUserId: user.id,
          actorOrganisationId: user.organisationId,
        },
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

  /**
   * Ends the session a refresh token belongs to, like `logout` (the web app's sign-out holds the refresh token in a
   * cookie, not an access token). A token already rotated still names its session; one that is unknown, forged or
   * already revoked ends nothing. Returns whether a session was ended.
   */
  async logoutWithRefreshToken(request: RequestContext, presented: string): Promise<boolean> {
    const [id, secret] = presented.split('.');
    if (!isUuid(id) || !secret) return false;
    return this.dataSource.transaction(async (manager) => {
      const token = await one(manager, RefreshTokenEntity, refreshTokenForUpdate(id));
      if (!token || !safeEqualHex(token.tokenHash, sha256(secret)) || token.revokedAt) return false;
      const user = await manager.getRepository(UserEntity).findOneBy({ id: token.userId });
      await this.revokeFamily(manager, token.familyId, token.userId);
      await this.audit.record(
        request,
        { action: 'auth.logout', entityType: 'Session', entityId: token.familyId, actorUserId: token.userId, actorOrganisationId: user?.organisationId ?? null },
        manager,
      );
      return true;
    });
  }

  /** Deletes refresh tokens that expired more than a day ago. Returns how many. */
  async purgeExpiredRefreshTokens(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - 24 * 3600 * 1000);
    const result = await this.dataSource.getRepository(RefreshTokenEntity).delete({ expiresAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  /** A new refresh token of the family (random secret at sign-in, derived from its predecessor at rotation). */
  private async issue(manager: EntityManager, user: UserEntity, familyId: string, secret = randomBytes(32).toString('base64url')): Promise<SessionTokens> {
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTtlDays * 24 * 3600 * 1000);
    const saved = await manager.getRepository(RefreshTokenEntity).save({
      familyId,
      userId: user.id,
      tokenHash: sha256(secret),
      expiresAt,
    });
    return this.sessionFor(manager, user, familyId, { token: `${saved.id}.${secret}`, expiresAt });
  }

  /** A fresh access token for the family, with the given refresh token. */
  private async sessionFor(manager: EntityManager, user: UserEntity, familyId: string, refresh: { token: string; expiresAt: Date }): Promise<SessionTokens> {
    const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: user.organisationId });
    const access = this.accessTokens.issue(user.id, familyId);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
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

  /** The secret of the token that replaces `tokenId.secret`: an HMAC under a key derived from the server secret. */
  private successorSecret(tokenId: string, secret: string): string {
    this.successorKey ??= createHmac('sha256', this.config.auth.jwtSecret).update('commonground:refresh-successor-key:v1').digest();
    return createHmac('sha256', this.successorKey).update(`${tokenId}.${secret}`).digest('base64url');
  }

  private withinReuseGrace(usedAt: Date): boolean {
    const graceMs = this.config.auth.refreshReuseGraceSeconds * 1000;
    return graceMs > 0 && Date.now() - usedAt.getTime() < graceMs;
  }

  /** The successor a rotation issued for `token`, if it is still unused and valid. */
  private unusedSuccessor(manager: EntityManager, token: RefreshTokenEntity, successorSecret: string): Promise<RefreshTokenEntity | null> {
    return one(manager, RefreshTokenEntity, unusedRefreshToken(token.familyId, sha256(successorSecret)));
  }

  /**
   * Ends sessions of one person (deactivation, a password change): each open family goes through
   * `revokeFamily`, like logout and reuse detection. `except` keeps the caller's own session.
   */
  async endSessionsOf(manager: EntityManager, userId: string, except?: string): Promise<void> {
    const families = await query<{ family_id: string }>(manager, openSessionsOf(userId, except ?? null));
    for (const { family_id } of families) await this.revokeFamily(manager, family_id, userId);
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

  /**
   * Counts an attempt before its password is checked, in one statement (the row is locked while it runs).
   * `locked`: a lock was already in force, nothing counted. Otherwise `lockedUntil` is set when this
   * attempt is the one that reaches LOGIN_MAX_FAILURES (it locked the e-mail; later ones are refused).
   */
  private async reserveAttempt(key: string): Promise<AttemptReservation> {
    const { loginMaxFailures, loginLockMinutes } = this.config.auth;
    const rows = await query<{ failed_count: number; locked_until: Date | null }>(this.dataSource, countLoginAttempt(key, loginMaxFailures, loginLockMinutes));
    const row = rows[0];
    if (row) return { locked: false, lockedUntil: row.locked_until };
    const [lock] = await query<{ locked_until: Date | null }>(this.dataSource, loginLock(key));
    return { locked: true, lockedUntil: lock?.locked_until ?? new Date(Date.now() + loginLockMinutes * 60_000) };
  }

  /**
   * A successful attempt clears the count, but never a lock set meanwhile by a parallel wrong guess; only
   * the lock it set itself (it was the attempt that reached the limit).
   */
  private async refundAttempt(manager: EntityManager, key: string, attempt: AttemptReservation): Promise<void> {
    await execute(manager, clearLoginAttempts(key, attempt.lockedUntil !== null));
  }

  private lockedError(until: Date): DomainError {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return new DomainError(ErrorCode.RATE_LIMITED, 'auth.locked', { minutes }, { retryAfterSeconds: minutes * 60 });
  }
}

/** `locked`: refused, nothing counted. Otherwise counted; `lockedUntil` set when this attempt reached the limit. */
type AttemptReservation = { locked: true; lockedUntil: Date } | { locked: false; lockedUntil: Date | null };

/** The entity of the statement's first row (it selects the whole row), or null. */
async function one<T extends object>(manager: EntityManager, target: EntityTarget<T>, statement: Sql): Promise<T | null> {
  const [row] = await query(manager, statement);
  return row ? hydrate(manager, target, row) : null;
}

function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
