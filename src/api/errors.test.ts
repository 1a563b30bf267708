import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError, ERROR_CATALOGUE, RECORD_ERROR_CATALOGUE } from './errors.ts';

const guide = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('error catalogue', () => {
  it('documents every API error code with its status in the API guide', () => {
    for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) {
      expect(guide, code).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`));
    }
  });

  it('documents every per-record ingest code', () => {
    for (const code of Object.keys(RECORD_ERROR_CATALOGUE)) {
      expect(guide, code).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|`));
    }
  });

  it('gives an ApiError the status of its code', () => {
    expect(new ApiError('FORBIDDEN', 'no').status).toBe(403);
    expect(new ApiError('PAYLOAD_TOO_LARGE', 'big').status).toBe(413);
  });
});
