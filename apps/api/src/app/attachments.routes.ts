import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, pickLocale, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { AccessTokenService, isUuid } from '@cg/server/authz';
import { ATTACHMENT_ROUTE, AttachmentParent, AttachmentsService } from '@cg/server/cases';
import type { RequestContext } from '@cg/server/core';
import { errorBody, HTTP_STATUS } from './graphql-exception.filter';
import { RateLimits } from './rate-limits';

/**
 * Attachments over plain HTTP, beside GraphQL:
 * - `POST /attachments?parent=UPDATE&parentId=<id>` (or CASE, PARTNER_INPUT), `multipart/form-data` with one part
 *   `file`, `Authorization: Bearer <access token>` as for GraphQL. The right to attach is checked before the body is
 *   read; the file is streamed (see AttachmentsService.upload), reading stops at ATTACHMENTS_MAX_BYTES. Answers 201
 *   with the attachment (as the GraphQL type `Attachment`), or an error in the GraphQL error shape with its status.
 * - `GET /attachments/<id>/file|thumbnail?t=…`: the short-lived link of `Attachment.downloadUrl`; NOT_FOUND (404) for
 *   a bad, expired or foreign link, or when its person may no longer read the file.
 * Multipart parsing is registered in this scope only: GraphQL and every other route keep refusing it.
 */
export async function mountAttachmentRoutes(app: NestFastifyApplication): Promise<void> {
  const attachments = app.get(AttachmentsService);
  const tokens = app.get(AccessTokenService);
  const limits = app.get(RateLimits);
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: config.attachments.maxBytes, files: 1, fields: 0, parts: 1, headerPairs: 20 },
      throwFileSizeLimit: false,
    });

    scope.post(ATTACHMENT_ROUTE, async (request, reply) => {
      const locale = localeOf(request);
      try {
        const actor = await tokens.actorFromHeader(request.headers.authorization);
        if (!actor) throw DomainError.unauthenticated();
        await limits.consume('mutations', actor.userId);
        const context: RequestContext = { requestId: String(request.id), clientAddress: request.ip ?? null, locale, actor };
        const params = (request.query ?? {}) as Record<string, unknown>;
        const parent = Object.values(AttachmentParent).find((value) => value === params.parent);
        if (!parent || !isUuid(params.parentId)) {
          throw DomainError.badInput('attachment.parentRequired', {}, { fields: [{ field: 'parent', problems: ['required'] }, { field: 'parentId', problems: ['required'] }] });
        }
        // A declared length over the limit is refused before anything is read.
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > config.attachments.maxBytes + 64 * 1024) {
          // The right to attach first: a stranger learns nothing about the parent from the size answer.
          await attachments.target(context, parent, params.parentId);
          throw attachments.tooLarge();
        }
        if (!request.isMultipart()) throw DomainError.badInput('attachment.fileRequired');
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw DomainError.badInput('attachment.fileRequired');
        const model = await attachments.upload(context, parent, params.parentId, {
          fileName: part.filename,
          stream: part.file,
          truncated: () => part.file.truncated,
        });
        return reply.code(201).header('cache-control', 'no-store').send(model);
      } catch (error) {
        return answerError(request, reply, error, locale);
      }
    });

    scope.get<{ Params: { id: string; variant: string }; Querystring: { t?: string } }>(`${ATTACHMENT_ROUTE}/:id/:variant`, async (request, reply) => {
      const locale = localeOf(request);
      try {
        const download = await attachments.open(request.params.id, request.params.variant, typeof request.query.t === 'string' ? request.query.t : undefined, {
          requestId: String(request.id),
          clientAddress: request.ip ?? null,
          locale,
        });
        const inline = download.contentType.startsWith('image/') || download.contentType === 'application/pdf';
        reply
          .code(200)
          .header('content-type', download.contentType)
          .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${asciiName(download.fileName)}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
          .header('cache-control', 'private, max-age=60')
          .header('referrer-policy', 'no-referrer');
        if (download.sizeBytes !== null) reply.header('content-length', String(download.sizeBytes));
        return reply.send(download.stream);
      } catch (error) {
        return answerError(request, reply, error, locale);
      }
    });
  });
}

function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language']) ?? 'pl';
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}

/** A domain error in the GraphQL error shape with its status; the rest goes to Fastify's handler (a 500, logged). */
function answerError(request: FastifyRequest, reply: FastifyReply, error: unknown, locale: Locale): FastifyReply {
  if (!(error instanceof DomainError)) throw error;
  // The body of a refused upload may still be arriving: the connection is closed after the answer, not read on.
  if (request.method === 'POST') reply.header('connection', 'close');
  return reply
    .code(HTTP_STATUS[error.code])
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(errorBody(error, locale));
}
