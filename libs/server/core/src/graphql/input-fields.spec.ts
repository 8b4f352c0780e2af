import 'reflect-metadata';
import { InputType, registerEnumType } from '@nestjs/graphql';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DayField, EnumField, EnumListField, IdField, IntField, NestedField, TextField } from './input-fields';
import { VersionedInput } from './versioned.input';

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}
registerEnumType(Colour, { name: 'SpecColour' });

@InputType('SpecInner')
class Inner {
  @TextField({ min: 1, max: 5 })
  label: string;
}

@InputType('SpecInput')
class SpecInput {
  @TextField({ min: 3, max: 10 })
  title: string;

  @TextField({ optional: true, max: 4 })
  note?: string;

  @IdField({ optional: true })
  ownerId?: string;

  @EnumField(Colour)
  colour: Colour;

  @EnumListField(Colour, { optional: true, maxSize: 2, unique: true })
  colours?: Colour[];

  @IntField({ min: 1, max: 5 })
  score: number;

  @DayField({ optional: true })
  due?: string;

  @NestedField(() => Inner, { optional: true })
  inner?: Inner;
}

@InputType('SpecVersionedInput')
class SpecVersionedInput extends VersionedInput {
  @TextField({ optional: true, max: 3 })
  name?: string;
}

/** The failed constraints per field, as the API's validation pipe reports them in `extensions.fields`. */
async function problems(type: new () => object, plain: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(type, plain), { forbidUnknownValues: true });
  const out: Record<string, string[]> = {};
  const walk = (list: typeof errors, prefix: string) =>
    list.forEach((error) => {
      const field = prefix ? `${prefix}.${error.property}` : error.property;
      if (error.constraints) out[field] = Object.keys(error.constraints);
      walk(error.children ?? [], field);
    });
  walk(errors, '');
  return out;
}

const valid = { title: 'Hello', colour: Colour.RED, score: 3 };

describe('composite input field decorators', () => {
  it('accept a valid input, optional fields left out', async () => {
    expect(await problems(SpecInput, valid)).toEqual({});
  });

  it('report the constraints a stacked list of decorators reports, in the same order', async () => {
    expect(await problems(SpecInput, {})).toEqual({
      title: ['maxLength', 'minLength', 'isString'],
      colour: ['isEnum'],
      score: ['max', 'min', 'isInt'],
    });
  });

  it('hold the bounds of text, numbers, lists, ids, days and nested inputs', async () => {
    expect(
      await problems(SpecInput, {
        title: 'ab',
        note: 'abcde',
        ownerId: 'not-a-uuid',
        colour: 'GREEN',
        colours: [Colour.RED, Colour.RED, Colour.BLUE],
        score: 6,
        due: '2026-02-30',
        inner: { label: '' },
      }),
    ).toEqual({
      title: ['minLength'],
      note: ['maxLength'],
      ownerId: ['isUuid'],
      colour: ['isEnum'],
      colours: ['arrayUnique', 'arrayMaxSize'],
      score: ['max'],
      due: ['isIso8601'],
      'inner.label': ['minLength'],
    });
    expect(await problems(SpecInput, { ...valid, title: 'x'.repeat(10), score: 1, colours: [Colour.BLUE], due: '2026-02-28' })).toEqual({});
  });

  it('give a versioned input the id and the version read (at least 1)', async () => {
    expect(await problems(SpecVersionedInput, { id: '0b8f3e1c-2f4a-4c55-9f1e-1a2b3c4d5e6f', version: 1 })).toEqual({});
    expect(await problems(SpecVersionedInput, { id: 'x', version: 0, name: 'abcd' })).toEqual({ name: ['maxLength'], id: ['isUuid'], version: ['min'] });
  });
});
