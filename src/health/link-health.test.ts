import { describe, expect, it } from 'vitest';
import type { DeviceSample, LinkObservation } from '../core/link.js';
import type { Target } from '../core/target.js';
import { U32_LIMIT } from './counters.js';
import { compareDeviceSamples, compareLinks } from './link-health.js';
import { buildChangeReport } from './report.js';

function link(port: string, counters: LinkObservation['counters'], extra: Partial<LinkObservation> = {}): LinkObservation {
  return { port, operState: 'up', carrier: true, counters, laneCounters: {}, raw: new Map(), info: {}, ...extra };
}

describe('compareLinks: states of the seed classification', () => {
  const base = { carrier_changes: 2n, rx_bytes: 1_000_000n, rx_crc_errors: 0n, rx_symbol_errors: 0n, fec_corrected_bits: 0n };
  const cases: [string, Partial<typeof base>, Partial<LinkObservation>, string][] = [
    ['nothing happened', {}, {}, 'GOOD'],
    ['one flap (down + up)', { carrier_changes: 4n }, {}, 'FLAP'],
    ['flap wins over errors', { carrier_changes: 3n, rx_crc_errors: 9n }, {}, 'FLAP'],
    ['down link', {}, { operState: 'down', carrier: false }, 'BAD'],
    ['admin down (carrier unreadable)', {}, { operState: 'down', carrier: undefined }, 'BAD'],
    ['operstate unknown but carrier present', {}, { operState: 'unknown', carrier: true }, 'GOOD'],
    ['operstate unknown without carrier', {}, { operState: 'unknown', carrier: false }, 'BAD'],
    ['lower layer down', {}, { operState: 'lowerlayerdown', carrier: false }, 'BAD'],
    ['CRC errors', { rx_crc_errors: 1n }, {}, 'UNCORRECTED_ERRORS'],
    ['symbol (PCS) errors', { rx_symbol_errors: 2n }, {}, 'UNCORRECTED_ERRORS'],
    ['corrected bits above 1 per KiB', { rx_bytes: 1_000_000n + 10_240n, fec_corrected_bits: 11n }, {}, 'MANY_CORRECTED_ERRORS'],
    ['corrected bits at most 1 per KiB', { rx_bytes: 1_000_000n + 10_240n, fec_corrected_bits: 10n }, {}, 'SOME_CORRECTED'],
    ['corrected on an idle link', { fec_corrected_bits: 2n }, {}, 'MANY_CORRECTED_ERRORS'],
  ];
  for (const [name, after, extra, state] of cases) {
    it(name, () => {
      const c = compareLinks('n1', link('p', base), link('p', { ...base, ...after }, extra), 1000);
      expect(c.health).toBe(state);
    });
  }

  it('counts flaps as carrier transitions and explains them', () => {
    const c = compareLinks('n1', link('p', base), link('p', { ...base, carrier_changes: 6n }), 1000);
    expect(c.flaps).toBe(4n);
    expect(c.reasons).toContain('4 carrier changes');
  });

  it('falls back to link-down events when carrier_changes is unknown', () => {
    const c = compareLinks('n1', link('p', { link_down_events: 1n }), link('p', { link_down_events: 2n }), 1000);
    expect(c.flaps).toBe(1n);
    expect(c.health).toBe('FLAP');
  });

  it('uses FEC codewords when corrected bits are unknown, and sums uncorrectable codewords as errors', () => {
    const b = { rx_bytes: 0n, fec_corrected_codewords: 10n, fec_uncorrected_codewords: 0n };
    const some = compareLinks('n', link('p', b), link('p', { ...b, rx_bytes: 1n << 30n, fec_corrected_codewords: 20n }), 1000);
    expect([some.health, some.correctedUnit, some.corrected]).toEqual(['SOME_CORRECTED', 'codewords', 10n]);
    const bad = compareLinks('n', link('p', b), link('p', { ...b, fec_uncorrected_codewords: 3n }), 1000);
    expect([bad.health, bad.uncorrected]).toEqual(['UNCORRECTED_ERRORS', 3n]);
  });

  it('survives a 32-bit wrap of the byte counter without inventing errors', () => {
    const c = compareLinks('n', link('p', { rx_bytes: U32_LIMIT - 100n, rx_crc_errors: 5n }), link('p', { rx_bytes: 50n, rx_crc_errors: 5n }), 1000);
    expect(c.deltas.rx_bytes).toBe(150n);
    expect(c.discontinuities.rx_bytes).toBe('wrap32');
    expect(c.health).toBe('GOOD');
  });

  it('after `clear counters` (values drop to near zero) counts from zero', () => {
    const c = compareLinks('n', link('p', { rx_bytes: 10n ** 12n, rx_crc_errors: 500n }), link('p', { rx_bytes: 4096n, rx_crc_errors: 1n }), 1000);
    expect(c.deltas.rx_crc_errors).toBe(1n);
    expect(c.discontinuities.rx_crc_errors).toBe('reset');
    expect(c.health).toBe('UNCORRECTED_ERRORS');
    expect(c.reasons).toContain('rx_crc_errors was reset');
  });

  it('honours a custom corrected-per-KiB threshold', () => {
    const c = compareLinks('n', link('p', { rx_bytes: 0n, fec_corrected_bits: 0n }), link('p', { rx_bytes: 1024n * 100n, fec_corrected_bits: 150n }), 1000, {
      manyCorrectedPerKib: 2,
    });
    expect(c.health).toBe('SOME_CORRECTED');
  });
});

