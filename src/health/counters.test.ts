import { describe, expect, it } from 'vitest';
import { counterDelta, U32_LIMIT, U64_LIMIT } from './counters.js';

describe('counterDelta', () => {
  const cases: [string, bigint | undefined, bigint | undefined, { reset?: boolean }, bigint | undefined, string][] = [
    ['plain increase', 10n, 15n, {}, 5n, 'normal'],
    ['no change', 7n, 7n, {}, 0n, 'normal'],
    ['above 2^53 stays exact', 2n ** 60n + 1n, 2n ** 60n + 3n, {}, 2n, 'normal'],
    ['32-bit wrap', U32_LIMIT - 10n, 5n, {}, 15n, 'wrap32'],
    ['64-bit wrap', U64_LIMIT - 3n, 4n, {}, 7n, 'wrap64'],
    ['reset: value far below previous', 1_000_000n, 12n, {}, 12n, 'reset'],
    ['reset of a 64-bit counter above 2^32', 2n ** 40n, 3n, {}, 3n, 'reset'],
    ['known reset (reboot) even if value grew', 100n, 150n, { reset: true }, 150n, 'reset'],
    ['first sample', undefined, 5n, {}, undefined, 'new'],
    ['counter disappeared', 5n, undefined, {}, undefined, 'gone'],
  ];
  for (const [name, prev, cur, opts, delta, kind] of cases) {
    it(name, () => {
      expect(counterDelta(prev, cur, opts)).toEqual({ delta, kind });
    });
  }

  it('does not call a drop from just under 2^32 to a large value a wrap', () => {
    // previous near the 32-bit limit, new value large: cannot be a 32-bit wrap
    const r = counterDelta(U32_LIMIT - 1n, U32_LIMIT - 2n, {});
    expect(r.kind).toBe('reset');
  });
});
