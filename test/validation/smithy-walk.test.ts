/**
 * The walker on Smithy features the MediaConvert model doesn't use: unions, documents, sets, sparse lists,
 * float ranges, timestamps and @default (Rekognition and Transcribe use some of them).
 */
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
      Ratio: { target: 'test#Ratio' },
      When: { target: 'smithy.api#Timestamp' },
      Pair: { target: 'test#Pair' },
    },
  },
  'test#Ratio': { type: 'float', traits: { 'smithy.api#range': { min: 0.5, max: 1 } } },
  'test#Zero': { type: 'long', traits: { 'smithy.api#default': 0 } },
  'test#Pair': {
    type: 'structure',
    members: {
      Flag: {
        target: 'smithy.api#Boolean',
        traits: { 'smithy.api#required': {}, 'smithy.api#default': false },
      },
      Index: { target: 'test#Zero', traits: { 'smithy.api#default': 0 } },
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
      Ratio: 0.75,
      When: new Date('2026-01-02T03:04:05Z'),
      Pair: { Flag: false },
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

  it('checks float ranges with fractional bounds and refuses NaN and Infinity', () => {
    expect(check({ Ratio: 0.25 })).toEqual([
      { path: '$.Ratio', message: '0.25 is out of range; allowed: 0.5 to 1' },
    ]);
    expect(check({ Ratio: Number.NaN, Count: Number.POSITIVE_INFINITY })).toEqual([
      { path: '$.Ratio', message: 'expected a finite number (Ratio), got number NaN' },
      { path: '$.Count', message: 'expected an integer (Integer), got number Infinity' },
    ]);
  });

  it('takes a Date, epoch seconds or a date-time string for a timestamp, and no Date for a structure', () => {
    expect(check({ When: 1767323045 })).toEqual([]);
    expect(check({ When: '2026-01-02T03:04:05Z' })).toEqual([]);
    expect(check({ When: new Date('not a date'), Pair: new Date(0) })).toEqual([
      {
        path: '$.When',
        message:
          'expected a timestamp (Date, epoch seconds or date-time string) (Timestamp), got Date Invalid Date',
      },
      { path: '$.Pair', message: 'expected an object (Pair), got Date 1970-01-01T00:00:00.000Z' },
    ]);
  });

  it('leaves @default members optional but still requires a @required member that has a default', () => {
    expect(check({ Pair: { Flag: true, Index: null } })).toEqual([]);
    expect(check({ Pair: { Index: 3 } })).toEqual([
      { path: '$.Pair.Flag', message: 'missing required member "Flag" of Pair' },
    ]);
  });
});
