/** Values a template may name: `{device}`, `{customData#temperature}`… */
export type TemplateVariables = Record<string, string | number | boolean | null | undefined>;

/** How a value is written where it lands: raw, URL-encoded, or escaped inside a JSON string. */
export type Encoding = 'raw' | 'url' | 'json';

// Names only (letters, digits, "_", "-", "#"), so that the braces of a JSON body template are left alone.
const VARIABLE = /\{([A-Za-z_][\w#-]*)\}/g;

/** Replaces each known `{name}` with its value; unknown names stay as written, so a typo is visible. */
export function renderTemplate(
  template: string,
  vars: TemplateVariables,
  encoding: Encoding = 'raw',
): string {
  return template.replace(VARIABLE, (whole, name: string) => {
    if (!(name in vars)) return whole;
    const text = vars[name] == null ? '' : String(vars[name]);
    if (encoding === 'url') return encodeURIComponent(text);
    if (encoding === 'json') return JSON.stringify(text).slice(1, -1);
    return text;
  });
}

/** Variable names a template uses, to check them when a callback is saved. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map((m) => m[1]!);
}
