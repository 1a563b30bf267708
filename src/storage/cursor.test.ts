import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError, isNumber, isNumberPair } from './cursor.ts';

describe('cursors', () => {
  it('round-trips what it encodes', () => {
    expect(decodeCursor(encodeCursor(42), isNumber)).toBe(42);
    expect(decodeCursor(encodeCursor([1700000000000, 7]), isNumberPair)).toEqual([1700000000000, 7]);
  });

  it('refuses a negative position, which no page ever hands out', () => {
    expect(() => decodeCursor(encodeCursor(-1), isNumber)).toThrow(InvalidCursorError);
  });

  it('refuses text that is not a cursor at all', () => {
    expect(() => decodeCursor('not a cursor!', isNumber)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor('x'), isNumber)).toThrow(InvalidCursorError);
  });
});
