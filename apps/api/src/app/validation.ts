import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { validFlatArguments } from './flat-arguments';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.keys(error.constraints) }] : [];
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** The paths of the strings holding U+0000, which PostgreSQL text cannot store. */
function withNulCharacter(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => withNulCharacter(item, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => withNulCharacter(item, path ? `${path}.${key}` : key));
  return [];
}

/** Refuses a NUL character as bad input up front, instead of letting the database fail on it (an internal error). */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A GraphQL resolver's parent, context and info (GqlParamtype ROOT 0, CONTEXT 1, INFO 2) are the server's own objects.
    const type = metadata.type as unknown;
    if (type === 0 || type === 1 || type === 2) return value;
    // All of a field's arguments at once (`@Args()`): an optional argument given as null is an argument left out
    // (`cases(filter: null)`), so that it takes its default instead of reaching a service as null.
    if (metadata.type === 'body' && metadata.data === undefined && value && typeof value === 'object' && !Array.isArray(value)) {
      value = Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
    }
    if (metadata.type !== 'custom') {
      const fields = withNulCharacter(value, typeof value === 'object' ? '' : (metadata.data ?? 'value'));
      if (fields.length > 0) throw new BadRequestException({ fields: fields.map((field) => ({ field, problems: ['noNulCharacter'] })) });
    }
    // Plain values whose rules all hold (most reads' arguments) need neither class-transformer nor class-validator's
    // executor; anything else, and every refusal, is answered by the full pipe below.
    if (metadata.metatype && this.toValidate(metadata)) {
      const valid = validFlatArguments(metadata.metatype, value);
      if (valid) return valid;
    }
    return super.transform(value, metadata);
  }
}

/** Input validation: unknown properties refused, values never echoed back (they may be passwords). */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException({ fields: flatten(errors) }),
  });
}
