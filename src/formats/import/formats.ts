/** The importable formats by name, and by file extension: light, for the command line's help and checks. */
export const IMPORT_FORMATS = ['gpx', 'kml', 'geojson', 'csv', 'ndjson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const EXTENSIONS: Record<string, ImportFormat> = {
  gpx: 'gpx',
  kml: 'kml',
  geojson: 'geojson',
  json: 'geojson',
  csv: 'csv',
  tsv: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
};

export const isImportFormat = (name: string): name is ImportFormat =>
  (IMPORT_FORMATS as readonly string[]).includes(name);

/** The format of a file by its extension, or null. */
export function formatOfFile(name: string): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (ext ? EXTENSIONS[ext] : undefined) ?? null;
}
