import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '@cg/shared/domain';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `At most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a Relay connection type for a node type: `XConnection { edges { cursor node } pageInfo totalCount }`. */
export function ConnectionType<T>(node: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass as Type<Connection<T>>;
}

export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw DomainError.badInput('input.tooManyItems', { max: MAX_PAGE_SIZE }, { field: 'first' });
  }
  return first;
}

/** Keyset cursors are opaque: base64url of a JSON array of the sort key values. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export type CursorPart = 'uuid' | 'timestamp' | 'date' | 'dateOrEmpty' | 'int' | 'string' | readonly string[];

const CHECKS: Record<Exclude<CursorPart, readonly string[]>, (value: unknown) => boolean> = {
  uuid: (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  dateOrEmpty: (v) => v === '' || CHECKS.date(v),
  int: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  string: (v) => typeof v === 'string' && v.length <= 500 && !v.includes('\u0000'),
};

/**
 * Decodes a keyset cursor and checks every value against the shape the query expects, so that a forged
 * cursor is BAD_USER_INPUT and never reaches SQL as a malformed value.
 */
export function decodeCursor(cursor: string | undefined | null, shape: readonly CursorPart[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === shape.length &&
      values.every((value, i) => {
        const part = shape[i]!;
        return typeof part === 'string' ? CHECKS[part as keyof typeof CHECKS](value) : (part as readonly string[]).includes(value as string);
      })
    ) {
      return values as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw DomainError.badInput('input.invalid', { fields: 'after' }, { field: 'after' });
}

/**
 * Turns `limit + 1` rows fetched in keyset order into a connection page.
 */
export function toConnection<R, T>(
  rows: R[],
  limit: number,
  totalCount: number,
  cursorOf: (row: R) => (string | number)[],
  toNode: (row: R) => T,
  hasPrevious: boolean,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: toNode(row) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
