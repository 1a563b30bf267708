import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingCallback } from '../storage/callbacks.ts';
import type { Delivery } from '../storage/deliveries.ts';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.ts';
import { queueCallback } from './enqueue.ts';
import type { NewOutgoingCallback } from '../storage/callbacks.ts';
import { DeliveryWorker, type DeliveryWorkerOptions } from './worker.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let dir: string;
let storage: SqliteStorage;
let server: Server;
let base: string;
let received: Received[];
/** Statuses the receiving server answers, in turn; 200 once they run out. */
let answers: number[];
let clock: number;
let groupId: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trackway-callbacks-'));
  storage = new SqliteStorage(join(dir, 'db.sqlite'));
  await storage.migrate();
  groupId = (await storage.createGroup({ parentId: null, name: 'g' })).id;
  received = [];
  answers = [];
  clock = Date.UTC(2026, 0, 1);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const worker = (o: Partial<DeliveryWorkerOptions> = {}) =>
  new DeliveryWorker({ storage, now: () => clock, random: () => 0.5, ...o });
const callback = (input: Omit<NewOutgoingCallback, 'groupId' | 'kind'>) =>
  storage.createCallback({ groupId, kind: 'data', ...input });
const vars = { device: '00A1', data: '3b36', time: 1381766225 };
const log = async (cb: OutgoingCallback) => storage.listDeliveries({ callbackIds: [cb.id], limit: 10 });

