const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = { operationId?: string; [key: string]: unknown };
type Paths = Record<string, Partial<Record<string, Operation>>>;

/**
 * A client generator names its functions after `operationId`. A route that names its own keeps it; any other is
 * named after its method and path, e.g. `GET /api/v1/devices/{id}/positions` → `getDevicesByIdPositions`, so that
 * every operation has one, unique because method and path are. Vendor facades keep their prefix
 * (`getCompatSigfoxApiDevicesById`), which keeps them apart from the native API's.
 */
export function nameOperations(paths: Paths): void {
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // Routes registered for several methods share one object: give each method its own copy.
      item[method] = { ...operation, operationId: operation.operationId ?? operationName(method, path) };
    }
  }
}

export function operationName(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', ...splitWords(param[1]!)] : splitWords(segment);
    });
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** `message.json` → [message, json]; `geolocs-config` → [geolocs, config]; `locations_export` → [locations, export]. */
const splitWords = (segment: string) => segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
