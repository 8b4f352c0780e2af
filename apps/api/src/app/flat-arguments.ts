import type { Type } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/**
 * The cheap check of arguments made only of plain values (`cases(first: 50)`, `case(id: …)`, a flat input): the
 * class's own class-validator rules, run directly, without class-transformer's copy nor class-validator's executor
 * and its error objects. It only ever says "valid": whatever it cannot decide (a nested object, a list, a property
 * without a rule, a failed rule, an asynchronous rule) is left to the validation pipe, which then answers exactly as
 * before. What it hands back is what the pipe would: a new instance of the class with the values copied onto it.
 */

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type ConstraintMetadata = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];
type Rule = { metadata: ValidationMetadata; constraint: ConstraintMetadata };

interface Property {
  /** IsOptional, ValidateIf: all must hold for the property to be checked. */
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
  /** A nested class (ValidateNested): left to the pipe whenever the value is given. */
  nested: boolean;
}

/** What a class's rules are, by property; null when they hold a kind of rule checked only by the pipe. */
type Compiled = Map<string, Property> | null;

const compiled = new WeakMap<Type<unknown>, Compiled>();

function compile(metatype: Type<unknown>): Compiled {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false);
  if (metadatas.length === 0) return null;
  const properties = new Map<string, Property>();
  for (const metadata of metadatas) {
    if (metadata.groups?.length || metadata.always || metadata.each) return null;
    let property = properties.get(metadata.propertyName);
    if (!property) {
      property = { conditions: [], rules: [], nested: false };
      properties.set(metadata.propertyName, property);
    }
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
        break;
      case ValidationTypes.NESTED_VALIDATION:
        property.nested = true;
        break;
      case ValidationTypes.CUSTOM_VALIDATION:
      case ValidationTypes.IS_DEFINED:
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          if (constraint.async) return null;
          property.rules.push({ metadata, constraint });
        }
        break;
      case ValidationTypes.WHITELIST:
        break;
      default:
        return null;
    }
  }
  return properties;
}

const isPlainValue = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** An instance of `metatype` holding `value`'s properties when its rules all hold; undefined when the pipe must decide. */
export function validFlatArguments(metatype: Type<unknown>, value: unknown): object | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  let properties = compiled.get(metatype);
  if (properties === undefined) {
    properties = compile(metatype);
    compiled.set(metatype, properties);
  }
  if (!properties) return undefined;
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    // Not allowed (whitelist) or not a plain value (class-transformer would build or copy it): the pipe's to answer.
    if (!properties.has(key) || !isPlainValue(given[key])) return undefined;
  }
  const object = Object.assign(new metatype() as object, given) as Record<string, unknown>;
  for (const [name, property] of properties) {
    const current = object[name];
    if (!property.conditions.every((condition) => condition(object, current))) continue;
    if (property.nested) return undefined;
    for (const { metadata, constraint } of property.rules) {
      const args: ValidationArguments = { targetName: metatype.name, property: name, object, value: current, constraints: metadata.constraints };
      if (constraint.instance.validate(current, args) !== true) return undefined;
    }
  }
  return object;
}
