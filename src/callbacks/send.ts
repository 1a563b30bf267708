import nodemailer from 'nodemailer';
import type { RenderedRequest } from './request.ts';
import { signature, SIGNATURE_HEADER } from './sign.ts';

/** What one attempt gave: the HTTP status when a response came, and whether trying again may help. */
export interface Attempt {
  ok: boolean;
  status: number | null;
  reason: string;
  retryable: boolean;
}

type HttpRequest = Extract<RenderedRequest, { channel: 'url' | 'webhook' }>;

export async function sendHttp(
  req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body' | 'contentType'>,
  signingSecret: string | null,
  timeoutMs: number,
  now: number,
): Promise<Attempt> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.contentType) headers['content-type'] = req.contentType;
  if (signingSecret)
    headers[SIGNATURE_HEADER] = signature(signingSecret, req.body ?? '', Math.floor(now / 1000));
  if (!URL.canParse(req.url) || !/^https?:$/.test(new URL(req.url).protocol)) {
    return { ok: false, status: null, reason: `"${req.url}" is not an http(s) URL`, retryable: false };
  }
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers,
      body: req.body ?? undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason =
      e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    return { ok: false, status: null, reason, retryable: true };
  }
  await res.body?.cancel();
  const ok = res.status >= 200 && res.status < 300;
  const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
  return { ok, status: res.status, reason: res.statusText || `HTTP ${res.status}`, retryable };
}

export interface SmtpSettings {
  /** e.g. smtp://user:pass@mail.example.com:587 */
  url: string;
  from: string;
}

export type Mailer = (mail: { to: string; subject: string; text: string }) => Promise<Attempt>;

/** Sends through the configured SMTP server; without one, email deliveries fail with that reason. */
export function createMailer(smtp: SmtpSettings | null): { send: Mailer; close(): void } {
  if (!smtp) {
    const reason = 'no SMTP server is configured (TRACKWAY_SMTP_URL)';
    return { send: async () => ({ ok: false, status: null, reason, retryable: false }), close() {} };
  }
  const transport = nodemailer.createTransport(smtp.url);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from: smtp.from, ...mail });
        return { ok: true, status: null, reason: info.response, retryable: false };
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        // SMTP 5xx replies are permanent (bad recipient); connection trouble and 4xx replies may pass later.
        const permanent = e.responseCode != null && e.responseCode >= 500;
        return { ok: false, status: null, reason: e.message, retryable: !permanent };
      }
    },
    close: () => transport.close(),
  };
}
