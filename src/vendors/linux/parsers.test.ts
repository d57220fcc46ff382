import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import type { ParseResult, Unmatched } from '../../core/parser.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { ethtoolParser } from './ethtool.js';
import { ethtoolIParser } from './ethtool_i.js';
import { ethtoolMParser } from './ethtool_m.js';
import { ethtoolSParser } from './ethtool_s.js';
import { ethtoolShowFecParser } from './ethtool_show_fec.js';
import { linuxParsers } from './index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function only<R>(result: ParseResult<R>): R {
  expect(result.records).toHaveLength(1);
  return result.records[0] as R;
}

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

describe('linuxParsers registry', () => {
  it('is keyed by id, and ids equal the file names', () => {
    expect(Object.keys(linuxParsers).sort()).toEqual(['ethtool', 'ethtool_i', 'ethtool_m', 'ethtool_s', 'ethtool_show_fec']);
    for (const [id, p] of Object.entries(linuxParsers)) {
      expect(p.id).toBe(id);
      expect(existsSync(path.join(HERE, `${id}.ts`))).toBe(true);
      expect(p.command.startsWith('ethtool')).toBe(true);
    }
  });

  it('every parser returns nothing for empty or blank input', () => {
    for (const p of Object.values(linuxParsers)) {
      expect(p.parse('')).toEqual({ records: [], unmatched: [] });
      expect(p.parse('\n  \n\t\n')).toEqual({ records: [], unmatched: [] });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Targeted unit tests
// ---------------------------------------------------------------------------------------------

describe('ethtool -S: bigint precision and line numbers', () => {
  it('keeps full u64 precision (above 2^53, up to 2^64-1)', () => {
    const r = ethtoolSParser.parse(
      'NIC statistics:\n     a: 9007199254740993\n     b: 9007199254740992\n     c: 18446744073709551615\n',
    );
    expect(r.unmatched).toEqual([]);
    expect(r.records.map((s) => s.value)).toEqual([9007199254740993n, 9007199254740992n, 18446744073709551615n]);
    expect(typeof r.records[0]?.value).toBe('bigint');
    expect(r.records[0]?.value).not.toBe(r.records[1]?.value);
    expect(r.records[2]?.value).toBe(2n ** 64n - 1n);
  });

  it('reports values outside u64, signs, hex and empty values as unmatched', () => {
    const r = ethtoolSParser.parse('x: 18446744073709551616\ny: -1\nz: 0x10\nw:\nok: 00000000000000000000001\n');
    expect(r.records).toEqual([{ name: 'ok', value: 1n }]);
    expect(r.unmatched.map((u) => u.line)).toEqual([1, 2, 3, 4]);
  });

  it('gives 1-based line numbers counting blank lines, with \\n or \\r\\n, with or without final newline', () => {
    for (const nl of ['\n', '\r\n']) {
      const raw = ['NIC statistics:', '     rx: 1', '', 'junk here', '     tx: 2', '', '  ???'].join(nl);
      const r = ethtoolSParser.parse(raw);
      expect(r.records).toEqual([
        { name: 'rx', value: 1n },
        { name: 'tx', value: 2n },
      ]);
      expect(r.unmatched).toEqual<Unmatched[]>([
        { line: 4, text: 'junk here' },
        { line: 7, text: '  ???' },
      ]);
      expect(ethtoolSParser.parse(raw + nl)).toEqual(r);
    }
  });

  it('keeps names verbatim (trimmed): dots, hyphens, brackets, spaces, colons', () => {
    const r = ethtoolSParser.parse('  port.rx_bytes: 1\n\ttx-0.packets: 2\n rx_q[3]_drops :  3\n  tx timeout count: 4\n  a:b: 5\n');
    expect(r.unmatched).toEqual([]);
    expect(r.records.map((s) => s.name)).toEqual(['port.rx_bytes', 'tx-0.packets', 'rx_q[3]_drops', 'tx timeout count', 'a:b']);
  });

  it('is linear: parses 200k counters', () => {
    const n = 200_000;
    const raw = `NIC statistics:\n${Array.from({ length: n }, (_, i) => `     rx_queue_${i}_packets: ${i}`).join('\n')}\n`;
    const r = ethtoolSParser.parse(raw);
    expect(r.records).toHaveLength(n);
    expect(r.records[n - 1]).toEqual({ name: `rx_queue_${n - 1}_packets`, value: BigInt(n - 1) });
  });
});

describe('ethtool <if>: unit', () => {
  it('Speed: Unknown! leaves speedMbps undefined; Link detected: no', () => {
    const rec = only(ethtoolParser.parse('Settings for eth9:\n\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tLink detected: no\n'));
    expect(rec.speedMbps).toBeUndefined();
    expect(rec.linkDetected).toBe(false);
    expect(rec.fields.Speed).toBe('Unknown!');
    expect(rec.maxSupportedSpeedMbps).toBeUndefined();
  });

  it('a colon-less line after a single-line key is unmatched, with its line number', () => {
    const r = ethtoolParser.parse('Settings for eth9:\n\tSpeed: 1000Mb/s\n\t        stray words\n\tLink detected: yes\n');
    expect(r.unmatched).toEqual([{ line: 3, text: '\t        stray words' }]);
    expect(only(r).speedMbps).toBe(1000);
  });
});

describe('ethtool -I --show-fec: unit', () => {
  it('per-lane values must follow a statistic in order', () => {
    const r = ethtoolShowFecParser.parse('FEC parameters for x:\nStatistics:\n    Lane 0: 1\n  corrected_blocks: 3\n    Lane 1: 3\n');
    expect(r.unmatched.map((u) => u.line)).toEqual([3, 5]);
    expect(only(r).stats.corrected_blocks).toEqual({ total: 3n, lanes: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Real captures from ../shared/fixtures (skipped visibly when the folder is absent)
// ---------------------------------------------------------------------------------------------

const NODE_DIR = 'cluster-captures/node/mlx5-node/command_outputs';
const JC_DIR = 'public/jc-linux/tests/fixtures/generic';
const FEC_DIR = 'public/ethtool-fec';
const S_DRIVERS = ['mlx5_core', 'i40e', 'i40e-v2.3.2k', 'ice', 'e1000e', 'virtio_net', 'iavf'];

/** Capture annotations added by whoever saved the file; they are not command output. */
const ANNOTATION_RE = /^\s*<NOTE:.*>\s*$/;

function parserIdForNodeFile(f: string): string | undefined {
  if (f.startsWith('ethtool_-S_')) return 'ethtool_s';
  if (f.startsWith('ethtool_-i_')) return 'ethtool_i';
  if (f.startsWith('ethtool_-m_')) return 'ethtool_m';
  if (/^ethtool_[^-]/.test(f)) return 'ethtool';
  return undefined;
}

interface Capture {
  id: string;
  rel: string;
}

function sharedCaptures(): Capture[] {
  if (!SHARED_AVAILABLE) return [];
  const out: Capture[] = [];
  for (const f of readdirSync(sharedFixture(NODE_DIR)).sort()) {
    const id = parserIdForNodeFile(f);
    if (id) out.push({ id, rel: `${NODE_DIR}/${f}` });
  }
  for (const d of S_DRIVERS) out.push({ id: 'ethtool_s', rel: `public/ethtool-S/${d}` });
  for (const f of readdirSync(sharedFixture(FEC_DIR)).sort()) {
    // fbnic_eth_phy_group.txt is `ethtool -S --groups` output, not show-fec.
    if (f.endsWith('.txt') && f !== 'fbnic_eth_phy_group.txt') out.push({ id: 'ethtool_show_fec', rel: `${FEC_DIR}/${f}` });
  }
  for (const f of readdirSync(sharedFixture(JC_DIR)).sort()) {
    if (!f.startsWith('ethtool--') || !f.endsWith('.out')) continue;
    out.push({ id: f.startsWith('ethtool--module-info') ? 'ethtool_m' : 'ethtool', rel: `${JC_DIR}/${f}` });
  }
  return out;
}

function parseShared<R>(parser: { parse(raw: string): ParseResult<R> }, rel: string): ParseResult<R> {
  return parser.parse(read(sharedFixture(rel)));
}

describe.skipIf(!SHARED_AVAILABLE)('shared captures (../shared/fixtures)', () => {
  const captures = sharedCaptures();
  const placeholders = captures.filter((c) => read(sharedFixture(c.rel)).startsWith('<NOTE'));
  const real = captures.filter((c) => !placeholders.includes(c));

  it('found the expected captures', () => {
    expect(real.filter((c) => c.id === 'ethtool').length).toBe(8);
    expect(real.filter((c) => c.id === 'ethtool_s').length).toBe(8);
    expect(real.filter((c) => c.id === 'ethtool_i').length).toBe(1);
    expect(real.filter((c) => c.id === 'ethtool_m').length).toBe(3);
    expect(real.filter((c) => c.id === 'ethtool_show_fec').length).toBe(4);
    // 1G `ethtool -S` placeholders: the caller's problem, not parsed here.
    expect(placeholders.map((c) => path.basename(c.rel))).toEqual(['ethtool_-S_eno1', 'ethtool_-S_eno2', 'ethtool_-S_eno3', 'ethtool_-S_eno4']);
  });

  it.each(real.map((c) => [`${c.id} ${c.rel}`, c] as const))('%s: one+ records, nothing unmatched', (_label, c) => {
    const parser = linuxParsers[c.id];
    const r = parser?.parse(read(sharedFixture(c.rel)));
    expect(r?.records.length).toBeGreaterThan(0);
    // Only the capture's own annotation lines (e.g. "<NOTE: rest of file truncated>") may remain.
    expect(r?.unmatched.filter((u) => !ANNOTATION_RE.test(u.text))).toEqual([]);
  });

  describe('ethtool <if>', () => {
    it('mlx5 enp94s0: 100G, FEC modes, message level continuation', () => {
      const rec = only(parseShared(ethtoolParser, `${NODE_DIR}/ethtool_enp94s0`));
      expect(rec.ifname).toBe('enp94s0');
      expect(rec.speedMbps).toBe(100000);
      expect(rec.maxSupportedSpeedMbps).toBe(100000);
      expect(rec.duplex).toBe('Full');
      expect(rec.autoneg).toBe(true);
      expect(rec.port).toBe('FIBRE');
      expect(rec.linkDetected).toBe(true);
      expect(rec.supportedLinkModes).toHaveLength(15);
      expect(rec.supportedLinkModes.at(-1)).toBe('100000baseLR4_ER4/Full');
      expect(rec.advertisedLinkModes).toEqual(rec.supportedLinkModes);
      expect(rec.supportedFecModes).toEqual(['None', 'RS', 'BASER']);
      expect(rec.advertisedFecModes).toEqual(['RS']);
      expect(rec.fields['Current message level']).toBe('0x00000004 (4) link');
      expect(rec.fields['Advertised pause frame use']).toBe('No');
    });

    it('eno3: link down, Speed: Unknown!', () => {
      const rec = only(parseShared(ethtoolParser, `${NODE_DIR}/ethtool_eno3`));
      expect(rec.speedMbps).toBeUndefined();
      expect(rec.duplex).toBe('Unknown! (255)');
      expect(rec.linkDetected).toBe(false);
      expect(rec.maxSupportedSpeedMbps).toBe(1000);
      expect(rec.supportedLinkModes).toEqual(['10baseT/Half', '10baseT/Full', '100baseT/Half', '100baseT/Full', '1000baseT/Full']);
      expect(rec.fields['Current message level']).toBe('0x00000007 (7) drv probe link');
    });

    it('eno1: 10GBASE-T, max supported 10000', () => {
      const rec = only(parseShared(ethtoolParser, `${NODE_DIR}/ethtool_eno1`));
      expect(rec.speedMbps).toBe(1000);
      expect(rec.maxSupportedSpeedMbps).toBe(10000);
      expect(rec.supportedFecModes).toEqual([]);
    });

    it.each(['default1', 'default2', 'link-partner-advertised-link-modes'])('jc %s: agrees with jc expectations', (name) => {
      const rec = only(parseShared(ethtoolParser, `${JC_DIR}/ethtool--${name}.out`));
      const jc = JSON.parse(read(sharedFixture(`${JC_DIR}/ethtool--${name}.json`))) as Record<string, unknown>;
      expect(rec.ifname).toBe(jc.name);
      expect(rec.supportedLinkModes).toEqual(jc.supported_link_modes);
      expect(rec.advertisedLinkModes).toEqual(jc.advertised_link_modes);
      expect(rec.supportedFecModes).toEqual(jc.supported_fec_modes);
      expect(rec.advertisedFecModes).toEqual(jc.advertised_fec_modes);
      expect(rec.duplex).toBe(jc.duplex);
      expect(rec.port).toBe(jc.port);
      expect(rec.linkDetected).toBe(jc.link_detected);
      expect((rec.speedMbps ?? 0) * 1_000_000).toBe(jc.speed_bps);
      expect(rec.fields['Current message level']).toBe((jc.current_message_level as string[]).join(' '));
      if (jc.link_partner_advertised_link_modes) {
        expect(rec.fields['Link partner advertised link modes']).toBe((jc.link_partner_advertised_link_modes as string[]).join(' '));
      }
    });
  });

  describe('ethtool -i <if>', () => {
    it('mlx5 enp94s0', () => {
      const rec = only(parseShared(ethtoolIParser, `${NODE_DIR}/ethtool_-i_enp94s0`));
      expect(rec.driver).toBe('mlx5_core');
      expect(rec.version).toBe('23.10-3.2.2');
      expect(rec.firmwareVersion).toBe('16.32.2004 (DEL0000000005)');
      expect(rec.busInfo).toBe('0000:5e:00.0');
      expect(rec.fields['expansion-rom-version']).toBe('');
      expect(rec.fields['supports-priv-flags']).toBe('yes');
      expect(Object.keys(rec.fields)).toHaveLength(10);
    });
  });

  describe('ethtool -S <if>', () => {
    it('mlx5 enp94s0 capture: phy counters; the truncation annotation is reported, not hidden', () => {
      const r = parseShared(ethtoolSParser, `${NODE_DIR}/ethtool_-S_enp94s0`);
      const byName = new Map(r.records.map((s) => [s.name, s.value]));
      expect(r.records).toHaveLength(248);
      expect(r.records[0]).toEqual({ name: 'rx_packets', value: 2697653372n });
      expect(byName.get('rx_bytes')).toBe(4766979192291n);
      expect(byName.get('rx_bytes_phy')).toBe(4777803712535n);
      expect(byName.get('rx_corrected_bits_phy')).toBe(0n);
      expect(byName.get('rx_err_lane_3_phy')).toBe(0n);
      expect(r.unmatched).toEqual([{ line: 250, text: '     <NOTE: rest of file truncated>' }]);
    });

    it.each(S_DRIVERS)('%s: every counter, in order, equal to an independent line-by-line reading', (driver) => {
      const raw = read(sharedFixture(`public/ethtool-S/${driver}`));
      const expected = raw
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && l !== 'NIC statistics:')
        .map((l) => {
          const m = /^(.*?)\s*:\s*(\d+)$/.exec(l);
          if (!m) throw new Error(`unexpected line in ${driver}: ${l}`);
          return { name: m[1], value: BigInt(m[2] ?? '') };
        });
      const r = ethtoolSParser.parse(raw);
      expect(r.unmatched).toEqual([]);
      expect(r.records).toEqual(expected);
    });

    it('specific real values', () => {
      const get = (driver: string, name: string): bigint | undefined =>
        parseShared(ethtoolSParser, `public/ethtool-S/${driver}`).records.find((s) => s.name === name)?.value;
      expect(get('mlx5_core', 'rx_bytes_phy')).toBe(2202570777997n);
      expect(get('i40e', 'port.rx_bytes')).toBe(30388004820195n);
      expect(get('i40e-v2.3.2k', 'port.rx_bytes')).toBe(35954341339678n);
      expect(get('i40e-v2.3.2k', 'tx-0.packets')).toBe(36459363750n);
      expect(get('ice', 'rx_bytes.nic')).toBe(848255752n);
      expect(get('ice', 'tx_queue_0_bytes')).toBe(338n);
      expect(get('iavf', 'tx-15.bytes')).toBe(84n);
      expect(get('virtio_net', 'tx_queue_1_bytes')).toBe(18293525171n);
      expect(get('e1000e', 'rx_bytes')).toBe(703224479n);
    });
  });

  describe('ethtool -I --show-fec <if>', () => {
    it('per-lane example: corrected_blocks 256 = [255, 1]', () => {
      const rec = only(parseShared(ethtoolShowFecParser, `${FEC_DIR}/fec_per_lane_example.txt`));
      expect(rec.ifname).toBe('eth0');
      expect(rec.configuredEncodings).toEqual(['None']);
      expect(rec.activeEncoding).toBe('None');
      expect(rec.stats.corrected_blocks).toEqual({ total: 256n, lanes: [255n, 1n] });
      expect(rec.stats.uncorrectable_blocks).toEqual({ total: 145n, lanes: [128n, 17n] });
      expect(rec.histogram).toEqual([]);
    });

    it('ice and fbnic real devices', () => {
      const ice = only(parseShared(ethtoolShowFecParser, `${FEC_DIR}/ice_show_fec_stats.txt`));
      expect(ice.ifname).toBe('ens21f0np0');
      expect(ice.configuredEncodings).toEqual(['Auto', 'RS', 'BaseR']);
      expect(ice.activeEncoding).toBe('RS');
      expect(ice.stats).toEqual({ corrected_blocks: { total: 0n, lanes: [] }, uncorrectable_blocks: { total: 0n, lanes: [] } });
      const fbnic = only(parseShared(ethtoolShowFecParser, `${FEC_DIR}/fbnic_show_fec_stats.txt`));
      expect(fbnic.configuredEncodings).toEqual(['RS']);
      expect(Object.keys(fbnic.stats)).toEqual(['corrected_blocks', 'uncorrectable_blocks']);
    });

    it('histogram text agrees with the same data in ethtool -j form', () => {
      const rec = only(parseShared(ethtoolShowFecParser, `${FEC_DIR}/fec_hist_text.txt`));
      const [j] = JSON.parse(read(sharedFixture(`${FEC_DIR}/fec_hist_json.json`))) as [
        {
          ifname: string;
          config: string[];
          active: string[];
          statistics: Record<string, { total: number }> & {
            hist: { bin_low: number; bin_high: number; total: number; lanes?: number[] }[];
          };
        },
      ];
      expect(rec.ifname).toBe(j.ifname);
      expect(rec.configuredEncodings).toEqual(j.config);
      expect([rec.activeEncoding]).toEqual(j.active);
      expect(rec.stats.corrected_blocks?.total).toBe(BigInt(j.statistics.corrected_blocks?.total ?? -1));
      expect(rec.stats.uncorrectable_blocks?.total).toBe(BigInt(j.statistics.uncorrectable_blocks?.total ?? -1));
      expect(rec.histogram).toEqual(
        j.statistics.hist.map((b) => ({
          low: b.bin_low,
          high: b.bin_high,
          total: BigInt(b.total),
          lanes: (b.lanes ?? []).map((v) => BigInt(v)),
        })),
      );
    });
  });

  describe('ethtool -m <if>', () => {
    it('QSFP28 SR4 (SFF-8636) on enp94s0', () => {
      const rec = only(parseShared(ethtoolMParser, `${NODE_DIR}/ethtool_-m_enp94s0`));
      expect(rec.identifier).toBe('0x11 (QSFP28)');
      expect(rec.vendorName).toBe('Arista Networks');
      expect(rec.vendorOui).toBe('00:1c:73');
      expect(rec.vendorPn).toBe('QSFP-100G-SR4');
      expect(rec.vendorRev).toBe('20');
      expect(rec.vendorSn).toBe('ADP1838004XW');
      expect(rec.temperatureC).toBe(44.69);
      expect(rec.voltageV).toBe(3.2971);
      expect(rec.lanes).toEqual([
        { lane: 1, txBiasMa: 8.11, txPowerMw: 0.8938, rxPowerMw: 0.8468 },
        { lane: 2, txBiasMa: 8.11, txPowerMw: 0.8945, rxPowerMw: 0.8364 },
        { lane: 3, txBiasMa: 8.11, txPowerMw: 0.932, rxPowerMw: 1.0164 },
        { lane: 4, txBiasMa: 8.11, txPowerMw: 0.9063, rxPowerMw: 0.7225 },
      ]);
      expect(rec.alarms).toHaveLength(16 + 8 + 16 + 16); // bias, module, tx power, rx power
      expect(rec.alarms.every((a) => !a.on)).toBe(true);
      expect(rec.fields).toHaveLength(119);
      expect(rec.fields.filter((f) => f.key === 'Extended identifier description')).toHaveLength(3);
    });

    it('jc module-info: SFP DAC without DOM, empty Vendor rev; agrees with jc', () => {
      const rec = only(parseShared(ethtoolMParser, `${JC_DIR}/ethtool--module-info.out`));
      const jc = JSON.parse(read(sharedFixture(`${JC_DIR}/ethtool--module-info.json`))) as Record<string, unknown>;
      expect(rec.identifier).toBe(jc.identifier);
      expect(rec.vendorName).toBe(jc.vendor_name);
      expect(rec.vendorOui).toBe(jc.vendor_oui);
      expect(rec.vendorPn).toBe(jc.vendor_pn);
      expect(rec.vendorRev).toBe('');
      expect(rec.vendorRev).toBe(jc.vendor_rev);
      expect(rec.vendorSn).toBeUndefined();
      expect(rec.lanes).toEqual([]);
      expect(rec.fields.filter((f) => f.key === 'Transceiver type').map((f) => f.value)).toEqual(jc.transceiver_type);
    });

    it('jc module-info-convert-units: SFP single lane with DOM; agrees with jc', () => {
      const rec = only(parseShared(ethtoolMParser, `${JC_DIR}/ethtool--module-info-convert-units.out`));
      const jc = JSON.parse(read(sharedFixture(`${JC_DIR}/ethtool--module-info-convert-units.json`))) as Record<string, unknown>;
      expect(rec.vendorName).toBe('EDGE');
      expect(rec.vendorSn).toBe(jc.vendor_sn);
      expect(rec.temperatureC).toBe(jc.module_temperature_celsius);
      expect(rec.voltageV).toBe(3.2995);
      expect(rec.lanes).toEqual([
        {
          lane: 1,
          txBiasMa: jc.laser_bias_current_ma,
          txPowerMw: jc.laser_output_power_mw,
          rxPowerMw: jc.receiver_signal_average_optical_power_mw,
        },
      ]);
      expect(rec.alarms.filter((a) => a.on).map((a) => a.key)).toEqual(['Laser rx power low alarm', 'Laser rx power low warning']);
      expect(jc.laser_rx_power_low_alarm).toBe('On');
    });
  });
});
