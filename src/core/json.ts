/**
 * Defensive readers of parsed JSON (Redfish resources, eAPI answers): never throw, answer
 * undefined (or an empty list) for anything of another shape.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value at a path of object keys, or undefined. */
export function at(v: unknown, ...keys: readonly string[]): unknown {
  let cur = v;
  for (const k of keys) {
    const o = asObj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

/** A finite number, or undefined. */
export function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The `@odata.id` of a Redfish navigation property (`{"Thermal": {"@odata.id": …}}`), or undefined. */
export function odataLink(resource: unknown, prop: string): string | undefined {
  const id = at(resource, prop, '@odata.id');
  return typeof id === 'string' && id !== '' ? id : undefined;
}
