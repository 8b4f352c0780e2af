import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, Role } from '@cg/shared/domain';
import { loadForUpdate, OrganisationEntity, OutboxService, UserEntity } from '@cg/server/db';
import { abilityOf, ensureCan, rulesToSql } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import { checkPasswordPolicy, PasswordService } from '../auth/password.service';
import type { CreateUserInput, SetUserRolesInput, DeactivateUserInput, UserFilter } from './user.inputs';

const AUDITED: (keyof UserEntity & string)[] = ['organisationId', 'email', 'displayName', 'roles', 'locale', 'weeklyCapacity', 'active', 'passwordHash'];
const USER_FIELDS = { id: 'u.id', organisationId: 'u.organisation_id' };

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** One user, if the reader may see it (in SQL); otherwise null. */
  async findVisible(request: RequestContext, id: string): Promise<UserEntity | null> {
    const access = rulesToSql(abilityOf(request), 'read', 'User', USER_FIELDS);
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(access.where, access.params)
      .andWhere('u.id = :id', { id })
      .getOne();
  }

  async list(request: RequestContext, filter: UserFilter = {}, first?: number, after?: string): Promise<Connection<UserEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['string', 'uuid']);
    const access = rulesToSql(abilityOf(request), 'read', 'User', USER_FIELDS);
    const base = this.dataSource.getRepository(UserEntity).createQueryBuilder('u').where(access.where, access.params);
    if (filter.organisationId) base.andWhere('u.organisation_id = :org', { org: filter.organisationId });
    if (filter.role) base.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.active !== undefined) base.andWhere('u.active = :active', { active: filter.active });
    const totalCount = await base.clone().getCount();
    const page = base.clone();
    if (cursor) page.andWhere('(u.display_name, u.id) > (:cName, :cId::uuid)', { cName: cursor[0], cId: cursor[1] });
    const rows = await page.orderBy('u.display_name', 'ASC').addOrderBy('u.id', 'ASC').limit(limit + 1).getMany();
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
      await this.outbox.emit(manager, 'user.created', { type: 'User', id: user.id }, { userId: user.id, organisationId: user.organisationId }, this.outboxContext(request));
      return user;
    });
  }

  /** Takes effect at the caller's next request: every request re-reads the user. */
  async setRoles(request: RequestContext, input: SetUserRolesInput): Promise<UserEntity> {
    ensureCan(request, 'update', 'User');
    return this.dataSource.transaction(async (manager) => {
      const user = await loadForUpdate(manager, UserEntity, input.id, input.version, 'User');
      const before = { ...user };
      user.roles = [...new Set(input.roles)].sort() as Role[];
      const saved = await manager.getRepository(UserEntity).save(user);
      await this.audit.record(request, { action: 'user.set-roles', entityType: 'User', entityId: user.id, changes: diffFields(before, saved, AUDITED) }, manager);
      await this.outbox.emit(manager, 'user.roles-changed', { type: 'User', id: user.id }, { userId: user.id, organisationId: user.organisationId, roles: saved.roles }, this.outboxContext(request));
      return saved;
    });
  }

  async deactivate(request: RequestContext, input: DeactivateUserInput): Promise<UserEntity> {
    ensureCan(request, 'deactivate', 'User');
    return this.dataSource.transaction(async (manager) => {
      const user = await loadForUpdate(manager, UserEntity, input.id, input.version, 'User');
      const before = { ...user };
      user.active = false;
      const saved = await manager.getRepository(UserEntity).save(user);
      await manager.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
      await this.audit.record(request, { action: 'user.deactivate', entityType: 'User', entityId: user.id, changes: diffFields(before, saved, AUDITED) }, manager);
      await this.outbox.emit(manager, 'user.deactivated', { type: 'User', id: user.id }, { userId: user.id, organisationId: user.organisationId }, this.outboxContext(request));
      return saved;
    });
  }

  private outboxContext(request: RequestContext) {
    return { actorUserId: request.actor?.userId ?? null, requestId: request.requestId };
  }
}
