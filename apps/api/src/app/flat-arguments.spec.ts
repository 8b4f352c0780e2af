import 'reflect-metadata';
import { BadRequestException, type ArgumentMetadata, type Type } from '@nestjs/common';
import { Type as Nested } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IdArg, PageArgs } from '@cg/server/core';
import { validFlatArguments } from './flat-arguments';
import { createValidationPipe } from './validation';

enum Order {
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
}

class Filter {
  @IsOptional()
  @IsString()
  @MaxLength(10)
  search?: string;
}

class ListArgs extends PageArgs {
  @IsEnum(Order)
  orderBy: Order;

  @IsOptional()
  @IsBoolean()
  mine?: boolean;

  @IsOptional()
  @ValidateNested()
  @Nested(() => Filter)
  filter?: Filter;
}

const UUID = '8a0b3c52-27a4-4d53-9a4b-2d2f0e0b7c11';
const pipe = createValidationPipe();
const asArgs = (metatype: Type<unknown>): ArgumentMetadata => ({ type: 'body', metatype });

/** What the full pipe answers: the value it hands on, or the fields it refuses. */
async function throughPipe(metatype: Type<unknown>, value: unknown): Promise<{ value?: unknown; refused?: unknown }> {
  try {
    return { value: await pipe.transform(value, asArgs(metatype)) };
  } catch (error) {
    if (error instanceof BadRequestException) return { refused: error.getResponse() };
    throw error;
  }
}

describe('the cheap check of plain arguments', () => {
  const cases: [Type<unknown>, Record<string, unknown>][] = [
    [ListArgs, { orderBy: 'NEWEST' }],
    [ListArgs, { first: 50, orderBy: 'NEWEST' }],
    [ListArgs, { first: 0, after: 'abc', orderBy: 'OLDEST', mine: true }],
    [ListArgs, { first: 100, orderBy: 'NEWEST' }],
    [ListArgs, { first: 101, orderBy: 'NEWEST' }],
    [ListArgs, { first: -1, orderBy: 'NEWEST' }],
    [ListArgs, { first: 2.5, orderBy: 'NEWEST' }],
    [ListArgs, { first: '5', orderBy: 'NEWEST' }],
    [ListArgs, { after: 'x'.repeat(201), orderBy: 'NEWEST' }],
    [ListArgs, { orderBy: 'SIDEWAYS' }],
    [ListArgs, {}],
    [ListArgs, { orderBy: 'NEWEST', mine: 'yes' }],
    [ListArgs, { orderBy: 'NEWEST', unknown: 1 }],
    [ListArgs, { orderBy: 'NEWEST', filter: { search: 'ok' } }],
    [ListArgs, { orderBy: 'NEWEST', filter: { search: 'far too long a search' } }],
    [IdArg, { id: UUID }],
    [IdArg, { id: 'not-a-uuid' }],
    [IdArg, {}],
  ];

  it.each(cases)('answers as the full pipe does: %p %j', async (metatype, value) => {
    const expected = await throughPipe(metatype, { ...value });
    const cheap = validFlatArguments(metatype, { ...value });
    if (cheap === undefined) {
      // Left to the pipe: every refusal, and what the cheap check does not read (nested objects).
      expect(expected.refused !== undefined || 'filter' in value).toBe(true);
    } else {
      expect(expected.refused).toBeUndefined();
      expect(cheap).toBeInstanceOf(metatype);
      expect(cheap).toEqual(expected.value);
    }
  });

  it('accepts the arguments of a plain list read without the full pipe, and refuses none that the pipe accepts', () => {
    expect(validFlatArguments(ListArgs, { first: 50, orderBy: 'NEWEST' })).toEqual(Object.assign(new ListArgs(), { first: 50, orderBy: 'NEWEST' }));
    expect(validFlatArguments(IdArg, { id: UUID })).toBeInstanceOf(IdArg);
    // The pipe's own answer (the same error as ever) for a refused value goes through the pipe.
    expect(validFlatArguments(ListArgs, { first: 101, orderBy: 'NEWEST' })).toBeUndefined();
  });
});
