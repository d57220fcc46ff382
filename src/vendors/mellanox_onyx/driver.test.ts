import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/errors.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import {
  classifyOnyxCommand,
  mellanoxOnyxDriver as driver,
  ONYX_BASE_COMMANDS,
  onyxHealth,
  portIdOf,
} from './index.js';
import { splitOnyxSession } from './test-session.js';

const { dialect } = driver;

describe('dialect', () => {
  it('prompts: standard, enable and config modes, any HA role; not output lines', () => {
    for (const p of [
      'sc-r15ra1-100gsw64-hpe [standalone: master] > ',
      'sc-r15ra1-100gsw64-hpe [standalone: master] >',
      'switch-b7b218 [standalone: master] # ',
      'sw1 [standalone: master] (config) # ',
      'sw1 [standalone: master] (config interface ethernet 1/1) # ',
      'leaf-2 [mlag-cluster: standby] > ',
    ]) {
      expect(dialect.prompt.test(p), p).toBe(true);
    }
    for (const p of ['Eth1/1:', '  Rx:', 'Hostname        : sw1', 'Port 1/1 state', 'lines 1-24 ', '']) {
      expect(dialect.prompt.test(p), p).toBe(false);
    }
  });

  it('setup and exit as the real session sends them', () => {
    expect(dialect.setup).toEqual(['no cli session paging enable']);
    expect(dialect.exit).toEqual(['exit']);
  });

  it('refused: Onyx errors, except the no-diagnostics answer of `trans diag`', () => {
    expect(dialect.refused.test('% Unrecognized command "foo".')).toBe(true);
    expect(dialect.refused.test('% Incomplete command.')).toBe(true);
    expect(dialect.refused.test('% Unrecognized command "1/65".')).toBe(true);
    expect(dialect.refused.test('% Unrecognized command "diag".')).toBe(false);
    expect(dialect.refused.test('% Unrecognized command "diagnostics".')).toBe(false);
    expect(dialect.refused.test('  Operational state                : Up')).toBe(false);
    expect(dialect.refused.test('Type "show int eth 1/1 trans ?" for help.')).toBe(false);
  });
});

describe('sweepCommands', () => {
  it('later sweeps: base commands, trans + trans diag per port, then trans count per port', () => {
    const cmds = driver.sweepCommands({ ports: ['Eth1/1', 'Eth1/2', 'Eth1/31/2', 'Eth1/1', 'Po1', 'Eth1/1; reload'] });
    expect(cmds).toEqual([
      'show int eth',
      'show interfaces ethernet counters pfc prio 5',
      'show interfaces ethernet counters tc 5',
      'show int ethernet rates',
      'show version',
      'show inventory',
      'show power',
      'show temperature',
      'show fan',
      'show hosts',
      'show int eth 1/1 trans',
      'show int eth 1/1 trans diag',
      'show int eth 1/2 trans',
      'show int eth 1/2 trans diag',
      'show int eth 1/31/2 trans',
      'show int eth 1/31/2 trans diag',
      'show int eth 1/1 trans count',
      'show int eth 1/2 trans count',
      'show int eth 1/31/2 trans count',
    ]);
  });

  it('first sweep (no ports known): the base commands only', () => {
    expect(driver.sweepCommands({ ports: [] })).toEqual(ONYX_BASE_COMMANDS);
  });

  it('every command classifies to a registered parser', () => {
    for (const c of driver.sweepCommands({ ports: ['Eth1/1', 'Eth1/31/2'] })) {
      const k = classifyOnyxCommand(c);
      expect(k, c).toBeDefined();
      expect(driver.parsers[k?.id ?? ''], c).toBeDefined();
    }
  });

  it('classification accepts abbreviations and full keywords, nothing else', () => {
    expect(classifyOnyxCommand('show interfaces ethernet 1/3 transceiver diagnostics')).toEqual({
      id: 'show_interfaces_ethernet_transceiver_diagnostics',
      portId: '1/3',
    });
    expect(classifyOnyxCommand('sh int eth counters pfc prio 5')?.id).toBe('show_interfaces_ethernet_counters_pfc_prio_5');
    expect(classifyOnyxCommand('show int eth rates')?.id).toBe('show_interfaces_ethernet_rates');
    expect(classifyOnyxCommand('show int eth counters pfc prio 4')).toBeUndefined();
    expect(classifyOnyxCommand('show int eth x/1 trans')).toBeUndefined();
    expect(classifyOnyxCommand('no cli session paging enable')).toBeUndefined();
    expect(portIdOf('Eth1/31/2')).toBe('1/31/2');
    expect(portIdOf('mgmt0')).toBeUndefined();
  });
});

