import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../core/parser.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { classifyOnyxCommand, mellanoxOnyxDialect, mellanoxOnyxParsers } from './index.js';
import { showFanParser } from './show_fan.js';
import { showHostsParser } from './show_hosts.js';
import { showInterfacesEthernetParser } from './show_interfaces_ethernet.js';
import { showInterfacesEthernetCountersPfcPrio5Parser } from './show_interfaces_ethernet_counters_pfc_prio_5.js';
import { showInterfacesEthernetCountersTc5Parser } from './show_interfaces_ethernet_counters_tc_5.js';
import { showInterfacesEthernetRatesParser } from './show_interfaces_ethernet_rates.js';
import { showInterfacesEthernetTransceiverParser } from './show_interfaces_ethernet_transceiver.js';
import { showInterfacesEthernetTransceiverCountersParser } from './show_interfaces_ethernet_transceiver_counters.js';
import { showInterfacesEthernetTransceiverDiagnosticsParser } from './show_interfaces_ethernet_transceiver_diagnostics.js';
import { showInventoryParser } from './show_inventory.js';
import { showPowerParser } from './show_power.js';
import { showTemperatureParser } from './show_temperature.js';
import { showVersionParser } from './show_version.js';
import { splitOnyxSession } from './test-session.js';
import { parseDuration, parseSpeed } from './util.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTDATA = path.join(HERE, 'testdata');

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

