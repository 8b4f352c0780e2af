import { Field, Float, ID, Int, type FieldOptions } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsArray,
  Matches,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/**
 * Composite field decorators for GraphQL inputs: each one is the `@Field` of a field and the class-validator
 * decorators that always go with it. `optional: true` makes the field nullable in the schema and lets it be left out
 * (`@IsOptional`); a `defaultValue` is the schema's, filled in before validation.
 *
 * Refusals are the same as those of the decorators written one by one: the same constraint names (`isString`,
 * `minLength`, `maxLength`, `isUuid`, `isEnum`, `isInt`, `min`, `max`, …) become `extensions.fields[].problems`.
 */

type Schema = { description?: string };
type Presence = { optional?: boolean };

/**
 * Applies decorators as if they were written one above the other: the last one first. class-validator reports a
 * field's failed constraints in the order they were applied, so this keeps `problems` in the order a stacked list gives.
 */
function stacked(...decorators: (PropertyDecorator | false)[]): PropertyDecorator {
  const bottomUp = decorators.filter((decorator): decorator is PropertyDecorator => decorator !== false).reverse();
  return (target, propertyKey) => {
    for (const decorator of bottomUp) decorator(target, propertyKey);
  };
}

function fieldOptions(options: Schema & Presence & { defaultValue?: unknown }): FieldOptions {
  return {
    ...(options.optional ? { nullable: true } : {}),
    ...(options.defaultValue !== undefined ? { defaultValue: options.defaultValue } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  };
}

/** A string of at most `max` characters (and at least `min`, when given). */
export function TextField(options: Schema & Presence & { max: number; min?: number; defaultValue?: string }): PropertyDecorator {
  return stacked(
    Field(() => String, fieldOptions(options)),
    options.optional === true && IsOptional(),
    IsString(),
    options.min !== undefined && MinLength(options.min),
    MaxLength(options.max),
  );
}

/** The id (a UUID) of a row. */
export function IdField(options: Schema & Presence = {}): PropertyDecorator {
  return stacked(Field(() => ID, fieldOptions(options)), options.optional === true && IsOptional(), IsUUID());
}

/** A value of a registered GraphQL enum. */
export function EnumField<E extends object>(enumType: E, options: Schema & Presence & { defaultValue?: E[keyof E] } = {}): PropertyDecorator {
  const type: object = enumType;
  return stacked(Field(() => type, fieldOptions(options)), options.optional === true && IsOptional(), IsEnum(enumType));
}

/** A list of values of a registered GraphQL enum: at most `maxSize` (at least `minSize`), no repeats when `unique`. */
export function EnumListField<E extends object>(
  enumType: E,
  options: Schema & Presence & { maxSize: number; minSize?: number; unique?: boolean },
): PropertyDecorator {
  const type: object = enumType;
  return stacked(
    Field(() => [type], fieldOptions(options)),
    options.optional === true && IsOptional(),
    options.minSize !== undefined && ArrayMinSize(options.minSize),
    ArrayMaxSize(options.maxSize),
    options.unique === true && ArrayUnique(),
    IsEnum(enumType, { each: true }),
  );
}

/** A calendar day, `YYYY-MM-DD` (a strict ISO 8601 date). */
export function DayField(options: Schema & Presence = {}): PropertyDecorator {
  return stacked(Field(() => String, fieldOptions(options)), options.optional === true && IsOptional(), IsISO8601({ strict: true }));
}

/** A whole number from `min` (to `max`, when given). */
export function IntField(options: Schema & Presence & { min: number; max?: number; defaultValue?: number }): PropertyDecorator {
  return stacked(
    Field(() => Int, fieldOptions(options)),
    options.optional === true && IsOptional(),
    IsInt(),
    Min(options.min),
    options.max !== undefined && Max(options.max),
  );
}

/** A finite number (no NaN, no infinity). */
export function FiniteNumberField(options: Schema & Presence = {}): PropertyDecorator {
  return stacked(Field(() => Float, fieldOptions(options)), options.optional === true && IsOptional(), IsNumber({ allowNaN: false, allowInfinity: false }));
}

/** true or false. */
export function BooleanField(options: Schema & Presence & { defaultValue?: boolean } = {}): PropertyDecorator {
  return stacked(Field(() => Boolean, fieldOptions(options)), options.optional === true && IsOptional(), IsBoolean());
}

/** An input object of another input type, validated as a whole. */
export function NestedField(type: () => new () => object, options: Schema & Presence = {}): PropertyDecorator {
  return stacked(Field(type, fieldOptions(options)), options.optional === true && IsOptional(), ValidateNested(), Type(type));
}

/** A list of nested inputs, each validated, at most `maxSize` of them. */
export function NestedListField(type: () => new () => object, options: Schema & Presence & { maxSize: number }): PropertyDecorator {
  return stacked(
    Field(() => [type()], fieldOptions(options)),
    options.optional === true && IsOptional(),
    IsArray(),
    ArrayMaxSize(options.maxSize),
    ValidateNested({ each: true }),
    Type(type),
  );
}

/** A list of short keys matching `pattern` (distinct), at most `maxSize` of them. */
export function KeyListField(options: Schema & Presence & { maxSize: number; pattern: RegExp }): PropertyDecorator {
  return stacked(
    Field(() => [String], fieldOptions(options)),
    options.optional === true && IsOptional(),
    IsArray(),
    ArrayMaxSize(options.maxSize),
    ArrayUnique(),
    IsString({ each: true }),
    Matches(options.pattern, { each: true }),
  );
}

/** A short key matching `pattern`. */
export function KeyField(options: Schema & Presence & { pattern: RegExp }): PropertyDecorator {
  return stacked(Field(() => String, fieldOptions(options)), options.optional === true && IsOptional(), IsString(), Matches(options.pattern));
}

/** The version of the row the caller read: a stale one is CONFLICT. */
export function VersionField(options: Schema = {}): PropertyDecorator {
  return IntField({ ...options, min: 1 });
}
