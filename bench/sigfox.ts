import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { hashSecret } from '../src/auth/secrets.ts';
import { compileFormat } from '../src/decode/grammar/compile.ts';
import { sigfoxAfterCommit, sigfoxRoutes } from '../src/vendors/sigfox/index.ts';
import { startTestHub } from '../src/vendors/sigfox/testing/hub.ts';
import type { Comparison, Scenario, Timing } from './scenario.ts';

const FORMAT =
  'flag::bool:7 alarm::bool:6 temp:1:int:16 hum::uint:8 volt::uint:16:little-endian press::float:32 count::uint:24';
const ROUNDS = 5;

/**
 * The straightforward way: read the format string on every message and switch on each field's type (what
 * parsers that do not compile do). Same grammar and results as the compiled decoder, for the comparison.
 */
function interpret(format: string, bytes: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let offset = 0;
  let lastBool = false;
  format
    .split(/\s+/)
    .filter(Boolean)
    .forEach((def, i) => {
      const [name, index, type, size, endian] = def.split(':') as [string, string, string, string, string?];
      const le = endian === 'little-endian';
      const start =
        index !== '' ? Number(index) : i === 0 ? 0 : type === 'bool' || !lastBool ? offset : offset + 1;
      if (type === 'bool') {
        if (start < bytes.length) out[name] = ((bytes[start]! >> Number(size)) & 1) === 1;
        offset = start;
        lastBool = true;
        return;
      }
      const len = type === 'char' ? Number(size) : Number(size) / 8;
      lastBool = false;
      offset = start + len;
      if (start + len > bytes.length) return;
      if (type === 'char') out[name] = bytes.toString('latin1', start, start + len);
      else if (type === 'float')
        out[name] =
          len === 4
            ? le
              ? bytes.readFloatLE(start)
              : bytes.readFloatBE(start)
            : le
              ? bytes.readDoubleLE(start)
              : bytes.readDoubleBE(start);
      else if (type === 'uint') out[name] = le ? bytes.readUIntLE(start, len) : bytes.readUIntBE(start, len);
      else out[name] = le ? bytes.readIntLE(start, len) : bytes.readIntBE(start, len);
    });
  return out;
}

function grammarComparison(rows: number): Comparison {
  const payloads = Array.from({ length: 1024 }, (_, i) => {
    const b = Buffer.alloc(12);
    b.writeUInt32BE((i * 2654435761) >>> 0, 0);
    b.writeUInt32BE((i * 40503) >>> 0, 4);
    b.writeUInt32BE((i * 7919) >>> 0, 8);
    return b;
  });
  const decoder = compileFormat(FORMAT);
  if (JSON.stringify(decoder.decode(payloads[5]!)) !== JSON.stringify(interpret(FORMAT, payloads[5]!))) {
    throw new Error('the compiled decoder and the interpreter disagree');
  }
  const count = rows * 5;
  const time = (label: string, fn: (b: Buffer) => unknown): Timing => {
    let sink = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) sink += Object.keys(fn(payloads[i & 1023]!) as object).length;
    if (sink === 0) throw new Error('nothing decoded');
    return { label, rows: count, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  const compiled: Timing[] = [];
  const interpreted: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    compiled.push(time('compiled decoder (payloads)', (b) => decoder.decode(b)));
    interpreted.push(time('interpreter, format read per payload', (b) => interpret(FORMAT, b)));
  }
  return comparison('sigfox: custom grammar decoding, 7 fields', compiled, interpreted, [
    `format: ${FORMAT}`,
  ]);
}

async function callbackComparison(rows: number, clients: number, dir: string): Promise<Comparison> {
  const count = Math.max(500, Math.min(20_000, Math.round(rows / 10)));
  const hub = await startTestHub(sigfoxRoutes, sigfoxAfterCommit);
  const group = await hub.storage.createGroup({ parentId: null, name: 'bench' });
  const source = await hub.storage.createSource({
    groupId: group.id,
    vendor: 'sigfox',
    kind: 'push',
    name: 'b',
  });
  await hub.storage.createReceiverSecret({
    sourceId: source.id,
    name: 'b',
    prefix: 'b',
    secretHash: hashSecret('s'),
  });
  // Baseline: node:http, JSON.parse, one SQLite insert committed before the answer, nothing else.
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE m (id INTEGER PRIMARY KEY, device TEXT, time INTEGER, data TEXT, seq INTEGER, body TEXT)',
  );
  const insert = db.prepare('INSERT INTO m (device, time, data, seq, body) VALUES (?, ?, ?, ?, ?)');
  const raw = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const b = JSON.parse(body) as { device: string; time: number; data: string; seqNumber: number };
      insert.run(b.device, b.time, b.data, b.seqNumber, body);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
  const hubUrl = `${hub.url}/ingest/sigfox/${source.id}?secret=s`;
  let seq = 0;
  const send = async (url: string, n: number, label: string): Promise<Timing> => {
    const started = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < n) {
          next++;
          const s = ++seq;
          const body = {
            device: (0x1000 + (s % 200)).toString(16).toUpperCase(),
            time: 1_700_000_000 + s,
            seqNumber: s % 4096,
            data: s.toString(16).padStart(24, '0'),
            snr: '12.34',
            station: '1D44',
            rssi: '-120.00',
          };
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          if (res.status !== 204) throw new Error(`${label}: HTTP ${res.status}`);
        }
      }),
    );
    return { label, rows: n, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  const trackway: Timing[] = [];
  const baseline: Timing[] = [];
  try {
    await send(hubUrl, 400, 'warm-up'); // also creates the 200 devices
    await send(rawUrl, 400, 'warm-up');
    const per = Math.ceil(count / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      trackway.push(await send(hubUrl, per, 'Trackway receiver (callbacks, committed)'));
      baseline.push(await send(rawUrl, per, 'node:http + one SQLite insert'));
    }
  } finally {
    await new Promise((r) => raw.close(r));
    db.close();
    await hub.stop();
  }
  return comparison('sigfox: callbacks received, answered after commit', trackway, baseline, [
    `${clients} concurrent senders in this process, one callback per request, 200 devices`,
  ]);
}

function comparison(name: string, trackway: Timing[], baseline: Timing[], notes: string[]): Comparison {
  const sum = (ts: Timing[], label: string): Timing => ({
    label,
    rows: ts.reduce((a, t) => a + t.rows, 0),
    seconds: ts.reduce((a, t) => a + t.seconds, 0),
  });
  return {
    name,
    trackway: sum(trackway, trackway[0]!.label),
    baseline: sum(baseline, baseline[0]!.label),
    rounds: trackway.map((t, i) => t.rows / t.seconds / (baseline[i]!.rows / baseline[i]!.seconds)),
    notes,
  };
}

/** Sigfox: the compiled payload decoder against an interpreter, and callbacks received per second. */
export const sigfoxScenario: Scenario = {
  name: 'sigfox',
  async run({ rows, clients, dir }) {
    return [grammarComparison(rows), await callbackComparison(rows, clients, dir)];
  },
};
