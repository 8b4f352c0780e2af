import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, isNotifiable } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { hydrate, loadForUpdate, OutboxService, query, recordIdempotentResult, WebhookEndpointEntity } from '@cg/server/db';
import { abilityOf, ensureCan, subjectOf } from '@cg/server/authz';
import { AuditService, diffFields } from '@cg/server/audit';
import { decodeCursor, pageSize, toConnection, type Connection, type RequestContext } from '@cg/server/core';
import type { RegisterWebhookInput, WebhookEndpointModel } from './webhook.model';
import { isPublicAddress, literalAddress } from './webhook-request';
import { endpointCount, endpointsPage, registeredEndpoint } from './webhooks.queries';

/** Never the secret: it is shown once, in the registration payload, and kept out of the audit trail. */
const AUDITED: (keyof WebhookEndpointEntity & string)[] = ['organisationId', 'url', 'eventTypes', 'active', 'consecutiveFailures', 'disabledAt'];
/** Hosts a plain-http endpoint may use outside production. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_URL_LENGTH = 500;

/**
 * Webhook endpoints of an organisation, managed by its coordinators. Another organisation's endpoint is
 * NOT_FOUND. Each endpoint has its own signing secret: 32 random bytes, base64url, shown once.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  async register(request: RequestContext, input: RegisterWebhookInput): Promise<{ endpoint: WebhookEndpointModel; secret: string }> {
    ensureCan(request, 'create', 'Webhook');
    const organisationId = request.actor!.organisationId;
    if (!abilityOf(request).can('create', subjectOf('Webhook', { organisationId }))) throw DomainError.forbidden();
    const url = this.checkUrl(input.url);
    const eventTypes = checkEventTypes(input.eventTypes ?? []);
    const secret = randomBytes(32).toString('base64url');
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(WebhookEndpointEntity);
      const endpoint = await repository.save(repository.create({ organisationId, url, secret, eventTypes, createdById: request.actor?.userId ?? null }));
      await this.audit.record(request, { action: 'webhook.register', entityType: 'WebhookEndpoint', entityId: endpoint.id, changes: diffFields(null, endpoint, AUDITED) }, manager);
      await recordIdempotentResult(manager, request, endpoint.id);
      return endpoint;
    });
    return { endpoint: toModel(saved), secret };
  }

  /**
   * The answer to a retried registerWebhook (same user, key and input, within IDEMPOTENCY_KEY_TTL_HOURS): the
   * endpoint as it is now and the secret it was registered with, never a new one. Only the person who registered
   * it, while they may still read their organisation's endpoints; anyone else gets NOT_FOUND.
   */
  async registered(request: RequestContext, id: string): Promise<{ endpoint: WebhookEndpointModel; secret: string }> {
    const [row] = await query(this.dataSource, registeredEndpoint(abilityOf(request), id, request.actor?.userId ?? null));
    if (!row) throw DomainError.notFound('Webhook');
    const endpoint = hydrate(this.dataSource.manager, WebhookEndpointEntity, row);
    return { endpoint: toModel(endpoint), secret: endpoint.secret };
  }

  /** The caller's organisation's endpoints, newest first; filtered in SQL by the same rules as one object. */
  async list(request: RequestContext, first?: number, after?: string): Promise<Connection<WebhookEndpointModel>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, ['timestamp', 'uuid']);
    const ability = abilityOf(request);
    const [count] = await query<{ n: number }>(this.dataSource, endpointCount(ability));
    const found = await query(this.dataSource, endpointsPage(ability, cursor, limit));
    const rows = found.map((row) => hydrate(this.dataSource.manager, WebhookEndpointEntity, row));
    const totalCount = count?.n ?? 0;
    return toConnection(rows, limit, totalCount, (w) => [w.createdAt.toISOString(), w.id], toModel, cursor !== null);
  }

  async disable(request: RequestContext, id: string, version: number): Promise<WebhookEndpointModel> {
    return this.write(request, id, version, 'webhook.disable', (endpoint) => {
      if (!endpoint.active) return false;
      endpoint.active = false;
      endpoint.disabledAt = new Date();
      return true;
    });
  }

  /**
   * Turns deliveries back on and forgets past failures. A `webhook.enabled` event in the same transaction has the
   * worker send the deliveries that waited while it was off.
   */
  async enable(request: RequestContext, id: string, version: number): Promise<WebhookEndpointModel> {
    return this.write(
      request,
      id,
      version,
      'webhook.enable',
      (endpoint) => {
        if (endpoint.active && endpoint.consecutiveFailures === 0) return false;
        endpoint.active = true;
        endpoint.disabledAt = null;
        endpoint.consecutiveFailures = 0;
        return true;
      },
      (manager, endpoint) =>
        this.outbox.emit(manager, 'webhook.enabled', { type: 'WebhookEndpoint', id: endpoint.id }, { endpointId: endpoint.id, organisationId: endpoint.organisationId }, {
          actorUserId: request.actor?.userId,
          requestId: request.requestId,
        }),
    );
  }

  /**
   * https only; outside production also http to a loopback host (a receiver on the developer's machine).
   * A URL with credentials is refused: it would be stored and listed in clear.
   */
  checkUrl(raw: string): string {
    const key = this.config.isProduction ? 'webhook.urlHttps' : 'webhook.urlHttpsOrLoopback';
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw DomainError.badInput(key, {}, { field: 'url' });
    }
    if (url.username || url.password) throw DomainError.badInput('webhook.urlCredentials', {}, { field: 'url' });
    const allowed = (url.protocol === 'https:' && url.hostname !== '') || (url.protocol === 'http:' && !this.config.isProduction && LOOPBACK_HOSTS.has(url.hostname));
    if (!allowed || url.href.length > MAX_URL_LENGTH) throw DomainError.badInput(key, {}, { field: 'url' });
    // Where private networks are off limits, an address that plainly points into one is refused now; a name is
    // judged again on every delivery, on the address it resolves to.
    const literal = literalAddress(url.hostname);
    const plainlyPrivate = (literal !== null && !isPublicAddress(literal)) || url.hostname === 'localhost' || url.hostname.endsWith('.localhost');
    if (plainlyPrivate && !this.config.webhooks.allowPrivateNetworks) throw DomainError.badInput('webhook.urlPrivate', {}, { field: 'url' });
    return url.href;
  }

  private async write(
    request: RequestContext,
    id: string,
    version: number,
    action: string,
    change: (endpoint: WebhookEndpointEntity) => boolean,
    changed?: (manager: EntityManager, endpoint: WebhookEndpointEntity) => Promise<unknown>,
  ): Promise<WebhookEndpointModel> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(WebhookEndpointEntity);
      const found = await repository.findOne({ where: { id }, select: { id: true, organisationId: true } });
      if (!found) throw DomainError.notFound('Webhook');
      // Another organisation's endpoint does not exist for the caller (audited as a refusal).
      if (!abilityOf(request).can('update', subjectOf('Webhook', { organisationId: found.organisationId }))) throw DomainError.notFound('Webhook', true);
      const endpoint = await loadForUpdate(manager, WebhookEndpointEntity, id, version, 'Webhook');
      const before = { ...endpoint };
      if (!change(endpoint)) return toModel(endpoint);
      const saved = await repository.save(endpoint);
      await this.audit.record(request, { action, entityType: 'WebhookEndpoint', entityId: id, changes: diffFields(before, saved, AUDITED) }, manager);
      await changed?.(manager, saved);
      return toModel(saved);
    });
  }
}

/** Notification event types only, each once; an empty list means every type. */
function checkEventTypes(types: string[]): string[] {
  const unique = [...new Set(types.map((t) => t.trim()))];
  for (const type of unique) {
    if (!isNotifiable(type)) throw DomainError.badInput('webhook.eventType', { type: type.slice(0, 80) }, { field: 'eventTypes' });
  }
  return unique.sort();
}

function toModel(entity: WebhookEndpointEntity): WebhookEndpointModel {
  return {
    id: entity.id,
    organisationId: entity.organisationId,
    url: entity.url,
    eventTypes: entity.eventTypes,
    active: entity.active,
    consecutiveFailures: entity.consecutiveFailures,
    disabledAt: entity.disabledAt,
    createdAt: entity.createdAt,
    version: entity.version,
  };
}
