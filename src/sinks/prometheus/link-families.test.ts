import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINK_COUNTERS } from '../../core/link.js';
import type { LinkCounter, LinkObservation } from '../../core/link.js';
import { parseExposition, parseExpositionFamilies, renderExposition, sampleKey } from './exposition.js';
import { counterMetricName, linkFamilies } from './link-families.js';

const PROMTOOL = '/usr/bin/promtool';
const HAVE_PROMTOOL = existsSync(PROMTOOL);

function link(port: string, extra: Partial<LinkObservation> = {}): LinkObservation {
  return { port, counters: {}, laneCounters: {}, raw: new Map(), info: {}, ...extra };
}

const allCounters = Object.fromEntries(LINK_COUNTERS.map((c, i) => [c, BigInt(i + 1)])) as Record<LinkCounter, bigint>;

const LINKS: LinkObservation[] = [
  link('Slot1/SC2KP1', {
    mac: '9c:dc:71:c3:bb:0b',
    description: 'uplink "A"\nrack 3',
    speedMbps: 25000,
    operState: 'up',
    carrier: true,
    counters: { rx_bytes: 567027413n, tx_bytes: 6620140961n, rx_discards: 498455n, rx_crc_errors: 0n, carrier_changes: 4n },
    optics: {
      identifier: 'QSFP28',
      vendor: 'Contoso',
      partNumber: 'QX-100',
      serial: 'S1',
      temperatureC: 41.5,
      voltageV: 4.21,
      lanes: [
        { lane: 1, txBiasMa: 49.01, txPowerMw: 1.263, rxPowerMw: 0.06 },
        { lane: 2, rxPowerMw: 0.03 },
      ],
    },
    info: { firmware_version: '8.11.0', link_status: 'LinkUp' },
  }),
  link('Slot2/SCFCP1', { operState: 'down', carrier: false, speedMbps: 32000, counters: { rx_bytes: 1n } }),
  link('eth9'), // nothing known but its existence
  link('Slot1/SC2KP1', { operState: 'down', counters: { rx_bytes: 1n } }), // listed twice: the first one counts
];

