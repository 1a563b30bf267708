import { CONTENT_TYPES, HTTP_METHODS, type ChannelConfig } from '../../../callbacks/request.ts';
import { templateVariables } from '../../../callbacks/template.ts';
import type { CallbackChannel, NewOutgoingCallback, OutgoingCallback } from '../../../storage/callbacks.ts';
import { compileFormat } from '../../../decode/grammar/compile.ts';
import { GrammarError } from '../../../decode/grammar/parse.ts';
import { isKnownVariable } from './variables.ts';

/** The document's callbackType codes and, per type, its subtype codes. */
const TYPES: Record<number, { kind: string; subtypes: Record<number, string> | null }> = {
  0: { kind: 'data', subtypes: { 2: 'uplink', 3: 'bidir' } },
  1: { kind: 'service', subtypes: { 0: 'status', 4: 'acknowledge' } },
  2: { kind: 'error', subtypes: null },
};
const CHANNELS: Record<string, CallbackChannel> = { URL: 'url', BATCH_URL: 'batch-url', EMAIL: 'email' };

/** A callback definition that cannot be saved; the message names the field. */
export class CallbackDefinitionError extends Error {}

/** Sigfox settings kept beside the channel's (ChannelConfig) in the callback's config. */
export interface SigfoxCallbackConfig extends ChannelConfig {
  sendDuplicate?: boolean;
  sendSni?: boolean;
  payloadConfig?: string;
  downlinkHook?: boolean;
}

/**
 * Reads one definition of the document's callback creation (`[{channel, callbackType, callbackSubtype, …}]`),
 * checking the subtype against the type, the channel's required fields and every template variable.
 */
export function fromDefinition(
  d: Record<string, unknown>,
  target: { groupId: number; deviceTypeId: number },
): NewOutgoingCallback {
  const fail = (msg: string): never => {
    throw new CallbackDefinitionError(msg);
  };
  const channel = CHANNELS[String(d.channel)] ?? fail('channel: must be URL, BATCH_URL or EMAIL');
  const type =
    TYPES[Number(d.callbackType)] ?? fail('callbackType: must be 0 (DATA), 1 (SERVICE) or 2 (ERROR)');
  let subtype: string | null = null;
  if (type.subtypes) {
    subtype =
      type.subtypes[Number(d.callbackSubtype)] ??
      fail(
        `callbackSubtype: ${String(d.callbackSubtype)} is not valid for callbackType ${String(d.callbackType)}`,
      );
  }
  const text = (key: string, required: boolean): string | undefined => {
    const v = d[key];
    if (v == null) return required ? fail(`${key}: required for channel ${String(d.channel)}`) : undefined;
    return typeof v === 'string' ? v : fail(`${key}: must be a string`);
  };
  const config: SigfoxCallbackConfig = {
    sendDuplicate: d.sendDuplicate === true,
    sendSni: d.sendSni === true,
    downlinkHook: false,
  };
  const payloadConfig = text('payloadConfig', false);
  if (payloadConfig) {
    try {
      compileFormat(payloadConfig);
    } catch (err) {
      if (err instanceof GrammarError) fail(`payloadConfig: ${err.message}`);
      throw err;
    }
    config.payloadConfig = payloadConfig;
  }
  if (channel === 'email') {
    config.subject = text('subject', true);
    config.recipient = text('recipient', true);
    config.message = text('message', true);
    if (!/^[^\s@{}]+@[^\s@]+\.[^\s@]+$/.test(config.recipient!)) fail('recipient: not a valid email address');
  } else {
    config.url = text('url', true);
    if (!/^https?:\/\//.test(config.url!)) fail('url: must be an http or https URL');
    if (channel === 'batch-url') config.linePattern = text('linePattern', true);
    else {
      const method = String(d.httpMethod ?? 'GET') as (typeof HTTP_METHODS)[number];
      if (!HTTP_METHODS.includes(method)) fail('httpMethod: must be GET, POST or PUT');
      config.method = method;
      config.bodyTemplate = text('bodyTemplate', false);
      const contentType = text('contentType', false);
      if (contentType && !(CONTENT_TYPES as readonly string[]).includes(contentType)) {
        fail(`contentType: must be one of ${CONTENT_TYPES.join(', ')}`);
      }
      config.contentType = contentType;
      if (d.headers != null) {
        if (typeof d.headers !== 'object' || Array.isArray(d.headers)) fail('headers: must be an object');
        config.headers = Object.fromEntries(
          Object.entries(d.headers as object).map(([k, v]) => [k, String(v)]),
        );
      }
    }
  }
  for (const [field, template] of Object.entries(config)) {
    const texts =
      typeof template === 'string' ? [template] : field === 'headers' ? Object.values(template) : [];
    for (const name of texts.flatMap((t) => templateVariables(String(t)))) {
      if (!isKnownVariable(name)) fail(`${field}: unknown variable {${name}}`);
    }
  }
  const enabled = d.enabled !== false;
  return { ...target, channel, kind: type.kind, subtype, config: { ...config }, enabled };
}

/** The document's callback list entry. */
export function presentCallback(c: OutgoingCallback): Record<string, unknown> {
  const config = c.config as SigfoxCallbackConfig;
  const channel = Object.entries(CHANNELS).find(([, v]) => v === c.channel)?.[0] ?? c.channel;
  const type = Object.entries(TYPES).find(([, t]) => t.kind === c.kind);
  const subtype = type?.[1].subtypes && Object.entries(type[1].subtypes).find(([, s]) => s === c.subtype);
  const out: Record<string, unknown> = {
    id: String(c.id),
    channel,
    callbackType: type ? Number(type[0]) : null,
    callbackSubtype: subtype ? Number(subtype[0]) : 0,
    enabled: c.enabled,
    sendDuplicate: config.sendDuplicate ?? false,
    dead: c.dead,
    downlinkHook: config.downlinkHook ?? false,
  };
  if (config.payloadConfig) out.payloadConfig = config.payloadConfig;
  if (c.channel === 'email')
    Object.assign(out, { subject: config.subject, recipient: config.recipient, message: config.message });
  else {
    out.urlPattern = config.url;
    out.httpMethod = c.channel === 'batch-url' ? 'POST' : config.method;
    if (c.channel === 'batch-url') out.linePattern = config.linePattern;
    if (config.headers) out.headers = config.headers;
    if (config.bodyTemplate != null) out.bodyTemplate = config.bodyTemplate;
    if (config.contentType) out.contentType = config.contentType;
  }
  return out;
}
