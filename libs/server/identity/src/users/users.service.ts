import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, Role } from '@cg/shared/domain';
import { hydrate, loadForUpdate, OrganisationEntity, OutboxService, query, recordIdempotentResult, sql, UserEntity } from '@cg/server/db';
import { abilityOf, ensureCan, rulesToSql, subjectOf } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import { checkPasswordPolicy, PasswordService } from '../auth/password.service';
import { AuthService } from '../auth/auth.service';
import { userById, usersCount, usersPage, usersWhere } from '../identity.queries';
import type { ChangeMyPasswordInput, CreateUserInput, DeactivateUserInput, ReactivateUserInput, SetUserRolesInput, UpdateMyProfileInput, UpdateUserInput, UserFilter } from './user.inputs';

const AUDITED: (keyof UserEntity & string)[] = ['organisationId', 'email', 'displayName', 'roles', 'locale', 'weeklyCapacity', 'active', 'passwordHash'];
const USER_FIELDS = { id: sql.ident('u.id'), organisationId: sql.ident('u.organisation_id') };
const UPDATABLE = ['displayName', 'locale', 'weeklyCapacity', 'roles'] as const;
type UpdatableField = (typeof UPDATABLE)[number];

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly auth: AuthService,
  ) {}

  /** One user, if the reader may see it (in SQL); otherwise null. */
  async findVisible(request: RequestContext, id: string): Promise<UserEntity | null> {
    const manager = this.dataSource.manager;
    const [row] = await query(manager, userById(rulesToSql(abilityOf(request), 'read', 'User', USER_FIELDS), id));
    return row ? hydrate(manager, UserEntity, row) : null;
  }

  async list(request: RequestContext, filter: UserFilter = {}, first?: number, after?: string): Promise<Connection<UserEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['string', 'uuid']);
    const where = usersWhere(rulesToSql(abilityOf(request), 'read', 'User', USER_FIELDS), filter);
    const manager = this.dataSource.manager;
    const [count] = await query<{ n: number }>(manager, usersCount(where));
    const totalCount = count?.n ?? 0;
    const rows = (await query(manager, usersPage(where, limit, cursor))).map((row) => hydrate(manager, UserEntity, row));
    return toConnection(rows, limit, totalCount, (u) => [u.displayName, u.id], (u) => u, cursor !== null);
  }

  async create(request: RequestContext, input: CreateUserInput): Promise<UserEntity> {
    ensureCan(request, 'create', 'User');
    checkPasswordPolicy(input.password);
    const email = input.email.trim().toLowerCase();
    const passwordHash = await this.passwords.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.getRepository(OrganisationEntity).findOneBy({ id: input.organisationId });
      if (!organisation) throw DomainError.notFound('Organisation');
      if (!organisation.active) throw DomainError.badInput('input.organisationInactive', {}, { field: 'organisationId' });
      const taken = await manager.getRepository(UserEntity).exists({ where: { email } });
      if (taken) throw DomainError.badInput('input.emailTaken', {}, { field: 'email' });
      const user = await manager.getRepository(UserEntity).save(
        manager.getRepository(UserEntity).create({
          organisationId: organisation.id,
          email,
          displayName: input.displayName.trim(),
          passwordHash,
          roles: [...new Set(input.roles)].sort() as Role[],
          locale: input.locale ?? 'pl',
          weeklyCapacity: input.weeklyCapacity ?? 20,
          active: true,
        }),
      );
      await this.audit.record(request, { action: 'user.create', entityType: 'User', entityId: user.id, changes: diffFields(null, user, AUDITED) }, manager);
      await recordIdempotentResult(manager, request, user.id);
      await this.outbox.emit(manager, 'user.created', { type: 'User', id: user.id }, { userId: user.id, organisationId: user.organisationId }, this.outboxContext(request));
      return user;
    });
  }

  /** Takes effect at the caller's next request: every request re-reads the user. */
  setRoles(request: RequestContext, input: SetUserRolesInput): Promise<UserEntity> {
    return this.update(request, { id: input.id, version: input.version, roles: input.roles }, 'user.set-roles');
  }

  /**
   * Changes the fields given, each allowed by its own rule (CASL field rules: administrators any field, a
   * coordinator the weekly capacity of colleagues, everyone their own locale). A user the caller may not
   * see is NOT_FOUND. A role removed stops working at the user's next request (every request re-reads them).
   */
  async update(request: RequestContext, input: UpdateUserInput, action = 'user.update'): Promise<UserEntity> {
    const displayName = input.displayName?.trim();
    if (displayName !== undefined && displayName.length < 2) throw DomainError.badInput('input.invalid', { fields: 'displayName' }, { field: 'displayName' });
    const wanted: Partial<Pick<UserEntity, UpdatableField>> = {};
    if (displayName !== undefined) wanted.displayName = displayName;
    if (input.locale != null) wanted.locale = input.locale;
    if (input.weeklyCapacity != null) wanted.weeklyCapacity = input.weeklyCapacity;
    if (input.roles != null) wanted.roles = [...new Set(input.roles)].sort() as Role[];
    const fields = Object.keys(wanted) as UpdatableField[];
    if (fields.length === 0) throw DomainError.badInput('input.invalid', { fields: UPDATABLE.join(', ') });
    // Coarse: a field the caller may change on nobody is FORBIDDEN before anything is read.
    if (!fields.every((field) => abilityOf(request).can('update', 'User', field))) throw DomainError.forbidden();

    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockVisible(manager, request, input.id, input.version);
      const ability = abilityOf(request);
      const target = subjectOf('User', { id: user.id, organisationId: user.organisationId });
      if (!fields.every((field) => ability.can('update', target, field))) throw DomainError.forbidden();
      const before = { ...user };
      Object.assign(user, wanted);
      const saved = await manager.getRepository(UserEntity).save(user);
      const changes = diffFields(before, saved, AUDITED);
      await this.audit.record(request, { action, entityType: 'User', entityId: user.id, changes }, manager);
      if (changes.roles) {
        await this.outbox.emit(manager, 'user.roles-changed', { type: 'User', id: user.id }, { userId: user.id, organisationId: user.organisationId, roles: saved.roles }, this.outboxContext(request));
      }
      return saved;
    });
  }

  /**
   * The signed-in person's own settings (their language), under the same field rule as updateUser ("everyone their
   * own locale") and audited alike. Without a version, the latest is taken: one's own language has no rival writer.
   */
  async updateOwnProfile(request: RequestContext, input: UpdateMyProfileInput): Promise<UserEntity> {
    const me = request.actor?.userId;
    if (!me) throw DomainError.unauthenticated();
    const version = input.version ?? (await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: me })).version;
    return this.update(request, { id: me, version, locale: input.locale }, 'user.update-profile');
  }

  async deactivate(request: RequestContext, input: DeactivateUserInput): Promise<UserEntity> {
    ensureCan(request, 'deactivate', 'User');
    return this.dataSource.transaction(async (manager) => {
      const user = await loadForUpdate(manager, UserEntity, input.id, input.version, 'User');
      const before = { ...user };
      user.active = false;
      const saved = await manager.getRepository(UserEntity).save(user);
      await this.auth.endSessionsOf(manager, user.id);
      await this.audit.record(request, { action: 'user.deactivate', entityType: 'User', entityId: user.id, changes: diffFields(before, saved, AUDITED) }, manager);
      await this.outbox.emit(manager, 'user.deactivated', { type: 'User', id: user.id }, { userId: user.id, organisationId: user.organisationId }, this.outboxContext(request));
      return saved;
    });
  }

  /** Turns a deactivated account back on; the person signs in again (deactivation ended every session). */
  async reactivate(request: RequestContext, input: ReactivateUserInput): Promise<UserEntity> {
    ensureCan(request, 'reactivate', 'User');
    return this.dataSource.transaction(async (manager) => {
      const user = await loadForUpdate(manager, UserEntity, input.id, input.version, 'User');
      if (user.active) throw DomainError.badInput('input.userAlreadyActive', {}, { field: 'id' });
      const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: user.organisationId });
      if (!organisation.active) throw DomainError.badInput('input.organisationInactive', {}, { field: 'id' });
      const before = { ...user };
      user.active = true;
      const saved = await manager.getRepository(UserEntity).save(user);
      await this.audit.record(request, { action: 'user.reactivate', entityType: 'User', entityId: user.id, changes: diffFields(before, saved, AUDITED) }, manager);
      return saved;
    });
  }

  /**
   * The signed-in person changes their own password: the current one is checked under the sign-in lock-out,
   * the new one follows the rules of account creation, and every other session of theirs ends.
   */
  async changeOwnPassword(request: RequestContext, input: ChangeMyPasswordInput): Promise<UserEntity> {
    const actor = request.actor;
    if (!actor) throw DomainError.unauthenticated();
    checkPasswordPolicy(input.newPassword, 'newPassword');
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user) throw DomainError.unauthenticated();
    await this.auth.verifyCurrentPassword(request, user, input.currentPassword);
    const passwordHash = await this.passwords.hash(input.newPassword);
    return this.dataSource.transaction(async (manager) => {
      const locked = await loadForUpdate(manager, UserEntity, user.id, user.version, 'User');
      const before = { ...locked };
      locked.passwordHash = passwordHash;
      const saved = await manager.getRepository(UserEntity).save(locked);
      await this.auth.endSessionsOf(manager, user.id, actor.sessionId);
      await this.audit.record(request, { action: 'user.change-password', entityType: 'User', entityId: user.id, changes: diffFields(before, saved, AUDITED) }, manager);
      return saved;
    });
  }

  /** Locks a user the caller may see (the read rules, in SQL) and checks the version; otherwise NOT_FOUND or CONFLICT. */
  private async lockVisible(manager: EntityManager, request: RequestContext, id: string, version: number): Promise<UserEntity> {
    const [row] = await query(manager, userById(rulesToSql(abilityOf(request), 'read', 'User', USER_FIELDS), id, true));
    const user = row ? hydrate(manager, UserEntity, row) : null;
    if (!user) throw DomainError.notFound('User');
    if (user.version !== version) throw DomainError.staleVersion('User');
    return user;
  }

  private outboxContext(request: RequestContext) {
    return { actorUserId: request.actor?.userId ?? null, requestId: request.requestId };
  }
}
