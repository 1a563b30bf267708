/**
 * A device type's downlink, as the Sigfox backend document defines it: `downlinkMode` 0 (direct: the type's own
 * data) or 1 (callback: the selected downlink callback answers), stored as "direct" and "callback"; and
 * `downlinkDataString`, "an 8 hexadecimal bytes string" which may hold the document's downlink data variables
 * `{rssi}`, `{tapId}` and `{time}`.
 */
export const DOWNLINK_MODES = ['direct', 'callback'] as const;

export interface DownlinkContext {
  rssi: number | null;
  station: string | null;
  /** Epoch milliseconds of the answer. */
  time: number;
}

/**
 * Each variable gets a fixed width so that a template keeps its 8 bytes: {time} 4 bytes of epoch seconds,
 * {rssi} 2 bytes signed (0 when the station gave none, as documented), {tapId} the 2-byte station id.
 */
const VARIABLES: Record<string, { bytes: number; render: (c: DownlinkContext) => string }> = {
  time: { bytes: 4, render: (c) => hex(Math.floor(c.time / 1000) >>> 0, 8) },
  rssi: { bytes: 2, render: (c) => hex(Math.round(c.rssi ?? 0) & 0xffff, 4) },
  tapId: { bytes: 2, render: (c) => (c.station ?? '').padStart(4, '0').slice(-4) },
};

export function renderDownlink(template: string, c: DownlinkContext): string {
  return template
    .replace(/\{(\w+)\}/g, (all, name: string) => VARIABLES[name]?.render(c) ?? all)
    .toLowerCase();
}

/** The hex digits in lower case, as the backend shows them; variable names keep their case ({tapId}). */
export function normalizeDownlink(template: string): string {
  return template.replace(/\{[^}]*\}|[^{]+/g, (part) => (part.startsWith('{') ? part : part.toLowerCase()));
}

/**
 * Checks a device type's downlink fields before it is saved, whichever API saves it; returns the problems, each
 * starting with the field's name (empty when valid); `dataField` is the data's name in the caller's API (the
 * Sigfox facade says `downlinkDataString`). A template saved unchecked would answer the network with something
 * that is not 8 bytes, which the network cannot send.
 */
export function downlinkProblems(
  t: { downlinkMode?: string | null; downlinkData?: string | null },
  dataField = 'downlinkData',
): string[] {
  const problems: string[] = [];
  if (t.downlinkMode != null && !(DOWNLINK_MODES as readonly string[]).includes(t.downlinkMode)) {
    problems.push(`downlinkMode: "${t.downlinkMode}" must be "direct" (the document's 0) or "callback" (1)`);
  }
  if (t.downlinkData != null) {
    const problem = templateProblem(t.downlinkData);
    if (problem) problems.push(`${dataField}: ${problem}`);
  }
  return problems;
}

function templateProblem(template: string): string | null {
  let bytes = 0;
  for (const part of template.split(/(\{[^}]*\})/)) {
    if (part.startsWith('{') && part.endsWith('}')) {
      const variable = VARIABLES[part.slice(1, -1)];
      if (!variable)
        return `unknown variable ${part}; the document's variables are {rssi}, {tapId} and {time}`;
      bytes += variable.bytes;
    } else if (!/^(?:[0-9a-fA-F]{2})*$/.test(part)) {
      return `"${part}" is not whole bytes of hexadecimal`;
    } else {
      bytes += part.length / 2;
    }
  }
  return bytes === 8
    ? null
    : `${bytes} bytes; must be 8 (16 hex digits, where {time} counts 4 bytes, {rssi} and {tapId} 2 each)`;
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}
