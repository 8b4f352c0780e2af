import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import sharp from 'sharp';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type Locale, type UpdateKind, type Visibility } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { AttachmentEntity, query, type Sql } from '@cg/server/db';
import { AccessTokenService, abilityOf, CaseAccess, caseChildFields, caseFields, perAbility, rulesToSql } from '@cg/server/authz';
import { AuditService } from '@cg/server/audit';
import type { GraphQLContext, RequestContext } from '@cg/server/core';
import { AttachmentModel, AttachmentParent } from './attachment.model';
import { attachmentById, attachmentsOf, partnerInputFacts, readableAttachment, updateFacts } from './attachments.queries';
import { detectType, SNIFF_BYTES } from './content-type';
import { AttachmentLinks, type LinkVariant } from './links';
import { ATTACHMENT_STORAGE, scratchDir, type AttachmentStorage } from './storage';

/** An upload as the HTTP route hands it over: the name the client gave and the bytes, still arriving. */
export interface IncomingFile {
  fileName: string;
  stream: Readable;
  /** Whether the stream was cut at the size limit (the multipart parser's `truncated`). */
  truncated: () => boolean;
}

interface AttachmentRow {
  id: string;
  case_id: string;
  update_id: string | null;
  partner_input_id: string | null;
  file_name: string;
  content_type: string;
  size_bytes: string;
  storage_key: string;
  thumbnail_key: string | null;
  created_at: Date;
}

interface Target {
  caseId: string;
  updateId: string | null;
  partnerInputId: string | null;
}

/** What the download route streams. */
export interface Download {
  stream: Readable;
  contentType: string;
  fileName: string;
  sizeBytes: number | null;
}

const THUMBNAIL_SIZE = 320;
/** Images larger than this (in pixels) are refused rather than decoded (a decompression bomb). */
const MAX_IMAGE_PIXELS = 60_000_000;

/**
 * Attachments: streamed uploads (hashed, measured and typed by content on their way to the scratch space, then
 * committed to the storage driver, and only then written as a row with its audit entry), lists batched per request,
 * and downloads through short-lived signed links re-checked against the rules at every use. A failure at any step
 * leaves nothing: no row, no stored object, no scratch file.
 */
@Injectable()
export class AttachmentsService {
  readonly links: AttachmentLinks;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly tokens: AccessTokenService,
    private readonly config: AppConfig,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {
    this.links = new AttachmentLinks(config.auth.jwtSecret);
  }

  /** The reader's condition on an attachment `a`: they may read what it hangs on. Compiled once per ability. */
  readable(request: RequestContext): Sql {
    const ability = abilityOf(request);
    return perAbility(ability, 'attachments readable', () =>
      readableAttachment(
        rulesToSql(ability, 'read', 'CaseUpdate', caseChildFields('u')),
        rulesToSql(ability, 'read', 'PartnerInput', caseChildFields('p')),
        rulesToSql(ability, 'readContent', 'Case', caseFields('c')),
      ),
    );
  }

