import { randomUUID } from 'node:crypto';
import { ArgumentsHost, BadRequestException, Catch, HttpException, Logger, PayloadTooLargeException } from '@nestjs/common';
import { GqlArgumentsHost, type GqlExceptionFilter } from '@nestjs/graphql';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, pickLocale, reasonOf, translate, type Locale } from '@cg/shared/domain';
import { AuditService } from '@cg/server/audit';
import { isOutage, type GraphQLContext } from '@cg/server/core';
import { OUTAGE_RETRY_AFTER_SECONDS, serviceUnavailable } from './outage';

/**
 * The one place domain errors become GraphQL errors: `extensions.code` from the domain code, `extensions.reason`
 * from the message key (a stable name a client may show its own text for), the message in the caller's locale,
 * refusals audited. Anything unexpected is INTERNAL_SERVER_ERROR with an error id,
 * logged with its stack, never shown.
 */
@Catch()
export class GraphQLExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  constructor(private readonly audit: AuditService) {}

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() !== 'graphql') return this.catchHttp(exception, host);
    const gqlHost = GqlArgumentsHost.create(host);
    const context = gqlHost.getContext<GraphQLContext>();
    const info = gqlHost.getInfo<{ fieldName: string; parentType: { name: string } } | undefined>();
    const locale: Locale = context?.request?.locale ?? 'pl';
    const error = toGraphQLError(exception, locale, this.logger);

    const domain = exception instanceof DomainError ? exception : null;
    if (domain?.refused && context?.request) {
      const operation = info ? `${info.parentType.name}.${info.fieldName}` : 'unknown';
      return this.audit
        .record(context.request, { action: operation, entityType: String(domain.details.entity ?? 'Operation'), outcome: 'REFUSED', reason: domain.code })
        .catch((auditError: unknown) => this.logger.error({ err: auditError }, 'could not audit a refusal'))
        .then(() => {
          throw error;
        });
    }
    return error;
  }

  private catchHttp(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<{ status: (code: number) => { send: (body: unknown) => void }; header: (name: string, value: string) => unknown }>();
    const locale = httpLocale(host);
    if (exception instanceof PayloadTooLargeException || (exception instanceof HttpException && exception.getStatus() === 413)) {
      reply.status(413).send(errorBody(DomainError.badInput('payloadTooLarge'), locale));
      return;
    }
    if (exception instanceof DomainError) {
      // REST routes (the web app's /auth/…): the GraphQL error shape, with the HTTP status that matches the code.
      if (exception.code === ErrorCode.RATE_LIMITED) reply.header('retry-after', String(exception.details.retryAfterSeconds));
      reply.status(HTTP_STATUS[exception.code]).send(errorBody(exception, locale));
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() === 400 && typeof exception.getResponse() === 'string') {
      // Fastify's own refusal of a body it cannot parse (JSON that is not JSON), mapped by Nest to a bare message.
      reply.status(400).send(errorBody(DomainError.badInput('malformedBody'), locale));
      return;
    }
    if (exception instanceof HttpException) {
      reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    if (isOutage(exception)) {
      this.logger.warn({ err: (exception as Error).message }, 'a store is unavailable');
      reply.header('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
      const error = serviceUnavailable(locale);
      reply.status(503).send({ errors: [{ message: error.message, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS } }] });
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, 'unexpected HTTP error');
    reply.status(500).send({ errors: [{ message: translate('internal', locale, { errorId }), extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId } }] });
  }
}

/** A domain error answered outside GraphQL (the REST routes, the HTTP hooks), in the GraphQL error shape. */
export function errorBody(error: DomainError, locale: Locale): { errors: [{ message: string; extensions: DomainError['extensions'] }] } {
  return { errors: [{ message: error.messageIn(locale), extensions: error.extensions }] };
}

/** The HTTP status of a domain error answered outside GraphQL. */
export const HTTP_STATUS: Record<DomainError['code'], number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.CAPACITY_EXCEEDED]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * Outside GraphQL resolvers (the body parser, health routes): a body over the limit is answered in the
 * GraphQL error shape, with a code and the limit, in the caller's language; other HTTP errors keep their status.
 */
function httpLocale(host: ArgumentsHost): Locale {
  const request = host.switchToHttp().getRequest<{ headers?: Record<string, string | string[] | undefined> }>();
  return pickLocale(request?.headers?.['accept-language']) ?? 'pl';
}

export function toGraphQLError(exception: unknown, locale: Locale, logger: Logger): GraphQLError {
  if (exception instanceof GraphQLError) return exception;
  if (exception instanceof DomainError) {
    // A rate limit is answered with HTTP 429 and Retry-After too, where the transport has a status (Apollo reads `http`
    // and removes it from the error the client sees).
    const http =
      exception.code === ErrorCode.RATE_LIMITED ? { http: { status: 429, headers: new HeaderMap([['retry-after', String(exception.details.retryAfterSeconds)]]) } } : {};
    return new GraphQLError(exception.messageIn(locale), { extensions: { ...exception.extensions, ...http } });
  }
  if (exception instanceof BadRequestException) {
    const fields = validationFields(exception.getResponse());
    return new GraphQLError(translate('input.invalid', locale, { fields: fields.map((f) => f.field).join(', ') || '?' }), {
      extensions: { code: ErrorCode.BAD_USER_INPUT, reason: reasonOf('input.invalid'), fields },
    });
  }
  if (exception instanceof PayloadTooLargeException) {
    return new GraphQLError(translate('input.invalid', locale, { fields: 'body' }), { extensions: { code: ErrorCode.BAD_USER_INPUT, reason: reasonOf('payloadTooLarge') } });
  }
  if (isOutage(exception)) {
    // Not a bug: PostgreSQL or Redis is unreachable. The client may retry; no stack, no error id.
    logger.warn({ err: (exception as Error).message }, 'a store is unavailable');
    return serviceUnavailable(locale);
  }
  const errorId = randomUUID();
  logger.error({ errorId, err: exception }, 'unexpected error');
  return new GraphQLError(translate('internal', locale, { errorId }), {
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
  });
}

interface FieldProblem {
  field: string;
  problems: string[];
}

/** Reads the field names and constraint names out of the ValidationPipe's response (no values). */
function validationFields(response: unknown): FieldProblem[] {
  const detail = (response as { fields?: FieldProblem[] }).fields;
  return Array.isArray(detail) ? detail : [];
}
