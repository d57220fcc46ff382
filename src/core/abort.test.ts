import { describe, expect, it } from 'vitest';
import { onAbort } from './abort.js';

describe('onAbort', () => {
  it('calls every registered callback once, except cancelled ones, with a single listener', () => {
    const c = new AbortController();
    const calls: number[] = [];
    let added = 0;
    const add = c.signal.addEventListener.bind(c.signal);
    c.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof c.signal.addEventListener;
    const cancels = Array.from({ length: 1000 }, (_, i) => onAbort(c.signal, () => calls.push(i)));
    cancels[3]!();
    c.abort();
    c.abort();
    expect(added).toBe(1);
    expect(calls).toHaveLength(999);
    expect(calls).not.toContain(3);
  });

  it('ignores an absent or already aborted signal', () => {
    const c = new AbortController();
    c.abort();
    let called = false;
    onAbort(c.signal, () => (called = true))();
    onAbort(undefined, () => (called = true))();
    expect(called).toBe(false);
  });
});
