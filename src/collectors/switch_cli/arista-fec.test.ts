import { describe, expect, it } from 'vitest';
import { FecRegisterLedger, PortFecLedger } from './arista-fec.js';

const r = (value: number, changes: number) => ({ value: BigInt(value), changes: BigInt(changes) });

describe('FecRegisterLedger', () => {
  it('takes the first reading as the baseline and adds the value of each new update', () => {
    const l = new FecRegisterLedger();
    expect(l.observe(r(7, 10))).toEqual({ counted: 0n, missed: 0n });
    expect(l.observe(r(7, 10))).toEqual({ counted: 0n, missed: 0n }); // same update seen again: not recounted
    expect(l.observe(r(3, 11))).toEqual({ counted: 1n, missed: 0n });
    expect(l.observe(r(5, 12))).toEqual({ counted: 1n, missed: 0n });
    expect(l.total).toBe(8n);
  });

  it('reports missed updates when the change count jumps, counting only the visible value', () => {
    const l = new FecRegisterLedger();
    l.observe(r(0, 4));
    expect(l.observe(r(9, 8))).toEqual({ counted: 1n, missed: 3n });
    expect(l.total).toBe(9n);
    expect(l.missedUpdates).toBe(3n);
  });

  it('counts every update exactly once when fast polls and sweeps interleave', () => {
    const l = new FecRegisterLedger();
    l.observe(r(0, 0)); // sweep baseline
    l.observe(r(4, 1)); // fast poll
    l.observe(r(6, 2)); // fast poll
    l.observe(r(6, 2)); // main sweep sees the same update: no double counting
    l.observe(r(1, 3)); // fast poll
    expect(l.total).toBe(11n);
    expect(l.missedUpdates).toBe(0n);
  });

  it('survives `clear counters` (the change count goes back)', () => {
    const l = new FecRegisterLedger();
    l.observe(r(2, 50));
    l.observe(r(5, 51));
    expect(l.observe(r(3, 1))).toEqual({ counted: 1n, missed: 0n });
    expect(l.total).toBe(8n);
    l.observe(r(0, 0));
    expect(l.total).toBe(8n);
  });
});

describe('PortFecLedger', () => {
  it('returns the larger advance of the two registers', () => {
    const p = new PortFecLedger();
    p.observe({ corrected: r(0, 0), uncorrected: r(0, 0) });
    expect(p.observe({ corrected: r(5, 3), uncorrected: r(1, 1) })).toEqual({ updates: 3n, missed: 2n });
    expect([p.corrected.total, p.uncorrected.total]).toEqual([5n, 1n]);
  });
});
