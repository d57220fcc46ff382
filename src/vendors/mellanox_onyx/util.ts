/**
 * Small pure helpers shared by the Onyx (MLNX-OS) parsers: u64 counters, own-property records,
 * speeds, durations and rates as Onyx prints them. Not a parser (no Parser export).
 */

export const U64_MAX = (1n << 64n) - 1n;

/** A run of decimal digits (already checked) as a u64, or undefined above 2^64-1. */
export function u64Digits(digits: string): bigint | undefined {
  if (digits.length < 20) return BigInt(digits);
  if (digits.length > 20) return undefined;
  const v = BigInt(digits);
  return v <= U64_MAX ? v : undefined;
}

/** A decimal u64 counter, or undefined when the text is not one (sign, hex, overflow, empty). */
export function u64(text: string): bigint | undefined {
  if (text.length === 0 || text.length > 20 || !/^\d+$/.test(text)) return undefined;
  const v = BigInt(text);
  // Up to 19 digits is always below 2^64.
  return text.length < 20 || v <= U64_MAX ? v : undefined;
}

/** Sets an own enumerable property (a key such as `__proto__` stays data, never a prototype). */
export function setOwn<V>(obj: Record<string, V>, key: string, value: V): void {
  // Plain assignment is much cheaper (hot path); only `__proto__` needs defineProperty.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Adds `key: value`; a repeated key keeps both values (joined with a newline) rather than dropping one. */
export function addField(fields: Record<string, string>, key: string, value: string): void {
  // Object.prototype has no string-valued members: a string here is a value set before.
  const prev: unknown = fields[key];
  setOwn(fields, key, typeof prev === 'string' ? `${prev}\n${value}` : value);
}

const SPEED_RE = /^(\d+(?:\.\d+)?)\s*([GM])(?:b(?:ps|\/s)?)?(?:x(\d+))?$/i;

/**
 * An Onyx speed: `100Gx4` (100 Gb/s over 4 lanes), `400Gx8`, `25G`, `100 Gbps` (MLNX-OS 3.6),
 * `10M`. Returns Mb/s and the lane count when given; undefined for `Unknown`, `N/A`, ….
 */
export function parseSpeed(text: string): { mbps: number; lanes?: number } | undefined {
  const m = SPEED_RE.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const mbps = Math.round((m[2] ?? '').toUpperCase() === 'G' ? n * 1000 : n);
  return m[3] === undefined ? { mbps } : { mbps, lanes: Number(m[3]) };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1 };
const DURATION_TOKEN_RE = /^(\d+(?:\.\d+)?)([ywdhms])$/i;
const CLOCK_RE = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/;

/**
 * Durations as Onyx prints them: `242d 19h 6m 36.416s` (show version uptime),
 * `4w 3d and 11:36:29` / `0:00:48` (last change of operational status). Seconds, or undefined.
 */
export function parseDuration(text: string): number | undefined {
  const tokens = text.trim().split(/\s+/);
  let total = 0;
  let any = false;
  for (const t of tokens) {
    if (t === 'and' || t === '') continue;
    const unit = DURATION_TOKEN_RE.exec(t);
    if (unit) {
      total += Number(unit[1]) * (DURATION_UNITS[(unit[2] ?? '').toLowerCase()] ?? 0);
      any = true;
      continue;
    }
    const clock = CLOCK_RE.exec(t);
    if (clock) {
      total += Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
      any = true;
      continue;
    }
    return undefined;
  }
  // Sums of decimal fractions (36.416) pick up binary noise: keep milliseconds.
  return any ? Math.round(total * 1000) / 1000 : undefined;
}

const RATE_UNITS: Readonly<Record<string, number>> = { 'b/s': 1, 'Kb/s': 1e3, 'Mb/s': 1e6, 'Gb/s': 1e9, 'Tb/s': 1e12 };

/** `5.29972 Mb/s` → 5299720 (bits per second, rounded); undefined for an unknown unit. */
export function parseRate(value: string, unit: string): number | undefined {
  const mult = RATE_UNITS[unit];
  const n = Number(value);
  if (mult === undefined || !Number.isFinite(n)) return undefined;
  return Math.round(n * mult);
}

/** The first number of a value such as `26 C`, `3.28980 V`, `1.01420 mW / 0.06124 dBm`; undefined for N/A. */
export function leadingNumber(value: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)(?:\s|$)/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

/** A number column of a table (`129.40`, `-`, `N/A`): undefined when not a number. */
export function numberOrUndefined(text: string): number | undefined {
  return /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/** Onyx port ids: `1/1`, `1/31/2` (split port). */
export const PORT_ID_RE = /^\d+(?:\/\d+){1,2}$/;
