import { describe, expect, it } from 'vitest';
import { FAST_POLL, nextFastPoll, startFastPoll, type FastPollState } from './fast-poll-policy.js';

describe('nextFastPoll', () => {
  const table: [string, FastPollState, bigint, FastPollState, boolean][] = [
    ['idle poll slows down ×1.6', { intervalMs: 5000, idlePolls: 0 }, 0n, { intervalMs: 8000, idlePolls: 1 }, false],
    ['idle polls stop at the fifth', { intervalMs: 5000, idlePolls: 4 }, 0n, { intervalMs: 8000, idlePolls: 5 }, true],
    ['idle interval capped at 300 s', { intervalMs: 250_000, idlePolls: 1 }, 0n, { intervalMs: 300_000, idlePolls: 2 }, false],
    ['missed updates speed up ×0.7', { intervalMs: 5000, idlePolls: 3 }, 2n, { intervalMs: 3500, idlePolls: 0 }, false],
    ['missed updates floor at 0.7 s', { intervalMs: 800, idlePolls: 0 }, 5n, { intervalMs: 700, idlePolls: 0 }, false],
    ['exactly one update keeps the pace and resets idleness', { intervalMs: 3500, idlePolls: 2 }, 1n, { intervalMs: 3500, idlePolls: 0 }, false],
  ];
  for (const [name, state, updates, next, stop] of table) {
    it(name, () => {
      const r = nextFastPoll(state, updates);
      expect(r.state.intervalMs).toBeCloseTo(next.intervalMs, 6);
      expect(r.state.idlePolls).toBe(next.idlePolls);
      expect(r.stop).toBe(stop);
    });
  }

  it('starts at 5 s and, left idle, ends after five polls', () => {
    let s = startFastPoll();
    expect(s.intervalMs).toBe(FAST_POLL.startMs);
    const intervals: number[] = [];
    let stopped = false;
    for (let i = 0; i < 5; i++) {
      const r = nextFastPoll(s, 0n);
      intervals.push(Math.round(r.state.intervalMs));
      s = r.state;
      stopped = r.stop;
    }
    expect(intervals).toEqual([8000, 12800, 20480, 32768, 52429]);
    expect(stopped).toBe(true);
  });

  it('converges to the floor under a steady stream of missed updates', () => {
    let s = startFastPoll();
    for (let i = 0; i < 20; i++) s = nextFastPoll(s, 3n).state;
    expect(s.intervalMs).toBe(FAST_POLL.minMs);
  });
});