describe('map: errors, never throws', () => {
  it('no outputs at all: one error for show int eth, one warning per other base command, no links', () => {
    const r = driver.map(new Map(), 'sw1');
    expect(r.links).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.severity])).toEqual([
      [ErrorCodes.SWITCH_COMMAND_REFUSED, 'error'],
      ...Array.from({ length: 9 }, () => [ErrorCodes.SWITCH_COMMAND_REFUSED, 'warning']),
    ]);
    expect(r.errors.every((e) => e.target === 'sw1')).toBe(true);
    expect(r.info).toEqual({ vendor: 'hpe', psus: [], temperatures: [], fans: [] });
  });

  it('garbage everywhere: warnings, no exception', () => {
    const outputs = new Map(driver.sweepCommands({ ports: ['Eth1/1'] }).map((c) => [c, 'garbage\n\x00\x1b[2J}{\n  : :\n'] as const));
    const r = driver.map(outputs, 'sw1');
    expect(r.links).toEqual([]);
    expect(r.errors.some((e) => e.code === ErrorCodes.PARSE_UNMATCHED)).toBe(true);
  });

  it('probes of ports that show int eth does not list are dropped without a warning; a refused base command warns', () => {
    const eth = 'Eth1/1:\n  Admin state : Enabled\n  Operational state : Up\n';
    const outputs = new Map<string, string>([
      ['show int eth', eth],
      ['show version', '% Unrecognized command "version".\nType "show ?" for help.\n'],
      ['show int eth 1/1 trans count', '\nRx\nphy corrected bits  5\n'],
      ['show int eth 1/2 trans count', '% Unrecognized command "1/2".\nType "show int eth ?" for help.\n'],
      ['show int eth 1/3 trans count', '\nRx\nphy corrected bits  7\n'],
    ]);
    const r = driver.map(outputs, 'sw1');
    expect(r.links.map((l) => [l.port, l.counters.fec_corrected_bits])).toEqual([['Eth1/1', 5n]]);
    expect(r.errors.filter((e) => e.message.includes('1/2') || e.message.includes('1/3'))).toEqual([]);
    expect(r.errors.some((e) => e.message.startsWith('show version: refused: % Unrecognized command "version".'))).toBe(true);
  });

  it('`trans diag` refused for lack of diagnostics: info.dom, no warning; other per-port refusals: one warning per command kind', () => {
    const eth = 'Eth1/1:\n  Operational state : Up\nEth1/2:\n  Operational state : Up\n';
    const outputs = new Map<string, string>([
      ['show int eth', eth],
      ['show int eth 1/1 trans diag', '% Unrecognized command "diag".\nType "show int eth 1/1 trans ?" for help.\n'],
      ['show int eth 1/1 trans', '% Internal error\n'],
      ['show int eth 1/2 trans', '% Internal error\n'],
      ['show int eth 1/2 trans diag', '% Internal error\n'],
    ]);
    const r = driver.map(outputs, 'sw1');
    expect(r.links[0]?.info.dom).toBe('unsupported');
    const trans = r.errors.filter((e) => e.message.startsWith('show int eth <port> trans:'));
    expect(trans).toHaveLength(1);
    expect(trans[0]?.message).toContain('refused on 2 port(s)');
    expect(r.links[1]?.info.dom).toBeUndefined();
    // Only Eth1/2's diag, refused for another reason, is a warning.
    expect(r.errors.filter((e) => e.message.includes('diag')).map((e) => e.message)).toEqual([
      'show int eth <port> trans diag: refused on 1 port(s) (first: Eth1/2: % Internal error)',
    ]);
  });

  it('health of PSUs, sensors and fans on the seed scale', () => {
    expect(onyxHealth('OK')).toBe(0);
    expect(onyxHealth('NOT PRESENT')).toBe(1);
    expect(onyxHealth('FAIL')).toBe(2);
    expect(onyxHealth('N/A')).toBe(3);
  });
});

