import type { Connector, PageResult } from '../../../ingest/connector.ts';
import { FatalError, RetryableError } from '../../../ingest/errors.ts';
import { retryAfterMs, statusError } from '../../../ingest/http.ts';
import { advance, readCursor, writeCursor } from './feed-cursor.ts';
import { parseFeed, SpotFormatError } from './parse-feed.ts';
import { readSettings, feedUrl } from './settings.ts';
import { SPOT_VENDOR, toRecord } from './to-records.ts';

const MINUTE = 60_000;

/**
 * How long SPOT's block is waited out. The document warns that calling too often "will result in your IP being
 * blocked or your feed disabled"; asking again soon would only prolong the block.
 */
export const BLOCK_WAIT_MS = 60 * MINUTE;

/**
 * Pulls a SPOT public feed. Every request of a source, also each page of a first sync, is 150 s after the
 * previous one: the document asks for "at least 2.5 minutes between calls of the same feed" and "at least 2
 * seconds between feed requests", so a page never reports `more` (which would ask again after 2 s only).
 */
export const spotConnector: Connector = {
  vendor: SPOT_VENDOR,
  rates: {
    sourceIntervalMs: 150_000,
    vendorSpacingMs: 2_000,
    backoff: { initialMs: 5 * MINUTE, factor: 2, maxMs: 4 * 60 * MINUTE },
  },
  async fetchPage({ source, cursor, fetch }): Promise<PageResult> {
    const settings = readSettings(source.settings);
    const state = readCursor(cursor);
    const start = state.pass?.start ?? 0;
    const response = await fetch(feedUrl(settings, start));
    const what = `SPOT feed ${settings.feedId}`;
    if (response.status === 403) {
      throw new RetryableError(`${what}: HTTP 403, SPOT is blocking requests; waiting before asking again`, {
        // The block's usual length, or longer when SPOT says so.
        retryAfterMs: Math.max(BLOCK_WAIT_MS, retryAfterMs(response) ?? 0),
      });
    }
    if (!response.ok) throw statusError(response, what);
    let parsed;
    try {
      parsed = parseFeed(await response.text());
    } catch (err) {
      if (err instanceof SpotFormatError) throw new RetryableError(`${what}: ${err.message}`, { cause: err });
      throw err;
    }
    const { result } = parsed;
    if (result.kind === 'error') {
      // E-0195 "No Messages to display" is an empty feed (or a page past its end), not a failure.
      if (result.code !== 'E-0195') throw feedError(what, result.code, result.text, result.description);
      return { records: [], cursor: writeCursor(advance(state, start, [])), more: false };
    }
    // `count` and `totalCount` can disagree with the messages present, so only the page's length decides.
    const next = advance(
      state,
      start,
      result.messages.map((m) => m.unixTime),
    );
    return { records: result.messages.map(toRecord), cursor: writeCursor(next), more: false };
  },
};

function feedError(what: string, code: string, text: string, description: string): Error {
  const detail = `${code} ${text}${description ? `: ${description}` : ''}`;
  if (code === 'E-0160') {
    return new FatalError(
      `${what} not found (${detail}); check the feed id, and that the feed is still shared`,
    );
  }
  if (/password/i.test(`${text} ${description}`)) {
    return new FatalError(`${what}: the feed password was refused (${detail}); set feedPassword`);
  }
  return new RetryableError(`${what}: SPOT answered ${detail}`);
}
