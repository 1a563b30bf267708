import type { StoredPosition } from '../model/records.ts';

/**
 * One device's positions in a time window, paged by offset: what vendor APIs that count rows and pages need
 * (GPS365's Coordinates API pages per tracker by tracker time or by the time the server received the row).
 */
export interface PositionWindowQuery {
  deviceId: number;
  /** Which time the window bounds: the fix time, or the time the hub received the position. */
  by: 'fix' | 'received';
  /** Inclusive. */
  from: number;
  /** Exclusive. */
  to: number;
  /** Rows skipped before the first returned, in the window's order (fix time, then id). */
  offset: number;
  limit: number;
}

export interface PositionWindow {
  /** How many positions the whole window holds. */
  total: number;
  /** Ascending by fix time, then id. */
  items: StoredPosition[];
}

export interface PositionWindowStorage {
  listPositionWindow(query: PositionWindowQuery): Promise<PositionWindow>;
}