  /** The attachments of each update, partner input or case (its own) on the page: one statement per kind of parent. */
  of(context: GraphQLContext, parent: AttachmentParent): DataLoader<string, AttachmentModel[]> {
    return context.loaders.get(`attachments:${parent}`, () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await query<AttachmentRow>(this.dataSource, attachmentsOf(parent, ids, this.readable(context.request)));
        const byParent = new Map<string, AttachmentModel[]>();
        for (const row of rows) {
          const key = parent === AttachmentParent.UPDATE ? row.update_id! : parent === AttachmentParent.PARTNER_INPUT ? row.partner_input_id! : row.case_id;
          const list = byParent.get(key) ?? [];
          list.push(this.toModel(context.request, row));
          byParent.set(key, list);
        }
        return ids.map((id) => byParent.get(id) ?? []);
      }),
    );
  }

  /** One attachment as the caller may read it; NOT_FOUND otherwise (an unknown id alike). */
  async get(request: RequestContext, id: string): Promise<AttachmentModel> {
    const row = await this.readableRow(request, id);
    if (!row) throw DomainError.notFound('Attachment');
    return this.toModel(request, row);
  }

  /**
   * Checks that the caller may attach to the parent before a byte of the file is read: a parent they may not see is
   * NOT_FOUND; one they see but may not attach to is FORBIDDEN (a closed case refuses it too).
   */
  async target(request: RequestContext, parent: AttachmentParent, parentId: string, manager?: EntityManager): Promise<Target> {
    const runner = manager ?? this.dataSource.manager;
    if (parent === AttachmentParent.CASE) {
      const facts = await this.access.load(request, parentId, 'read', { manager });
      this.access.ensureReadable(request, 'Case', facts);
      if (!this.access.can(request, 'readContent', 'Case', facts)) throw DomainError.notFound('Case', true);
      this.access.ensure(request, 'update', 'Case', facts);
      return { caseId: facts.case.id, updateId: null, partnerInputId: null };
    }
    if (parent === AttachmentParent.UPDATE) {
      const [update] = await query<{ case_id: string; kind: UpdateKind; visibility: Visibility; author_organisation_id: string | null }>(runner, updateFacts(parentId));
      if (!update) throw DomainError.notFound('CaseUpdate');
      const facts = await this.access.loadChild(request, 'CaseUpdate', parentId, 'read', { manager });
      this.access.ensureReadable(request, 'CaseUpdate', facts, { kind: update.kind, visibility: update.visibility });
      // Files go on one's own organisation's updates, of a kind and visibility one may post.
      if (update.author_organisation_id !== request.actor?.organisationId) throw DomainError.forbidden();
      this.access.ensure(request, 'create', 'CaseUpdate', facts, { kind: update.kind, visibility: update.visibility });
      return { caseId: update.case_id, updateId: parentId, partnerInputId: null };
    }
    const [input] = await query<{ case_id: string; organisation_id: string }>(runner, partnerInputFacts(parentId));
    if (!input) throw DomainError.notFound('PartnerInput');
    const facts = await this.access.loadChild(request, 'PartnerInput', parentId, 'read', { manager });
    this.access.ensureReadable(request, 'PartnerInput', facts, { organisationId: input.organisation_id });
    if (input.organisation_id !== request.actor?.organisationId) throw DomainError.forbidden();
    this.access.ensure(request, 'create', 'PartnerInput', facts, { organisationId: input.organisation_id });
    return { caseId: input.case_id, updateId: null, partnerInputId: parentId };
  }

  /**
   * Streams `file` to the scratch space (counting, hashing and keeping its first bytes on the way), checks it, makes
   * an image's thumbnail, commits both to storage and writes the row and its audit entry in one transaction.
   */
  async upload(request: RequestContext, parent: AttachmentParent, parentId: string, file: IncomingFile): Promise<AttachmentModel> {
    await this.target(request, parent, parentId);
    const fileName = cleanFileName(file.fileName);
    const scratch = scratchDir(this.config.attachments);
    await mkdir(scratch, { recursive: true });
    const id = randomUUID();
    const scratchFile = join(scratch, id);
    const scratchThumbnail = `${scratchFile}.thumb`;
    const stored: string[] = [];
    try {
      const meter = new Meter(this.config.attachments.maxBytes);
      try {
        await pipeline(file.stream, meter, createWriteStream(scratchFile, { flags: 'wx' }));
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw DomainError.badInput('attachment.interrupted');
      }
      if (file.truncated() || meter.size > this.config.attachments.maxBytes) throw this.tooLarge();
      if (meter.size === 0) throw DomainError.badInput('attachment.empty');
      const detected = await detectType(meter.head, scratchFile, meter.size);
      if (!detected) throw DomainError.badInput('attachment.typeRefused');
      if (detected.image) {
        try {
          await sharp(scratchFile, { limitInputPixels: MAX_IMAGE_PIXELS, sequentialRead: true })
            .rotate()
            .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
            .webp({ quality: 70 })
            .toFile(scratchThumbnail);
        } catch {
          throw DomainError.badInput('attachment.unreadableImage');
        }
      }
      const target = await this.target(request, parent, parentId);
      const storageKey = `cases/${target.caseId}/${id}`;
      const thumbnailKey = detected.image ? `${storageKey}.thumb.webp` : null;
      await this.storage.commit(storageKey, scratchFile, detected.contentType);
      stored.push(storageKey);
      if (thumbnailKey) {
        await this.storage.commit(thumbnailKey, scratchThumbnail, 'image/webp');
        stored.push(thumbnailKey);
      }
      const row = await this.dataSource.transaction(async (manager) => {
        // Again, in the transaction: the case may have closed or the caller lost access while the file arrived.
        await this.target(request, parent, parentId, manager);
        const saved = await manager.getRepository(AttachmentEntity).save({
          id,
          ...target,
          fileName,
          contentType: detected.contentType,
          sizeBytes: meter.size,
          sha256: meter.sha256(),
          storageKey,
          thumbnailKey,
          uploadedById: request.actor!.userId,
          organisationId: request.actor!.organisationId,
        });
        await this.audit.record(
          request,
          {
            action: 'attachment.upload',
            entityType: 'Attachment',
            entityId: id,
            changes: Object.fromEntries(
              Object.entries({ parent, parentId, fileName, contentType: saved.contentType, sizeBytes: saved.sizeBytes, sha256: saved.sha256 }).map(([field, after]) => [field, { before: null, after }]),
            ),
          },
          manager,
        );
        return saved;
      });
      stored.length = 0;
      return this.toModel(request, {
        id: row.id,
        case_id: row.caseId,
        update_id: row.updateId,
        partner_input_id: row.partnerInputId,
        file_name: row.fileName,
        content_type: row.contentType,
        size_bytes: String(row.sizeBytes),
        storage_key: row.storageKey,
        thumbnail_key: row.thumbnailKey,
        created_at: row.createdAt,
      });
    } finally {
      // Whatever happened: no scratch file stays, and objects stored for a row that was not written are removed.
      file.stream.resume();
      await Promise.all([rm(scratchFile, { force: true }), rm(scratchThumbnail, { force: true })]);
      await Promise.all(stored.map((key) => this.storage.remove(key).catch(() => undefined)));
    }
  }

  tooLarge(): DomainError {
    return DomainError.badInput('attachment.tooLarge', { megabytes: Math.floor(this.config.attachments.maxBytes / 1_048_576) || 1 }, { maxBytes: this.config.attachments.maxBytes });
  }

  /**
   * Opens a download link's bytes: the link must be well signed and unexpired, presented by its own session (`holder`),
   * that session still open, and its person
   * still allowed to read the attachment (else NOT_FOUND, audited as a refusal). A file download is audited.
   */
  async open(
    attachmentId: string,
    variant: string,
    token: string | undefined,
    holder: { userId: string; sessionId: string } | null,
    meta: { requestId: string; clientAddress: string | null; locale: Locale },
  ): Promise<Download> {
    const claims = this.links.verify(attachmentId, variant, token);
    // The link's session must be the one presenting it (its files cookie or bearer token): a forwarded link opens nothing.
    if (!claims || !holder || holder.userId !== claims.userId || holder.sessionId !== claims.sessionId) throw DomainError.notFound('Attachment');
    const actor = await this.tokens.actorOfSession(claims.userId, claims.sessionId);
    if (!actor) throw DomainError.notFound('Attachment');
    const request: RequestContext = { ...meta, actor };
    const row = await this.readableRow(request, attachmentId);
    if (!row) {
      await this.audit.record(request, { action: 'attachment.download', entityType: 'Attachment', entityId: attachmentId, outcome: 'REFUSED' });
      throw DomainError.notFound('Attachment');
    }
    if (claims.variant === 'thumbnail') {
      if (!row.thumbnail_key) throw DomainError.notFound('Attachment');
      return { stream: await this.storage.open(row.thumbnail_key), contentType: 'image/webp', fileName: `${row.file_name}.webp`, sizeBytes: null };
    }
    await this.audit.record(request, { action: 'attachment.download', entityType: 'Attachment', entityId: row.id, changes: { fileName: { before: null, after: row.file_name } } });
    return { stream: await this.storage.open(row.storage_key), contentType: row.content_type, fileName: row.file_name, sizeBytes: Number(row.size_bytes) };
  }

  private async readableRow(request: RequestContext, id: string): Promise<AttachmentRow | null> {
    if (!UUID.test(id)) return null;
    const [row] = await query<AttachmentRow>(this.dataSource, attachmentById(id, this.readable(request)));
    return row ?? null;
  }

  private toModel(request: RequestContext, row: AttachmentRow): AttachmentModel {
    const actor = request.actor!;
    const ttl = this.config.attachments.linkTtlSeconds;
    // Rounded up to the minute, so that the same page asked again gives the same links (and the browser's cached thumbnails).
    const expires = Math.ceil((Date.now() / 1000 + ttl) / 60) * 60;
    const link = (variant: LinkVariant) => this.links.url({ attachmentId: row.id, variant, userId: actor.userId, sessionId: actor.sessionId, expires });
    const parent = row.update_id ? AttachmentParent.UPDATE : row.partner_input_id ? AttachmentParent.PARTNER_INPUT : AttachmentParent.CASE;
    return {
      id: row.id,
      caseId: row.case_id,
      parent,
      parentId: row.update_id ?? row.partner_input_id ?? row.case_id,
      fileName: row.file_name,
      contentType: row.content_type,
      sizeBytes: Number(row.size_bytes),
      createdAt: row.created_at,
      downloadUrl: link('file'),
      thumbnailUrl: row.thumbnail_key ? link('thumbnail') : null,
      linksExpireAt: new Date(expires * 1000),
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name as shown: no path, no control characters, at most 255 characters; a default when nothing is left. */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (base || 'file').slice(0, 255);
}

/** Counts, hashes and keeps the first bytes of what passes; fails past `max` bytes. */
class Meter extends Transform {
  size = 0;
  head: Buffer = Buffer.alloc(0);
  private readonly hash = createHash('sha256');

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.max) return done(DomainError.badInput('attachment.tooLarge', { megabytes: Math.floor(this.max / 1_048_576) || 1 }, { maxBytes: this.max }));
    if (this.head.length < SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    this.hash.update(chunk);
    done(null, chunk);
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}
