import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** What `isoTimestamp` of @cg/server/db gives and what the scalar passes through: UTC, milliseconds, as `Date.toISOString()` writes it. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The `DateTime` scalar (the same name, description and input as Nest's GraphQLISODateTime, which it replaces through
 * `buildSchemaOptions.scalarsMap`). A value is a `Date`, or the same instant already written by PostgreSQL in
 * `Date.toISOString()`'s form (`isoTimestamp` of @cg/server/db): a list passes its timestamps through as text instead of making
 * a `Date` of each to print it again.
 */
export const IsoDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string' && ISO_UTC.test(value)) return value;
    throw new GraphQLError('DateTime cannot represent this value');
  },
  parseValue(value) {
    return new Date(value as string);
  },
  parseLiteral(ast) {
    return ast.kind === Kind.STRING ? new Date(ast.value) : null;
  },
});

/** An instant given as a `Date` or as `isoTimestamp` of @cg/server/db's text (a model field the `DateTime` scalar serialises). */
export type Instant = Date | string;
