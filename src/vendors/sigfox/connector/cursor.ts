/**
 * Where a pull stands. A round lists the device types, then for each type walks its messages and lists its
 * devices, then walks each device's locations. The backend answers newest first, so a walk starts at the newest
 * item after the last round's mark and follows `paging.next` back to it; the mark moves only when the walk is
 * complete, so a crash in the middle repeats pages (stored once) and never skips any.
 */
export type Task =
  | { kind: 'messages'; typeId: string }
  | { kind: 'devices'; typeId: string; offset: number }
  | { kind: 'locations'; device: string };

export interface Walk {
  /** The URL of the next (older) page. */
  next: string;
  /** Newest time (seconds) seen at the walk's start: the mark once it completes. */
  top: number;
  /** The `before` this walk set itself, once the backend's offsets ran out. */
  before?: number;
}

export interface BackendCursor {
  queue: Task[];
  /** Newest time (seconds) fully read, per `m:<type>` and `l:<device>`. */
  marks: Record<string, number>;
  walk: Walk | null;
}

export function readCursor(cursor: string | null): BackendCursor {
  if (!cursor) return { queue: [], marks: {}, walk: null };
  const c = JSON.parse(cursor) as BackendCursor;
  return { queue: c.queue ?? [], marks: c.marks ?? {}, walk: c.walk ?? null };
}

export const writeCursor = (c: BackendCursor) => JSON.stringify(c);

export const markKey = (t: Task) =>
  t.kind === 'messages' ? `m:${t.typeId}` : t.kind === 'locations' ? `l:${t.device}` : '';
