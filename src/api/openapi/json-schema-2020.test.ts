import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { toJsonSchema2020 } from './json-schema-2020.ts';

describe('toJsonSchema2020', () => {
  it('writes a draft-7 tuple as prefixItems, closed by items: false, however deep', () => {
    const ring = Type.Object({ polygon: Type.Array(Type.Tuple([Type.Number(), Type.Number()])) });
    const out = toJsonSchema2020(JSON.parse(JSON.stringify(ring)));
    expect(out.properties.polygon.items).toEqual({
      type: 'array',
      prefixItems: [{ type: 'number' }, { type: 'number' }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
  });

  it('leaves other schemas, and the input, as they are', () => {
    const schema = { type: 'array', items: { type: 'string' }, exclusiveMinimum: 0 };
    expect(toJsonSchema2020(schema)).toEqual(schema);
    const tuple = { items: [{ type: 'string' }] };
    toJsonSchema2020(tuple);
    expect(tuple).toEqual({ items: [{ type: 'string' }] });
  });
});
