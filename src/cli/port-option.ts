/** A `--port` value: a whole number from 0 (a free port) to 65535. */
export function portOption(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${text}"`);
  }
  return port;
}
