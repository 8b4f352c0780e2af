import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineMessages, DomainError, escapeHtml, ErrorCode, pickLocale, type Locale } from '@cg/shared/domain';
import { AppConfig } from '@cg/server/config';
import { AccessTokenService, isUuid } from '@cg/server/authz';
import { ATTACHMENT_ROUTE, AttachmentParent, AttachmentsService } from '@cg/server/cases';
import type { RequestContext } from '@cg/server/core';
import { errorBody, HTTP_STATUS } from './graphql-exception.filter';
import { cookieValue } from './browser-session.controller';
import { RateLimits } from './rate-limits';

/** The page a browser gets for a download link that does not open (opened directly, not by a script). */
export const ATTACHMENT_PAGE_TEXTS = defineMessages({
  pl: {
    title: 'Nie znaleziono pliku',
    body: 'Ten link do pliku jest nieważny, wygasł albo nie masz dostępu do pliku. Wróć do sprawy i otwórz plik stamtąd.',
    back: 'Przejdź do CommonGround',
  },
  en: {
    title: 'File not found',
    body: 'This file link is not valid, has expired, or you have no access to the file. Go back to the case and open the file from there.',
    back: 'Go to CommonGround',
  },
});

/**
 * Attachments over plain HTTP, beside GraphQL:
 * - `POST /attachments?parent=UPDATE&parentId=<id>` (or CASE, PARTNER_INPUT), `multipart/form-data` with one part
 *   `file`, `Authorization: Bearer <access token>` as for GraphQL. The right to attach is checked before the body is
 *   read; the file is streamed (see AttachmentsService.upload), reading stops at ATTACHMENTS_MAX_BYTES. Answers 201
 *   with the attachment (as the GraphQL type `Attachment`), or an error in the GraphQL error shape with its status.
 * - `POST /attachments/session` (bearer token): sets the browser's `cg_files` cookie (HttpOnly, path /attachments) for
 *   that session.
 * - `GET /attachments/<id>/file|thumbnail?t=…`: the short-lived link of `Attachment.downloadUrl`, presented by the
 *   session it was made for (its `cg_files` cookie, or its bearer token); NOT_FOUND (404) for a bad, expired or
 *   foreign link, a link presented by another session, or when its person may no longer read the file.
 * Multipart parsing is registered in this scope only: GraphQL and every other route keep refusing it.
 */
export async function mountAttachmentRoutes(app: NestFastifyApplication): Promise<void> {
  const attachments = app.get(AttachmentsService);
  const tokens = app.get(AccessTokenService);
  const limits = app.get(RateLimits);
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  /** The session presenting a download link: a bearer token (API clients) or the browser's files cookie. */
  const holderOf = async (request: FastifyRequest): Promise<{ userId: string; sessionId: string } | null> => {
    if (request.headers.authorization) {
      const actor = await tokens.actorFromHeader(request.headers.authorization).catch(() => null);
      return actor ? { userId: actor.userId, sessionId: actor.sessionId } : null;
    }
    return attachments.links.verifySessionCookie(cookieValue(request.headers.cookie, FILES_COOKIE));
  };
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

    // The browser's files cookie, for the session of the bearer token: what download links are checked against.
    scope.post(`${ATTACHMENT_ROUTE}/session`, async (request, reply) => {
      const locale = localeOf(request);
      try {
        const actor = await tokens.actorFromHeader(request.headers.authorization);
        if (!actor) throw DomainError.unauthenticated();
        const seconds = FILES_COOKIE_HOURS * 3600;
        const value = attachments.links.sessionCookie(actor.userId, actor.sessionId, Math.floor(Date.now() / 1000) + seconds);
        const secure = config.http.publicUrl.startsWith('https:') || request.protocol === 'https' || !LOOPBACK_HOST.test(request.hostname);
        return reply
          .code(204)
          .header('cache-control', 'no-store')
          .header('set-cookie', `${FILES_COOKIE}=${value}; Path=${ATTACHMENT_ROUTE}; HttpOnly; SameSite=Strict; Max-Age=${seconds}${secure ? '; Secure' : ''}`)
          .send();
      } catch (error) {
        return answerError(request, reply, error, locale);
      }
    });

    scope.get<{ Params: { id: string; variant: string }; Querystring: { t?: string } }>(`${ATTACHMENT_ROUTE}/:id/:variant`, async (request, reply) => {
      const locale = localeOf(request);
      try {
        const holder = await holderOf(request);
        const download = await attachments.open(request.params.id, request.params.variant, typeof request.query.t === 'string' ? request.query.t : undefined, holder, {
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

export const FILES_COOKIE = 'cg_files';
const FILES_COOKIE_HOURS = 12;
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

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
  if (request.method === 'GET' && error.code === ErrorCode.NOT_FOUND && String(request.headers.accept ?? '').includes('text/html')) {
    const texts = ATTACHMENT_PAGE_TEXTS[locale];
    return reply
      .code(404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(texts.title)} — CommonGround</title></head>` +
          `<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1a1b1e"><main><h1>${escapeHtml(texts.title)}</h1><p>${escapeHtml(texts.body)}</p><p><a href="/" style="color: #1c5fb0">${escapeHtml(texts.back)}</a></p></main></body></html>`,
      );
  }
  return reply
    .code(HTTP_STATUS[error.code])
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(errorBody(error, locale));
}
