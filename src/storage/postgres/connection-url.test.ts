import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './connection-url.ts';

describe('parseDatabaseUrl', () => {
  it('takes the schema from ?schema= and removes it from the URL', () => {
    expect(parseDatabaseUrl('postgres://u@db:5432/hub?schema=fleet&sslmode=require')).toEqual({
      url: 'postgres://u@db:5432/hub?sslmode=require',
      schema: 'fleet',
    });
  });

  it("takes the schema from libpq's options search_path", () => {
    const url = 'postgresql://u@db/hub?options=-c%20search_path%3Dfleet_2';
    expect(parseDatabaseUrl(url)).toEqual({ url, schema: 'fleet_2' });
  });

  it('leaves a URL without a schema alone', () => {
    expect(parseDatabaseUrl('postgres://u:p@db/hub')).toEqual({ url: 'postgres://u:p@db/hub', schema: null });
  });

  it('refuses a schema that is not a plain identifier, and a URL of another kind', () => {
    expect(() => parseDatabaseUrl('postgres://db/hub?schema=a;drop')).toThrow(/plain identifier/);
    expect(() => parseDatabaseUrl('mysql://db/hub')).toThrow(/postgres:\/\//);
    expect(() => parseDatabaseUrl('not a url')).toThrow(/not a URL/);
  });
});
