import { renderTemplate, type TemplateVariables } from './template.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json', 'text/plain'] as const;

/** What a delivery sends, rendered once when queued, so the log shows exactly what went out. */
export type RenderedRequest =
  | {
      channel: 'url' | 'webhook';
      method: HttpMethod;
      url: string;
      headers: Record<string, string>;
      body: string | null;
      contentType: string | null;
    }
  | { channel: 'batch-url'; url: string; line: string }
  | { channel: 'email'; recipient: string; subject: string; message: string };

/** The stored payload of a delivery: the request and the variables it was rendered from. */
export interface DeliveryPayload {
  request: RenderedRequest;
  parameters: TemplateVariables;
}

/** Channel settings, as `OutgoingCallback.config` holds them. */
export interface ChannelConfig {
  url?: string;
  method?: HttpMethod;
  headers?: Record<string, string>;
  bodyTemplate?: string;
  contentType?: string;
  linePattern?: string;
  recipient?: string;
  subject?: string;
  message?: string;
  /** When set, each HTTP delivery is signed with it (see sign.ts). */
  signingSecret?: string;
  /** Attempts before a delivery fails for good, instead of the worker's default. */
  maxAttempts?: number;
}

/** Renders a callback's templates with the variables of one occurrence (a message, a status, an event). */
export function renderRequest(
  channel: RenderedRequest['channel'],
  config: ChannelConfig,
  vars: TemplateVariables,
): RenderedRequest {
  if (channel === 'email') {
    return {
      channel,
      recipient: renderTemplate(config.recipient ?? '', vars),
      subject: renderTemplate(config.subject ?? '', vars),
      message: renderTemplate(config.message ?? '', vars),
    };
  }
  const url = renderTemplate(config.url ?? '', vars, 'url');
  if (channel === 'batch-url') return { channel, url, line: renderTemplate(config.linePattern ?? '', vars) };
  const method = config.method ?? 'POST';
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.headers ?? {})) headers[k] = renderTemplate(v, vars);
  if (method === 'GET') return { channel, method, url, headers, body: null, contentType: null };
  // Form encoding is the default content type (Sigfox document, callback creation).
  const contentType = config.contentType ?? 'application/x-www-form-urlencoded';
  const encoding =
    contentType === 'application/json' ? 'json' : contentType.endsWith('urlencoded') ? 'url' : 'raw';
  const body =
    config.bodyTemplate != null
      ? renderTemplate(config.bodyTemplate, vars, encoding)
      : contentType === 'application/json'
        ? JSON.stringify(vars)
        : new URLSearchParams(
            Object.entries(vars).flatMap(([k, v]): [string, string][] => (v == null ? [] : [[k, String(v)]])),
          ).toString();
  return { channel, method, url, headers, body, contentType };
}