describe('linkFamilies', () => {
  it('renders vendor-neutral series that parse back with the right names, types and values', () => {
    const text = renderExposition(linkFamilies('nic-host', LINKS));
    const samples = parseExposition(text);
    const keys = new Set(samples.map(sampleKey));
    const has = (k: string): void => expect(keys, k).toContain(k);

    has('linkmon_link_info{description="uplink \\"A\\"\\nrack 3",device="nic-host",firmware_version="8.11.0",mac="9c:dc:71:c3:bb:0b",oper_state="up",optic_identifier="QSFP28",optic_part_number="QX-100",optic_serial="S1",optic_vendor="Contoso",port="Slot1/SC2KP1"} 1');
    has('linkmon_link_info{device="nic-host",oper_state="down",port="Slot2/SCFCP1"} 1');
    has('linkmon_link_info{device="nic-host",port="eth9"} 1');
    has('linkmon_link_up{device="nic-host",port="Slot1/SC2KP1"} 1');
    has('linkmon_link_up{device="nic-host",port="Slot2/SCFCP1"} 0');
    has('linkmon_link_speed_bytes_per_second{device="nic-host",port="Slot1/SC2KP1"} 3125000000');
    has('linkmon_link_speed_bytes_per_second{device="nic-host",port="Slot2/SCFCP1"} 4000000000');
    has('linkmon_link_rx_bytes_total{device="nic-host",port="Slot1/SC2KP1"} 567027413');
    has('linkmon_link_rx_bytes_total{device="nic-host",port="Slot2/SCFCP1"} 1');
    has('linkmon_link_tx_bytes_total{device="nic-host",port="Slot1/SC2KP1"} 6620140961');
    has('linkmon_link_rx_discards_total{device="nic-host",port="Slot1/SC2KP1"} 498455');
    has('linkmon_link_rx_crc_errors_total{device="nic-host",port="Slot1/SC2KP1"} 0');
    has('linkmon_link_carrier_changes_total{device="nic-host",port="Slot1/SC2KP1"} 4');
    has('linkmon_link_optic_temperature_celsius{device="nic-host",port="Slot1/SC2KP1"} 41.5');
    has('linkmon_link_optic_voltage_volts{device="nic-host",port="Slot1/SC2KP1"} 4.21');
    has('linkmon_link_optic_tx_bias_amperes{device="nic-host",lane="1",port="Slot1/SC2KP1"} 0.04901');
    has('linkmon_link_optic_tx_power_watts{device="nic-host",lane="1",port="Slot1/SC2KP1"} 0.001263');
    has('linkmon_link_optic_rx_power_watts{device="nic-host",lane="1",port="Slot1/SC2KP1"} 0.00006');
    has('linkmon_link_optic_rx_power_watts{device="nic-host",lane="2",port="Slot1/SC2KP1"} 0.00003');

    // Only what is known: no up series for eth9, no tx bias of lane 2, one series per port.
    expect(samples.filter((s) => s.name === 'linkmon_link_up')).toHaveLength(2);
    expect(samples.filter((s) => s.name === 'linkmon_link_optic_tx_bias_amperes')).toHaveLength(1);
    expect(samples.filter((s) => s.name === 'linkmon_link_info')).toHaveLength(3);
    expect(samples.filter((s) => s.name === 'linkmon_link_rx_bytes_total')).toHaveLength(2);

    const families = parseExpositionFamilies(text);
    expect([...families.keys()]).toEqual([
      'linkmon_link_info',
      'linkmon_link_up',
      'linkmon_link_speed_bytes_per_second',
      'linkmon_link_carrier_changes_total',
      'linkmon_link_rx_bytes_total',
      'linkmon_link_tx_bytes_total',
      'linkmon_link_rx_crc_errors_total',
      'linkmon_link_rx_discards_total',
      'linkmon_link_optic_temperature_celsius',
      'linkmon_link_optic_voltage_volts',
      'linkmon_link_optic_tx_bias_amperes',
      'linkmon_link_optic_tx_power_watts',
      'linkmon_link_optic_rx_power_watts',
    ]);
    for (const [name, meta] of families) {
      expect(meta.type, name).toBe(name.endsWith('_total') ? 'counter' : 'gauge');
      expect(meta.help, name).not.toBe('');
    }
  });

  it('one counter family per LINK_COUNTERS entry present, each ending in _total', () => {
    const families = linkFamilies('d', [link('p', { counters: allCounters })]);
    const counters = families.filter((f) => f.desc.type === 'counter');
    expect(counters.map((f) => f.desc.name)).toEqual(LINK_COUNTERS.map(counterMetricName));
    for (const f of counters) {
      expect(f.desc.name).toMatch(/^linkmon_link_[a-z_]+_total$/);
      expect(f.samples).toHaveLength(1);
    }
    // "bits" is not a base unit to Prometheus: FEC-corrected bits have their own name.
    expect(counterMetricName('fec_corrected_bits')).toBe('linkmon_link_fec_corrected_bit_errors_total');
    expect(counterMetricName('rx_crc_errors')).toBe('linkmon_link_rx_crc_errors_total');
  });

  it('counters are bigint in the model and numbers in the exposition', () => {
    const big = 2n ** 60n + 1n;
    const samples = parseExposition(renderExposition(linkFamilies('d', [link('p', { counters: { rx_bytes: big } })])));
    expect(samples.find((s) => s.name === 'linkmon_link_rx_bytes_total')?.value).toBe(Number(big));
  });

  it('the state: operState decides, carrier alone when there is no operState', () => {
    const up = (l: LinkObservation): number | undefined => linkFamilies('d', [l]).find((f) => f.desc.name === 'linkmon_link_up')?.samples[0]?.value;
    expect(up(link('p', { operState: 'up' }))).toBe(1);
    expect(up(link('p', { operState: 'up', carrier: false }))).toBe(0);
    expect(up(link('p', { operState: 'training', carrier: false }))).toBe(0);
    expect(up(link('p', { carrier: true }))).toBe(1);
    expect(up(link('p', { carrier: false }))).toBe(0);
    expect(up(link('p'))).toBeUndefined();
  });

  it('families without samples are left out; no links, no families', () => {
    expect(linkFamilies('d', [])).toEqual([]);
    expect(linkFamilies('d', [link('p')]).map((f) => f.desc.name)).toEqual(['linkmon_link_info']);
  });
});

describe.skipIf(!HAVE_PROMTOOL)(`promtool check metrics on link series (${HAVE_PROMTOOL ? PROMTOOL : `skipped: ${PROMTOOL} not installed`})`, () => {
  it('accepts every family, every counter included, without a lint problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linkmon-link-families-'));
    try {
      const file = path.join(dir, 'metrics.prom');
      writeFileSync(file, renderExposition(linkFamilies('nic-host', [...LINKS, link('all', { counters: allCounters })])));
      const out = execFileSync('/bin/sh', ['-c', `${PROMTOOL} check metrics < "${file}" 2>&1; echo "rc=$?"`], { encoding: 'utf8' });
      expect(out.trim()).toBe('rc=0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
