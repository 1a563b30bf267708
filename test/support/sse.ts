import type { Json } from './api.ts';

export interface SseMessage {
  event: string;
  id: string | null;
  data: Json;
}

export interface SseClient {
  status: number;
  messages: SseMessage[];
  /** Resolves with the messages once `predicate` holds for them; rejects after `timeoutMs`. */
  waitFor(predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number): Promise<SseMessage[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a server-sent-event stream with fetch and parses its messages as they arrive. */
export async function openStream(url: string, token: string | null): Promise<SseClient> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  let buffer = '';
  const ended = (async () => {
    if (!res.body || res.status !== 200) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const at = line.indexOf(':');
            const name = at < 0 ? line : line.slice(0, at);
            fields[name] = (fields[name] ? fields[name] + '\n' : '') + line.slice(at + 1).replace(/^ /, '');
          }
          if (fields.data !== undefined) {
            messages.push({
              event: fields.event ?? 'message',
              id: fields.id ?? null,
              data: JSON.parse(fields.data),
            });
          }
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  return {
    status: res.status,
    messages,
    ended,
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline) {
          throw new Error(`stream condition not met in ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages;
    },
    close: () => abort.abort(),
  };
}
