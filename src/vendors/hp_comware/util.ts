/**
 * Small helpers shared by the HP Comware parsers, the driver and the simulator: port names,
 * counters, durations, optical power.
 */

/**
 * Comware's short interface type names (display link-state-change, priority-flow-control, brief
 * tables) → the full names `display interface` prints. Keys are lower case.
 */
const TYPE_NAMES: ReadonlyMap<string, string> = new Map(
  (
    [
      ['HGE', 'HundredGigE'],
      ['HundredGigE', 'HundredGigE'],
      ['FGE', 'FortyGigE'],
      ['FortyGigE', 'FortyGigE'],
      ['WGE', 'TwentyFiveGigE'],
      ['TwentyFiveGigE', 'TwentyFiveGigE'],
      ['XGE', 'Ten-GigabitEthernet'],
      ['Ten-GigabitEthernet', 'Ten-GigabitEthernet'],
      ['GE', 'GigabitEthernet'],
      ['GigabitEthernet', 'GigabitEthernet'],
      ['M-GE', 'M-GigabitEthernet'],
      ['M-GigabitEthernet', 'M-GigabitEthernet'],
      ['BAGG', 'Bridge-Aggregation'],
      ['Bridge-Aggregation', 'Bridge-Aggregation'],
    ] as const
  ).map(([k, v]) => [k.toLowerCase(), v]),
);

const PORT_NAME_RE = /^([A-Za-z][A-Za-z-]*?)(\d[\d/:.]*)$/;

/**
 * The full interface name for a short or differently cased one: `HGE2/0/1` and
 * `hundredgige2/0/1` → `HundredGigE2/0/1`. Names of unknown types are returned unchanged.
 */
export function normalizePortName(name: string): string {
  const m = PORT_NAME_RE.exec(name);
  if (!m) return name;
  const full = TYPE_NAMES.get((m[1] as string).toLowerCase());
  return full === undefined ? name : `${full}${m[2] as string}`;
}

const HGE_RE = /^HundredGigE(\d+)\/0\/(\d+)$/;

/** Slot and port of a `HundredGigE<slot>/0/<port>` name (any form normalizePortName accepts). */
export function hgeSlotPort(name: string): { slot: number; port: number } | undefined {
  const m = HGE_RE.exec(normalizePortName(name));
  return m ? { slot: Number(m[1]), port: Number(m[2]) } : undefined;
}

export function hgeName(slot: number, port: number): string {
  return `HundredGigE${slot}/0/${port}`;
}

/** A decimal counter as printed, or undefined for `-` (not supported) and anything else. */
export function count(text: string | undefined): bigint | undefined {
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}

/** A decimal number (integer or fraction, maybe negative), or undefined (`NA`, `N/A`, `--`, …). */
export function num(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}

const DURATION_PART_RE = /^(\d+)\s*(weeks?|days?|hours?|minutes?|seconds?)$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { week: 604_800, day: 86_400, hour: 3600, minute: 60, second: 1 };

/**
 * Seconds in a Comware duration: `20 weeks 1 days 1 hours 14 minutes`,
 * `55 weeks, 3 days, 12 hours, 29 minutes`, `55 weeks,3 days,12 hours,30 minutes`,
 * `6 hours 39 minutes 25 seconds`. Undefined for anything else (`Never`).
 */
export function durationSeconds(text: string): number | undefined {
  const words = text.trim().replace(/,/g, ' ').split(/\s+/);
  if (words.length < 2 || words.length % 2 !== 0) return undefined;
  let total = 0;
  for (let i = 0; i < words.length; i += 2) {
    const m = DURATION_PART_RE.exec(`${words[i] as string} ${words[i + 1] as string}`);
    if (!m) return undefined;
    const unit = (m[2] as string).replace(/s$/, '');
    total += Number(m[1]) * (UNIT_SECONDS[unit] ?? 0);
  }
  return total;
}

/** dBm → mW, rounded to 0.1 µW (`-inf`/very low powers become 0). */
export function dbmToMw(dbm: number): number {
  return Math.round(10 ** (dbm / 10) * 10_000) / 10_000;
}

/** `5477-8a3b-0601` → `54:77:8a:3b:06:01`. */
export function comwareMacToColons(mac: string): string {
  const hex = mac.replace(/-/g, '').toLowerCase();
  return hex.replace(/(..)(?!$)/g, '$1:');
}

/**
 * Sets a property named by device text without touching the prototype: `__proto__` becomes an own
 * data property (the only key a plain assignment would not store as data). Plain assignment for
 * every other key keeps the objects fast.
 */
export function setField<V>(obj: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function hasField(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