describe.skipIf(!SHARED_AVAILABLE)('map: the real session (../shared/fixtures)', () => {
  const session = SHARED_AVAILABLE ? splitOnyxSession(readFileSync(sharedFixture('cluster-captures/switch/onyx.session.txt'), 'utf8')) : [];
  const outputs = new Map(session.map((s) => [s.command, s.output] as const));
  const r = driver.map(outputs, 'sc-r15ra1-100gsw64-hpe');
  const link = (port: string) => r.links.find((l) => l.port === port);

  it('no errors or warnings', () => {
    expect(r.errors.map((e) => e.toLine())).toEqual([]);
  });

  it('links with the real counters', () => {
    expect(r.links.map((l) => l.port)).toEqual(['Eth1/1', 'Eth1/2', 'Eth1/3', 'Eth1/4']);
    const p1 = link('Eth1/1');
    expect(p1).toMatchObject({
      mac: '1c:34:da:23:70:88',
      description: 'L3 to sc-r15ra1-100gsw256-hpe',
      speedMbps: 100_000,
      maxSpeedMbps: 100_000,
      operState: 'up',
      carrier: true,
    });
    expect(p1?.counters).toEqual({
      carrier_changes: 0n,
      rx_bytes: 194051945361319n,
      tx_bytes: 346534268726503n,
      rx_packets: 51390474362n,
      tx_packets: 86559458605n,
      rx_errors: 0n,
      tx_errors: 0n,
      rx_crc_errors: 0n,
      rx_runts: 3n,
      rx_discards: 0n,
      tx_discards: 0n,
      rx_pfc_frames: 176960073n,
      tx_pfc_frames: 60912335n,
      fec_corrected_bits: 0n,
      rx_symbol_errors: 0n,
    });
    expect(p1?.laneCounters).toEqual({ fec_corrected_bits: [0n, 0n, 0n, 0n] });
    expect(p1?.raw.get('int.rx.pause_packets')).toBe(1413097n);
    expect(p1?.raw.get('tc5.bytes')).toBe(14563380658372016n);
    expect(p1?.raw.get('trans.phy_received_bits')).toBe(252337830400000000n);
    expect(p1?.info).toMatchObject({
      fec_configured: 'auto',
      fec_active: 'rs-fec',
      raw_ber: '15E-255',
      effective_ber: '15E-255',
      ingress_rate_bps: '5299720',
      transceiver_type: '200GBASE-CR4',
      cable_type: 'Passive copper, unequalized',
      dom: 'unsupported',
    });
    expect(p1?.optics).toEqual({
      identifier: 'QSFP56',
      vendor: 'Amphenal',
      partNumber: 'NDAAXF-0003',
      revision: 'D',
      serial: 'APF23240038CW8',
      lanes: [],
    });
    const p2 = link('Eth1/2');
    expect(p2?.counters).toMatchObject({ rx_errors: 7n, rx_crc_errors: 1n, fec_corrected_bits: 3n, rx_symbol_errors: 2n });
    expect(p2?.optics?.temperatureC).toBe(26);
    expect(p2?.optics?.lanes[3]).toEqual({ lane: 4, txBiasMa: 6.9, txPowerMw: 0.9605, rxPowerMw: 0.975 });
    const p3 = link('Eth1/3');
    expect(p3).toMatchObject({ operState: 'down', carrier: false });
    expect(p3?.speedMbps).toBeUndefined();
    expect(p3?.description).toBeUndefined();
    expect(p3?.counters.carrier_changes).toBe(0n);
    expect(p3?.info.fec_active).toBeUndefined();
    expect(p3?.laneCounters).toEqual({});
    expect(p3?.raw.get('trans.edpl_bip_errors_lane3')).toBe(0n);
  });

  it('switch facts', () => {
    expect(r.info).toMatchObject({
      hostname: 'sc-r15ra1-100gsw64-hpe',
      vendor: 'hpe',
      model: 'R6R24-63001',
      firmwareVersion: '3.10.4302',
      serial: '1I025105HJ',
      uptimeSeconds: 242 * 86400 + 19 * 3600 + 6 * 60 + 36.416,
    });
    expect(r.info.psus).toEqual([
      { name: 'PS1', health: 0, value: 129.4 },
      { name: 'PS2', health: 0, value: 129.17 },
    ]);
    expect(r.info.temperatures).toHaveLength(11);
    expect(r.info.temperatures[0]).toEqual({ name: 'MGMT SPC2 T1', health: 0, value: 50 });
    expect(r.info.temperatures.slice(9)).toEqual([
      { name: 'TEST added by theo1 T1', health: 1 },
      { name: 'TEST added by theo2 T1', health: 2, value: 12.34 },
    ]);
    expect(r.info.fans).toHaveLength(12);
    expect(r.info.fans[0]).toEqual({ name: 'FAN1 FAN F1', health: 0, value: 11938 });
    expect(r.info.fans.slice(10).map((f) => f.health)).toEqual([1, 2]);
  });
});
