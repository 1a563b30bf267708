/**
 * Reading a Coordinates API request as the document describes it (document 002 §4-5): POST form fields,
 * `trackers[]=100` (ids), `trackers[100]=start` and `trackers[100][]=start&trackers[100][]=end` (per tracker
 * dates), dates `YYYY-MM-DD HH:MM:SS` UTC. Written from the document alone, for the fake cloud.
 */
export interface CloudRequest {
  token: string | null;
  /** Tracker ids asked for, each with its own dates when given; null: all trackers. */
  trackers: Map<number, { start?: string; end?: string }> | null;
  startDate?: string;
  endDate?: string;
  page?: string;
}

export function readCloudRequest(body: string): CloudRequest {
  const params = new URLSearchParams(body);
  const request: CloudRequest = { token: params.get('api_token'), trackers: null };
  for (const [key, value] of params) {
    if (key === 'start_date') request.startDate = value;
    else if (key === 'end_date') request.endDate = value;
    else if (key === 'page') request.page = value;
    const m = /^trackers\[(\d*)\](\[\])?$/.exec(key);
    if (!m) continue;
    request.trackers ??= new Map();
    if (m[1] === '') {
      request.trackers.set(Number(value), request.trackers.get(Number(value)) ?? {});
      continue;
    }
    const dates = request.trackers.get(Number(m[1])) ?? {};
    if (m[2] && dates.start != null) dates.end = value;
    else dates.start = value;
    request.trackers.set(Number(m[1]), dates);
  }
  return request;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function cloudDate(text: string | undefined): number | null {
  if (text == null) return null;
  const m = DATE.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : null;
}

export const cloudText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