describe('delivery worker', () => {
  it('sends a signed POST with rendered headers and body, and logs it delivered', async () => {
    const cb = await callback({
      channel: 'url',
      config: {
        url: `${base}/cb?id={device}`,
        headers: { 'x-time': '{time}' },
        bodyTemplate: '{"device":"{device}","data":"{data}"}',
        contentType: 'application/json',
        signingSecret: 's3cret',
      },
    });
    await queueCallback(storage, cb, vars, null, clock);
    expect(await worker().runOnce()).toBe(1);
    const [req] = received;
    expect(req).toMatchObject({
      method: 'POST',
      url: '/cb?id=00A1',
      body: '{"device":"00A1","data":"3b36"}',
    });
    expect(req!.headers).toMatchObject({ 'x-time': '1381766225', 'content-type': 'application/json' });
    const t = Math.floor(clock / 1000);
    const mac = createHmac('sha256', 's3cret').update(`${t}.${req!.body}`).digest('hex');
    expect(req!.headers['x-trackway-signature']).toBe(`t=${t},v1=${mac}`);
    expect(await log(cb)).toMatchObject([{ status: 'delivered', lastStatus: 200, attempts: 1 }]);
  });

  it('retries a 503 after a backoff and delivers on the next try', async () => {
    const cb = await callback({ channel: 'url', config: { url: `${base}/x`, method: 'GET' } });
    await queueCallback(storage, cb, vars, null, clock);
    answers = [503];
    const attempts: string[] = [];
    const w = worker({ onAttempt: (_c, result) => void attempts.push(result) });
    await w.runOnce();
    const [pending] = await log(cb);
    expect(pending).toMatchObject({ status: 'pending', lastStatus: 503, attempts: 1 });
    expect(pending!.nextAttemptAt).toBeGreaterThan(clock);
    expect(await w.runOnce()).toBe(0); // not yet due
    clock = pending!.nextAttemptAt;
    await w.runOnce();
    expect(await log(cb)).toMatchObject([{ status: 'delivered', attempts: 2 }]);
    expect(received).toHaveLength(2);
    expect(attempts).toEqual(['failed', 'sent']);
  });

  it('fails a 404 at once, marks the callback dead, and a later success revives it', async () => {
    const cb = await callback({ channel: 'url', config: { url: `${base}/gone`, method: 'GET' } });
    const dead: Delivery[] = [];
    const attempts: string[] = [];
    const w = worker({ onDead: (_c, d) => void dead.push(d), onAttempt: (_c, r) => void attempts.push(r) });
    await queueCallback(storage, cb, vars, null, clock);
    answers = [404];
    await w.runOnce();
    expect(await log(cb)).toMatchObject([{ status: 'failed', lastStatus: 404, lastReason: 'Not Found' }]);
    expect((await storage.getCallback(cb.id))!.dead).toBe(true);
    expect(dead).toHaveLength(1);
    expect(attempts).toEqual(['dead']);
    await queueCallback(storage, cb, vars, null, clock);
    await w.runOnce();
    expect((await storage.getCallback(cb.id))!.dead).toBe(false);
  });

  it('gives up on an unreachable server after the last attempt', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const cb = await callback({
      channel: 'url',
      config: { url: `http://127.0.0.1:${port}/`, method: 'GET' },
    });
    await queueCallback(storage, cb, vars, null, clock);
    const w = worker({ maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await w.runOnce();
      clock += 24 * 3_600_000;
    }
    const [d] = await log(cb);
    expect(d).toMatchObject({ status: 'failed', attempts: 3, lastStatus: null });
    expect(d!.lastReason).toMatch(/ECONNREFUSED|refused/i);
    expect((await storage.getCallback(cb.id))!.dead).toBe(true);
  });

  it('sends batch URL lines queued together in one request', async () => {
    const cb = await callback({
      channel: 'batch-url',
      config: { url: `${base}/batch`, linePattern: '{device};{data};' },
    });
    for (const device of ['0001', '0002', '0003'])
      await queueCallback(storage, cb, { ...vars, device }, null, clock);
    expect(await worker().runOnce()).toBe(0); // lines wait for the batch window
    clock += 1000;
    await worker().runOnce();
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toBe('0001;3b36;\n0002;3b36;\n0003;3b36;');
    expect((await log(cb)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('fails at once what it cannot send, and sends nothing for a disabled callback', async () => {
    const cb = await callback({ channel: 'url', config: { url: 'not a url', method: 'GET' } });
    await queueCallback(storage, cb, vars, null, clock);
    await worker().runOnce();
    expect(await log(cb)).toMatchObject([
      { status: 'failed', lastReason: '"not a url" is not an http(s) URL' },
    ]);
    const off = await callback({
      channel: 'url',
      enabled: false,
      config: { url: `${base}/`, method: 'GET' },
    });
    await queueCallback(storage, off, vars, null, clock);
    await worker().runOnce();
    expect(received).toEqual([]);
    expect(await log(off)).toMatchObject([
      { status: 'failed', lastReason: 'the callback was disabled or deleted' },
    ]);
    expect((await storage.getCallback(off.id))!.dead).toBe(false);
  });
});

describe('email deliveries', () => {
  let smtp: SMTPServer;
  let mails: { from: string; to: string[]; data: string }[];
  let smtpPort: number;

  beforeEach(async () => {
    mails = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let data = '';
        stream.on('data', (c) => (data += c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          if (to.includes('bounce@example.test')) {
            const err = new Error('mailbox unavailable') as Error & { responseCode: number };
            err.responseCode = 550;
            return done(err);
          }
          mails.push({ from, to, data });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  afterEach(() => new Promise<void>((r) => smtp.close(() => r())));

  it('sends the rendered subject and message through the SMTP server', async () => {
    const cb = await callback({
      channel: 'email',
      config: { recipient: 'ops@example.test', subject: '{device} - {time}', message: '{data} received' },
    });
    await queueCallback(storage, cb, vars, null, clock);
    const w = worker({ smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: 'trackway@example.test' } });
    await w.runOnce();
    await w.stop();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'trackway@example.test', to: ['ops@example.test'] });
    expect(mails[0]!.data).toContain('Subject: 00A1 - 1381766225');
    expect(mails[0]!.data).toContain('3b36 received');
    expect(await log(cb)).toMatchObject([{ status: 'delivered' }]);
  });

  it('fails a refused recipient for good and explains why', async () => {
    const cb = await callback({
      channel: 'email',
      config: { recipient: 'bounce@example.test', subject: 's', message: 'm' },
    });
    await queueCallback(storage, cb, vars, null, clock);
    const w = worker({ smtp: { url: `smtp://127.0.0.1:${smtpPort}`, from: 'trackway@example.test' } });
    await w.runOnce();
    await w.stop();
    const [d] = await log(cb);
    expect(d).toMatchObject({ status: 'failed' });
    expect(d!.lastReason).toMatch(/mailbox unavailable/);
  });

  it('fails email deliveries when no SMTP server is configured', async () => {
    const cb = await callback({
      channel: 'email',
      config: { recipient: 'a@example.test', subject: 's', message: 'm' },
    });
    await queueCallback(storage, cb, vars, null, clock);
    await worker().runOnce();
    expect((await log(cb))[0]!.lastReason).toMatch(/no SMTP server is configured/);
  });
});
