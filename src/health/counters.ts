/**
 * Deltas of unsigned counters between two samples, surviving wraps and resets.
 *
 * A counter that went down either wrapped (32- or 64-bit) or was reset (reboot, driver reload,
 * `clear counters`). The two look alike; we call it a wrap only when the previous value was close
 * to a register limit and the wrapped delta is small compared with that limit, otherwise a reset,
 * and after a reset the delta is the new value (the counter restarted from zero).
 * When the caller knows a reset happened (the device's boot id changed), it says so.
 */

export type DeltaKind = 'normal' | 'wrap32' | 'wrap64' | 'reset' | 'new' | 'gone';

export interface CounterDelta {
  /** The increase between the two samples, or undefined when it cannot be known. */
  readonly delta: bigint | undefined;
  readonly kind: DeltaKind;
}

export const U32_LIMIT = 1n << 32n;
export const U64_LIMIT = 1n << 64n;

/**
 * A wrap is assumed only when the counter went past its limit by less than this fraction of the
 * limit (1/16): a 32-bit byte counter on a 100G link wraps every 0.34 s, so a plausible 32-bit
 * wrap leaves a small remainder, while a reset leaves a value far below the previous one.
 */
const WRAP_WINDOW_SHIFT = 4n;

function wrapDelta(prev: bigint, cur: bigint, limit: bigint): bigint | undefined {
  if (prev >= limit) return undefined;
  const delta = limit - prev + cur;
  return delta < limit >> WRAP_WINDOW_SHIFT ? delta : undefined;
}

export function counterDelta(
  prev: bigint | undefined,
  cur: bigint | undefined,
  opts: { reset?: boolean } = {},
): CounterDelta {
  if (cur === undefined) return { delta: undefined, kind: 'gone' };
  if (prev === undefined) return { delta: undefined, kind: 'new' };
  if (opts.reset) return { delta: cur, kind: 'reset' };
  if (cur >= prev) return { delta: cur - prev, kind: 'normal' };
  const w32 = wrapDelta(prev, cur, U32_LIMIT);
  if (w32 !== undefined && cur < U32_LIMIT) return { delta: w32, kind: 'wrap32' };
  const w64 = wrapDelta(prev, cur, U64_LIMIT);
  if (w64 !== undefined) return { delta: w64, kind: 'wrap64' };
  return { delta: cur, kind: 'reset' };
}