describe('compareDeviceSamples and change reports', () => {
  const target: Target = { id: 'n1', kind: 'node', host: 'n1', labels: {}, credentials: {}, source: 'test' };
  const sample = (t: number, links: LinkObservation[], extra: Partial<DeviceSample> = {}): DeviceSample => ({
    target, kind: 'node', timestampMs: t, durationMs: 5, reachable: true, links, errors: [], bootId: 'boot-a', ...extra,
  });

  it('marks a port present in only one sample BAD with the side it was missing from', () => {
    const changes = compareDeviceSamples(sample(0, [link('a', {}), link('gone', {})]), sample(1000, [link('a', {}), link('new', {})]));
    const by = Object.fromEntries(changes.map((c) => [c.port, c]));
    expect(by.a?.health).toBe('GOOD');
    expect([by.gone?.health, by.gone?.missing]).toEqual(['BAD', 'after']);
    expect([by.new?.health, by.new?.missing]).toEqual(['BAD', 'before']);
  });

  it('treats every counter as restarted when the boot id changed (reboot)', () => {
    const before = sample(0, [link('a', { carrier_changes: 50n, rx_crc_errors: 3n })]);
    const after = sample(1000, [link('a', { carrier_changes: 52n, rx_crc_errors: 7n })], { bootId: 'boot-b' });
    const [c] = compareDeviceSamples(before, after);
    expect(c?.deltas.rx_crc_errors).toBe(7n);
    expect(c?.flaps).toBe(52n);
    expect(c?.health).toBe('FLAP');
  });

  it('gives a failed device an error row and keeps its errors; counts states', () => {
    const other: Target = { ...target, id: 'n2', host: 'n2' };
    const from = { index: 0, startedMs: 0, endedMs: 10, samples: [sample(0, [link('a', { carrier_changes: 2n })]), { ...sample(0, []), target: other }] };
    const failed = { ...sample(1000, []), target: other, reachable: false };
    const to = { index: 1, startedMs: 1000, endedMs: 1010, samples: [sample(1000, [link('a', { carrier_changes: 4n })]), failed] };
    const r = buildChangeReport(from, to);
    expect(r.failedDevices).toBe(1);
    expect(r.counts).toEqual({ FLAP: 1 });
    expect(r.devices.find((d) => d.device === 'n2')?.ok).toBe(false);
    expect(r.devices.find((d) => d.device === 'n2')?.changes).toEqual([]);
  });
});
