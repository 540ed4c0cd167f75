/** The walker on Smithy features the MediaConvert model doesn't use: unions, documents, sets, sparse lists... */
import { compileShape, preludeShape, type CompiledShape } from '../../local/engine/validation/compiled-shape';
import type { SmithyShape } from '../../local/engine/validation/smithy';
import type { Violation } from '../../local/engine/validation/violation';
import { walkValue } from '../../local/engine/validation/walk';

const SHAPES: Record<string, SmithyShape> = {
  'test#Thing': {
    type: 'structure',
    members: {
      Choice: { target: 'test#Choice' },
      Tags: { target: 'test#Tags' },
      Notes: { target: 'test#Notes' },
      Extra: { target: 'smithy.api#Document' },
      Level: { target: 'test#Level' },
      Digit: { target: 'test#Digit' },
      Flavour: { target: 'test#Flavour' },
      Count: { target: 'smithy.api#Integer', traits: { 'smithy.api#range': { min: 1 } } },
      Data: { target: 'smithy.api#Blob' },
    },
  },
  'test#Choice': {
    type: 'union',
    members: { Text: { target: 'smithy.api#String' }, Number: { target: 'smithy.api#Integer' } },
  },
  'test#Tags': {
    type: 'set',
    member: { target: 'smithy.api#String' },
    traits: { 'smithy.api#length': { max: 2 } },
  },
  'test#Notes': {
    type: 'list',
    member: { target: 'smithy.api#String' },
    traits: { 'smithy.api#sparse': {} },
  },
  'test#Level': {
    type: 'intEnum',
    members: {
      LOW: { target: 'smithy.api#Unit', traits: { 'smithy.api#enumValue': 1 } },
      HIGH: { target: 'smithy.api#Unit', traits: { 'smithy.api#enumValue': 2 } },
    },
  },
  'test#Digit': { type: 'string', traits: { 'smithy.api#pattern': '[0-9]' } },
  'test#Flavour': { type: 'string', traits: { 'smithy.api#enum': [{ value: 'sweet' }, { value: 'sour' }] } },
};

const compiled = new Map<string, CompiledShape>();
function resolve(id: string): CompiledShape {
  let shape = compiled.get(id);
  if (!shape) {
    shape = compileShape(id, SHAPES[id] ?? preludeShape(id)!);
    compiled.set(id, shape);
  }
  return shape;
}

function check(value: unknown): Violation[] {
  const out: Violation[] = [];
  walkValue(value, resolve('test#Thing'), '$', out, resolve);
  return out;
}

describe('the model walker on other Smithy features', () => {
  it('accepts a conforming value', () => {
    const value = {
      Choice: { Text: 'a' },
      Tags: ['x', 'y'],
      Notes: ['a', null],
      Extra: { any: ['json', 1, true] },
      Level: 2,
      Digit: 'a1b',
      Flavour: 'sour',
      Count: 1,
      Data: new Uint8Array([1, 2]),
    };
    expect(check(value)).toEqual([]);
  });

  it('requires exactly one member of a union', () => {
    expect(check({ Choice: {} })).toEqual([
      { path: '$.Choice', message: 'union Choice takes exactly one member; none is set' },
    ]);
    expect(check({ Choice: { Text: 'a', Number: 1 } })).toEqual([
      { path: '$.Choice', message: 'union Choice takes exactly one member; 2 are (Text, Number) set' },
    ]);
  });

  it('checks set uniqueness, list length and nulls in non-sparse lists', () => {
    expect(check({ Tags: ['x', 'x', null] })).toEqual([
      { path: '$.Tags', message: 'has 3 items; allowed: at most 2' },
      { path: '$.Tags[1]', message: 'duplicate of item [0]; Tags is unique' },
      { path: '$.Tags[2]', message: 'Tags is not sparse: no nulls' },
    ]);
  });

  it('checks intEnum values, legacy @enum traits, member @range and unanchored patterns', () => {
    expect(check({ Level: 3, Flavour: 'salty', Count: 0, Digit: 'abc' })).toEqual([
      { path: '$.Level', message: '3 is not a valid Level; allowed: 1, 2' },
      { path: '$.Flavour', message: '"salty" is not a valid Flavour; allowed: sweet, sour' },
      { path: '$.Count', message: '0 is out of range; allowed: at least 1' },
      { path: '$.Digit', message: '"abc" does not match the pattern [0-9]' },
    ]);
  });

  it('checks the 32-bit integer type and blob types', () => {
    expect(check({ Count: 2 ** 31, Data: 5 })).toEqual([
      {
        path: '$.Count',
        message: "2147483648 doesn't fit the Integer type; allowed: -2147483648 to 2147483647",
      },
      { path: '$.Data', message: 'expected a blob (string or bytes) (Blob), got number 5' },
    ]);
  });
});
