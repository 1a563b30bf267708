/**
 * Reads which schema a DATABASE_URL names, so that several installs (or test runs) can share one database:
 * `?schema=name`, or libpq's `?options=-c search_path=name` (the first entry of the path). `schema` is not a
 * PostgreSQL parameter, so it is taken out of the URL handed to the driver.
 */
export function parseDatabaseUrl(url: string): { url: string; schema: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a URL (expected postgres://user@host:5432/database)');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  let schema = parsed.searchParams.get('schema');
  if (schema !== null) parsed.searchParams.delete('schema');
  const options = parsed.searchParams.get('options');
  const fromOptions = options && /(?:^|\s)-c\s*search_path=([^\s,]+)/.exec(options)?.[1];
  schema ??= fromOptions ? fromOptions.replace(/^"(.*)"$/, '$1') : null;
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
    throw new Error(`schema "${schema}" in DATABASE_URL is not a plain identifier (letters, digits, _)`);
  }
  return { url: schema === null ? url : parsed.toString(), schema };
}