describe('mellanoxOnyxParsers registry', () => {
  it('is keyed by id; ids equal the file names and the full keywords of the command', () => {
    expect(Object.keys(mellanoxOnyxParsers).sort()).toEqual([
      'show_fan',
      'show_hosts',
      'show_interfaces_ethernet',
      'show_interfaces_ethernet_counters_pfc_prio_5',
      'show_interfaces_ethernet_counters_tc_5',
      'show_interfaces_ethernet_rates',
      'show_interfaces_ethernet_transceiver',
      'show_interfaces_ethernet_transceiver_counters',
      'show_interfaces_ethernet_transceiver_diagnostics',
      'show_inventory',
      'show_power',
      'show_temperature',
      'show_version',
    ]);
    for (const [id, p] of Object.entries(mellanoxOnyxParsers)) {
      expect(p.id).toBe(id);
      expect(existsSync(path.join(HERE, `${id}.ts`))).toBe(true);
      // The documented command, with a real port, classifies back to the parser.
      expect(classifyOnyxCommand(p.command.replace('<slot>/<port>', '1/1'))?.id, p.command).toBe(id);
    }
  });

  it('every parser returns nothing for empty or blank input', () => {
    for (const p of Object.values(mellanoxOnyxParsers)) {
      expect(p.parse(''), p.id).toEqual({ records: [], unmatched: [] });
      expect(p.parse('\n  \n\t\n'), p.id).toEqual({ records: [], unmatched: [] });
    }
  });

  it('every parser reports a refusal as unmatched instead of inventing a record', () => {
    const refusal = '% Unrecognized command "diag".\nType "show int eth 1/1 trans ?" for help.\n';
    for (const p of Object.values(mellanoxOnyxParsers)) {
      const r = p.parse(refusal);
      expect(r.unmatched.length, p.id).toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Targeted unit tests
// ---------------------------------------------------------------------------------------------

describe('helpers', () => {
  it('speeds: 100Gx4, 400Gx8, 25G, 100 Gbps, 10M; Unknown', () => {
    expect(parseSpeed('100Gx4')).toEqual({ mbps: 100_000, lanes: 4 });
    expect(parseSpeed('400Gx8')).toEqual({ mbps: 400_000, lanes: 8 });
    expect(parseSpeed('25G')).toEqual({ mbps: 25_000 });
    expect(parseSpeed('100 Gbps')).toEqual({ mbps: 100_000 });
    expect(parseSpeed('10M')).toEqual({ mbps: 10 });
    expect(parseSpeed('Unknown')).toBeUndefined();
  });

  it('durations: uptime and last-change ages', () => {
    expect(parseDuration('242d 19h 6m 36.416s')).toBe(242 * 86400 + 19 * 3600 + 6 * 60 + 36.416);
    expect(parseDuration('4w 3d and 11:36:29')).toBe(31 * 86400 + 11 * 3600 + 36 * 60 + 29);
    expect(parseDuration('0:00:48')).toBe(48);
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('show int eth: unit', () => {
  it('keeps u64 counters exact and reports larger ones', () => {
    const raw = 'Eth1/1:\n  Rx:\n    18446744073709551615  bytes\n    18446744073709551616  packets\n';
    const r = showInterfacesEthernetParser.parse(raw);
    expect(only(r).rx).toEqual({ bytes: 2n ** 64n - 1n });
    expect(r.unmatched).toEqual([{ line: 4, text: '    18446744073709551616  packets' }]);
  });

  it('an unreadable oper-change count is reported, not guessed', () => {
    const r = showInterfacesEthernetParser.parse('Eth1/1:\n  Last change in operational status: 0:00:48 ago\n');
    expect(only(r).operChanges).toBeUndefined();
    expect(r.unmatched.map((u) => u.line)).toEqual([2]);
  });

  it('`(N oper change)` and `Never`', () => {
    const r = showInterfacesEthernetParser.parse(
      'Eth1/1:\n  Last change in operational status: 4w 3d and 11:36:29 ago (12 oper change)\nEth1/2:\n  Last change in operational status: Never\n',
    );
    expect(r.records.map((x) => x.operChanges)).toEqual([12n, 0n]);
    expect(r.records[0]?.lastChangeAgeSeconds).toBe(31 * 86400 + 11 * 3600 + 36 * 60 + 29);
  });

  it('is linear: parses 1920 port blocks in one output', () => {
    const block = read(path.join(TESTDATA, 'show_interfaces_ethernet', 'up_l3_down_never_admin_down.raw'));
    const many = Array.from({ length: 640 }, (_, i) => block.replace(/Eth1\/(\d)/g, `Eth${i + 10}/$1`)).join('');
    const r = showInterfacesEthernetParser.parse(many);
    expect(r.records).toHaveLength(640 * 3);
    expect(r.unmatched).toEqual([]);
    expect(r.records.at(-1)?.port).toBe('Eth649/3');
  });
});

describe('trans count: BER', () => {
  it('15E-255 means no errors; BER text and value', () => {
    const r = only(
      showInterfacesEthernetTransceiverCountersParser.parse(
        'Rx\nphy corrected bits  1\nraw_ber_magnitude  255\nraw_ber_coef  15\neffective_ber_magnitude  9\neffective_ber_coef  3\n',
      ),
    );
    expect(r.rawBer).toEqual({ magnitude: 255, coefficient: 15, value: 1.5e-254, text: '15E-255' });
    expect(r.effectiveBer?.value).toBe(3e-9);
  });
});

// ---------------------------------------------------------------------------------------------
// The real session from ../shared/fixtures (skipped visibly when the folder is absent)
// ---------------------------------------------------------------------------------------------

const SESSION = 'cluster-captures/switch/onyx.session.txt';

describe.skipIf(!SHARED_AVAILABLE)('real Onyx session (../shared/fixtures)', () => {
  const session = SHARED_AVAILABLE ? splitOnyxSession(read(sharedFixture(SESSION))) : [];
  const out = (command: string): string => {
    const hit = session.find((s) => s.command === command);
    if (!hit) throw new Error(`no "${command}" in the capture`);
    return hit.output;
  };

  it('splits into the expected commands', () => {
    expect(session.map((s) => s.command)).toEqual([
      'no cli session paging enable',
      'show int eth',
      'show int eth counters pfc prio 5',
      'show int eth counters tc 5',
      'show int eth rates',
      'show version',
      'show inventory',
      'show power',
      'show temperature',
      'show fan',
      'show hosts',
      ...[1, 2, 3, 4].map((i) => `show int eth 1/${i} trans`),
      ...[1, 2, 3, 4].map((i) => `show int eth 1/${i} trans diag`),
      'show hosts',
      ...[1, 2, 3, 4].map((i) => `show int eth 1/${i} trans count`),
    ]);
  });

  it('every output of a sweep command parses with no unmatched line; the refused ones are the no-DOM diag', () => {
    let parsed = 0;
    for (const s of session) {
      if (s.command === 'no cli session paging enable') {
        expect(s.output.trim()).toBe('');
        continue;
      }
      const c = classifyOnyxCommand(s.command);
      expect(c, s.command).toBeDefined();
      if (/^% /m.test(s.output)) {
        expect(s.command).toMatch(/trans diag$/);
        expect(s.output.split('\n')[0]).toBe('% Unrecognized command "diag".');
        // Not a refusal for the session: map turns it into info.dom = 'unsupported'.
        expect(s.output.split('\n').some((l) => mellanoxOnyxDialect.refused.test(l))).toBe(false);
        continue;
      }
      const r = mellanoxOnyxParsers[c?.id ?? '']?.parse(s.output);
      expect(r?.unmatched, s.command).toEqual([]);
      expect(r?.records.length, s.command).toBeGreaterThan(0);
      parsed++;
    }
    expect(parsed).toBe(20);
  });

  it('show int eth: four ports with their real values', () => {
    const r = showInterfacesEthernetParser.parse(out('show int eth'));
    expect(r.records.map((x) => x.port)).toEqual(['Eth1/1', 'Eth1/2', 'Eth1/3', 'Eth1/4']);
    const [p1, p2, p3] = r.records;
    expect(p1?.operState).toBe('Up');
    expect(p1?.operChanges).toBe(0n);
    expect(p1?.lastChange).toBe('4w 3d and 11:36:29 ago');
    expect(p1?.description).toBe('L3 to sc-r15ra1-100gsw256-hpe');
    expect(p1?.mac).toBe('1c:34:da:23:70:88');
    expect(p1?.speedMbps).toBe(100_000);
    expect(p1?.speedLanes).toBe(4);
    expect(p1?.operationalFec).toBe('rs-fec');
    expect(p1?.rx.bytes).toBe(194051945361319n);
    expect(p1?.rx['undersize packets']).toBe(3n);
    expect(p1?.rx['pause packets']).toBe(1413097n);
    expect(p1?.tx.bytes).toBe(346534268726503n);
    expect(p1?.lists['IPv4 address']).toEqual(['10.250.226.154/31 [primary]']);
    expect(p1?.fields.VRF).toBe('cs1data');
    expect(p2?.rx['error packets']).toBe(7n);
    expect(p2?.rx['fcs errors']).toBe(1n);
    expect(p3?.lastChange).toBe('Never');
    expect(p3?.operChanges).toBe(0n);
    expect(p3?.speedMbps).toBeUndefined();
    expect(p3?.rx['discard packets by storm control']).toBe(0n);
  });

  it('PFC, TC (above 2^53) and rates', () => {
    const pfc = showInterfacesEthernetCountersPfcPrio5Parser.parse(out('show int eth counters pfc prio 5')).records;
    expect(pfc[0]).toEqual({
      port: 'Eth1/1',
      priority: 5,
      rx: { 'pause packets': 176960073n, 'pause duration': 2544856457n },
      tx: { 'pause packets': 60912335n, 'pause duration': 89983092n },
    });
    const tc = showInterfacesEthernetCountersTc5Parser.parse(out('show int eth counters tc 5')).records;
    expect(tc[0]?.counters.bytes).toBe(14563380658372016n);
    expect(tc[2]?.counters.packets).toBe(3591369105488n);
    const rates = showInterfacesEthernetRatesParser.parse(out('show int eth rates')).records;
    expect(rates[0]).toEqual({
      port: 'Eth1/1',
      ingressRate: '5.29972 Mb/s',
      ingressBitsPerSec: 5_299_720,
      ingressPacketsPerSec: 177,
      egressRate: '2.87984 Mb/s',
      egressBitsPerSec: 2_879_840,
      egressPacketsPerSec: 56,
    });
    expect(rates[2]?.ingressBitsPerSec).toBe(1216);
  });

  it('version, inventory, power, temperature, fan, hosts', () => {
    const v = only(showVersionParser.parse(out('show version')));
    expect(v.productName).toBe('Onyx');
    expect(v.productRelease).toBe('3.10.4302');
    expect(v.serial).toBe('1I025105HJ');
    expect(v.uptimeSeconds).toBe(242 * 86400 + 19 * 3600 + 6 * 60 + 36.416);
    const inv = showInventoryParser.parse(out('show inventory')).records;
    expect(inv[0]).toEqual({ module: 'CHASSIS', partNumber: 'R6R24-63001', serialNumber: '1I025105HJ', asicRev: 'N/A', hwRev: 'B1' });
    expect(inv).toHaveLength(7);
    const power = only(showPowerParser.parse(out('show power')));
    expect(power.supplies.map((s) => [s.module, s.powerW, s.status])).toEqual([
      ['PS1', 129.4, 'OK'],
      ['PS2', 129.17, 'OK'],
    ]);
    expect(power.totals['Total power used']).toBe('258.57 Watts');
    const temps = showTemperatureParser.parse(out('show temperature')).records;
    expect(temps).toHaveLength(11);
    expect(temps[1]).toEqual({ module: 'MGMT', component: 'FAN Board AMB temp', reg: 'T1', celsius: 23.69, status: 'OK' });
    expect(temps[9]).toEqual({ module: 'TEST', component: 'added by theo1', reg: 'T1', status: 'NOT PRESENT' });
    expect(temps[10]?.status).toBe('FAIL');
    const fans = showFanParser.parse(out('show fan')).records;
    expect(fans).toHaveLength(12);
    expect(fans[0]).toEqual({ module: 'FAN1', device: 'FAN', fan: 'F1', rpm: 11938, status: 'OK' });
    expect(fans[10]).toEqual({ module: 'TEST', device: 'added by theo1', fan: '-', status: 'NOT PRESENT' });
    const hosts = only(showHostsParser.parse(out('show hosts')));
    expect(hosts.hostname).toBe('sc-r15ra1-100gsw64-hpe');
    expect(hosts.lists['Name servers']).toEqual(['172.28.243.5 configured']);
  });

  it('transceiver, diagnostics, counters', () => {
    const t = only(showInterfacesEthernetTransceiverParser.parse(out('show int eth 1/1 trans')));
    expect(t).toMatchObject({
      port: 'Eth1/1',
      present: true,
      identifier: 'QSFP56',
      cableType: 'Passive copper, unequalized',
      speedAndType: '200GBASE-CR4',
      vendor: 'Amphenal',
      partNumber: 'NDAAXF-0003',
      revision: 'D',
      serial: 'APF23240038CW8',
    });
    const d = only(showInterfacesEthernetTransceiverDiagnosticsParser.parse(out('show int eth 1/2 trans diag')));
    expect(d.temperatureC).toBe(26);
    expect(d.voltageV).toBe(3.2898);
    expect(d.lanes[0]).toEqual({ lane: 1, txBiasMa: 6.6, txPowerMw: 1.0142, txPowerDbm: 0.06124, rxPowerMw: 0.9916, rxPowerDbm: -0.03663 });
    expect(d.lanes).toHaveLength(4);
    expect(d.vendorDateCode).toBe('07-11-2016');
    const c2 = only(showInterfacesEthernetTransceiverCountersParser.parse(out('show int eth 1/2 trans count')));
    expect(c2.phyReceivedBits).toBe(252338498500000000n);
    expect(c2.phySymbolErrors).toBe(2n);
    expect(c2.phyCorrectedBits).toBe(3n);
    expect(c2.rsCorrectedSymbolsLanes).toEqual([0n, 0n, 0n, 0n]);
    expect(c2.rawBer?.text).toBe('15E-255');
    const c3 = only(showInterfacesEthernetTransceiverCountersParser.parse(out('show int eth 1/3 trans count')));
    expect(c3.edplBipErrorsLanes).toEqual([0n, 0n, 0n, 0n]);
    expect(c3.rsCorrectedSymbolsLanes).toEqual([]);
  });
});

describe.skipIf(!SHARED_AVAILABLE)('MLNX-OS JSON snippets (public/onyx-ansible): field names agree', () => {
  const FIX = 'public/onyx-ansible/tests/unit/modules/fixtures';
  it('show version text and JSON name the same fields the parser reads', () => {
    const v = only(showVersionParser.parse(read(sharedFixture(`${FIX}/onyx_command_show_version.txt`))));
    expect(v.productName).toBe('MLNX-OS');
    expect(v.serial).toBe('MT1632X00205');
    expect(v.uptimeSeconds).toBe(86400 + 16 * 3600 + 31 * 60 + 43.856);
    const j = JSON.parse(read(sharedFixture(`${FIX}/onyx_facts_show_version.cfg`))) as Record<string, string>;
    for (const key of ['Product name', 'Product release', 'Product model', 'System serial num', 'Uptime']) {
      expect(Object.keys(v.fields)).toContain(key);
      expect(j[key], key).toBeDefined();
    }
  });

  it('show interfaces ethernet JSON uses the keys the text parser maps, and its speeds parse', () => {
    const j = JSON.parse(read(sharedFixture(`${FIX}/onyx_interfaces_show.cfg`))) as Record<string, unknown>[];
    const eth = j[0] as Record<string, unknown>;
    for (const key of ['Admin state', 'Operational state', 'Last change in operational status', 'Description', 'Mac address', 'MTU', 'Fec', 'Actual speed']) {
      expect(eth[key], key).toBeDefined();
    }
    expect(parseSpeed(String(eth['Actual speed']))).toEqual({ mbps: 40_000 });
    expect(Object.keys(eth.Rx as object)).toEqual(expect.arrayContaining(['bytes', 'packets', 'error packets', 'discard packets']));
  });
});
