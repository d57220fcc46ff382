import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import type { ParseResult } from '../../core/parser.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { abbreviatePort, macFromDotted, normalizePort, readJsonOutput, u64 } from './common.js';
import { eapiShowInterfacesParser } from './eapi_show_interfaces.js';
import { eapiShowInterfacesCountersDiscardsParser } from './eapi_show_interfaces_counters_discards.js';
import { eapiShowInterfacesCountersErrorsParser } from './eapi_show_interfaces_counters_errors.js';
import { berText, eapiShowInterfacesPhyDetailParser } from './eapi_show_interfaces_phy_detail.js';
import { eapiShowInterfacesTransceiverParser } from './eapi_show_interfaces_transceiver.js';
import { eapiShowInterfacesTransceiverDomParser } from './eapi_show_interfaces_transceiver_dom.js';
import { eapiShowVersionParser } from './eapi_show_version.js';
import { aristaEosParsers } from './index.js';
import { showEnvironmentPowerJsonParser } from './show_environment_power_json.js';
import { showHostnameParser } from './show_hostname.js';
import { showInterfacesParser } from './show_interfaces.js';
import type { EosInterface } from './show_interfaces.js';
import { showInterfacesCountersDiscardsParser } from './show_interfaces_counters_discards.js';
import { showInterfacesCountersQueueDetailParser } from './show_interfaces_counters_queue_detail.js';
import { showInterfacesCountersRatesParser } from './show_interfaces_counters_rates.js';
import { showInterfacesPhyDetailParser } from './show_interfaces_phy_detail.js';
import { showInterfacesStatusErrdisabledParser } from './show_interfaces_status_errdisabled.js';
import { showInterfacesTransceiverDomParser } from './show_interfaces_transceiver_dom.js';
import { showPriorityFlowControlCountersParser } from './show_priority_flow_control_counters.js';
import { showQosInterfacesEcnCountersQueueParser } from './show_qos_interfaces_ecn_counters_queue.js';
import { showSnmpMibIfmibIfindexParser } from './show_snmp_mib_ifmib_ifindex.js';
import { showSystemEnvironmentCoolingJsonParser } from './show_system_environment_cooling_json.js';
import { showSystemEnvironmentTemperatureJsonParser } from './show_system_environment_temperature_json.js';
import { showVersionJsonParser } from './show_version_json.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function byKey<R, K extends keyof R>(result: ParseResult<R>, key: K, value: R[K]): R {
  const found = result.records.find((r) => r[key] === value);
  expect(found, `${String(key)} = ${String(value)}`).toBeDefined();
  return found as R;
}

// ---------------------------------------------------------------------------------------------
// Registry and helpers
// ---------------------------------------------------------------------------------------------

describe('aristaEosParsers registry', () => {
  it('is keyed by id, and ids equal the file names', () => {
    expect(Object.keys(aristaEosParsers).sort()).toEqual([
      'eapi_show_interfaces',
      'eapi_show_interfaces_counters_discards',
      'eapi_show_interfaces_counters_errors',
      'eapi_show_interfaces_phy_detail',
      'eapi_show_interfaces_transceiver',
      'eapi_show_interfaces_transceiver_dom',
      'eapi_show_version',
      'show_environment_power_json',
      'show_hostname',
      'show_interfaces',
      'show_interfaces_counters_discards',
      'show_interfaces_counters_queue_detail',
      'show_interfaces_counters_rates',
      'show_interfaces_phy_detail',
      'show_interfaces_status_errdisabled',
      'show_interfaces_transceiver_dom',
      'show_priority_flow_control_counters',
      'show_qos_interfaces_ecn_counters_queue',
      'show_snmp_mib_ifmib_ifindex',
      'show_system_environment_cooling_json',
      'show_system_environment_temperature_json',
      'show_version_json',
    ]);
    for (const [id, p] of Object.entries(aristaEosParsers)) {
      expect(p.id).toBe(id);
      expect(existsSync(path.join(HERE, `${id}.ts`))).toBe(true);
      expect(p.command.startsWith('show ')).toBe(true);
      // The id is the command with underscores (eAPI parsers prefixed).
      const expected = p.command.replace(/ \| /g, ' ').replace(/[ -]/g, '_');
      expect(id.replace(/^eapi_/, '')).toBe(expected);
    }
  });

  it('every parser returns nothing for empty or blank input', () => {
    for (const p of Object.values(aristaEosParsers)) {
      expect(p.parse(''), p.id).toEqual({ records: [], unmatched: [] });
      expect(p.parse('\n  \n\t\n'), p.id).toEqual({ records: [], unmatched: [] });
    }
  });

  it('port names, MACs and counters', () => {
    expect(normalizePort('Et1/1')).toBe('Ethernet1/1');
    expect(normalizePort('Et33')).toBe('Ethernet33');
    expect(normalizePort('Ma1')).toBe('Management1');
    expect(normalizePort('Po10')).toBe('Port-Channel10');
    expect(normalizePort('Ethernet1/1')).toBe('Ethernet1/1');
    expect(normalizePort('Etc')).toBe('Etc');
    expect(abbreviatePort('Ethernet27/1')).toBe('Et27/1');
    expect(abbreviatePort('Management1')).toBe('Ma1');
    expect(macFromDotted('C069.1102.7275')).toBe('c0:69:11:02:72:75');
    expect(macFromDotted('c069.1102.727')).toBeUndefined();
    expect(macFromDotted('c069:1102:7275')).toBeUndefined();
    expect(u64('18446744073709551615')).toBe(2n ** 64n - 1n);
    expect(u64('18446744073709551616')).toBeUndefined();
    expect(u64('-1')).toBeUndefined();
    expect(berText(5.378509864228316e-10)).toBe('5.38E-10');
    expect(berText(1.3399973239803202e-22)).toBe('1.34E-22');
  });

  it('JSON outputs keep 64-bit integers exact and refuse errors and text', () => {
    const big = readJsonOutput('{"a": 18446744073709551615, "b": "x: 12345678901234567890,", "c": 1.2345678901234567890, "d": [9007199254740993]}');
    // Long fractions stay numbers; integers of 16+ digits become exact strings.
    expect(big.value).toEqual({ a: '18446744073709551615', b: 'x: 12345678901234567890,', c: Number('1.2345678901234567890'), d: ['9007199254740993'] });
    expect(readJsonOutput('{"errors": ["This is an unconverted command"]}').unmatched).toHaveLength(1);
    expect(readJsonOutput('% Invalid input\n').unmatched).toEqual([{ line: 1, text: '% Invalid input' }]);
    expect(readJsonOutput('[1, 2]').unmatched).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Targeted unit tests
// ---------------------------------------------------------------------------------------------

describe('show interfaces: unit', () => {
  it('a counter line with one unknown item is unmatched as a whole (no partial values)', () => {
    const r = showInterfacesParser.parse(
      'Ethernet1 is up, line protocol is up (connected)\n     5 input errors, 2 CRC, 9 frobs\n     3 runts, 0 giants\n',
    );
    expect(r.unmatched).toEqual([{ line: 2, text: '     5 input errors, 2 CRC, 9 frobs' }]);
    expect(r.records[0]?.counters).toEqual({ runts: 3n, giants: 0n });
  });

  it('`bytes` belongs to the packets of its own line; a lone `bytes` is not understood', () => {
    const r = showInterfacesParser.parse(
      'Ethernet1 is up, line protocol is up (connected)\n     1 packets input, 2 bytes\n     3 packets output, 4 bytes\n     5 bytes\n',
    );
    expect(r.records[0]?.counters).toEqual({ inPackets: 1n, inBytes: 2n, outPackets: 3n, outBytes: 4n });
    expect(r.unmatched.map((u) => u.line)).toEqual([4]);
  });

  it('lines before the first interface and after a broken header are not attributed to anyone', () => {
    const r = showInterfacesParser.parse('  Up 3 days\nEthernet1 is sleeping\n     1 runts, 0 giants\nEthernet2 is up, line protocol is up\n     4 runts, 0 giants\n');
    expect(r.records.map((x) => [x.name, x.counters.runts, x.status])).toEqual([['Ethernet2', 4n, undefined]]);
    expect(r.unmatched.map((u) => u.line)).toEqual([1, 2, 3]);
  });

  it('speeds: Gb/s, Mb/s, lanes, unconfigured', () => {
    const speed = (text: string): Partial<EosInterface> | undefined => {
      const rec = showInterfacesParser.parse(`Ethernet1 is up, line protocol is up (connected)\n  ${text}\n`).records[0];
      return rec && { speedText: rec.speedText, speedMbps: rec.speedMbps, lanes: rec.lanes, duplex: rec.duplex };
    };
    expect(speed('Full-duplex, 400Gb/s over 8 lanes, auto negotiation: off, uni-link: n/a')).toEqual({
      speedText: '400Gb/s over 8 lanes',
      speedMbps: 400000,
      lanes: 8,
      duplex: 'Full-duplex',
    });
    expect(speed('Half-duplex, 10Mb/s, auto negotiation: on, uni-link: n/a')?.speedMbps).toBe(10);
    expect(speed('Full-duplex, 2.5Gb/s')?.speedMbps).toBe(2500);
    expect(speed('Full-duplex, Unconfigured ')).toEqual({ speedText: 'Unconfigured', speedMbps: undefined, lanes: undefined, duplex: 'Full-duplex' });
  });
});

describe('show interfaces phy detail: unit', () => {
  const HEAD = [
    'Ethernet9/1',
    '                              Current State     Changes            Last Change',
    '                              -------------     -------            -----------',
  ];

  it('a stale warning after the values still marks them absent', () => {
    const raw = [
      ...HEAD,
      '  PHY state                   linkUp                  2   1 day, 0:00:01 ago',
      '  Transceiver SN              ABC',
      '  FEC corrected codewords     12                      3            0:00:02 ago',
      '*** Warning: some information is stale',
    ].join('\n');
    const r = showInterfacesPhyDetailParser.parse(raw);
    expect(r.unmatched).toEqual([]);
    const rec = r.records[0];
    expect(rec?.stale).toBe(true);
    expect(rec?.phyState).toBe('linkUp');
    expect(rec?.fecCorrected).toBeUndefined();
    expect(rec?.transceiverSerial).toBeUndefined();
    expect(rec?.rows).toHaveLength(3);
  });

  it('columns: a number in the state column is a state, right of it a change count', () => {
    const raw = [
      ...HEAD,
      '  PCS error blocks            0                                          never',
      '  Interrupt Count                                    31',
      '  Lane count                  2',
      '  PCS BER                     7                       3                  never',
    ].join('\n');
    const rows = showInterfacesPhyDetailParser.parse(raw).records[0]?.rows;
    expect(rows).toEqual([
      { label: 'PCS error blocks', state: '0', lastChange: 'never' },
      { label: 'Interrupt Count', changes: 31n },
      { label: 'Lane count', state: '2' },
      { label: 'PCS BER', state: '7', changes: 3n, lastChange: 'never' },
    ]);
  });

  it('several PHY chips: the last FEC reading printed wins', () => {
    const raw = [
      ...HEAD,
      ' CHIP-A system',
      '  FEC corrected codewords     1                       1            0:00:01 ago',
      ' CHIP-B line',
      '  FEC corrected codewords     7                      70            0:00:01 ago',
    ].join('\n');
    const rec = showInterfacesPhyDetailParser.parse(raw).records[0];
    expect(rec?.chips).toEqual(['CHIP-A system', 'CHIP-B line']);
    expect(rec?.fecCorrected).toEqual({ value: 7n, changes: 70n, lastChange: '0:00:01 ago' });
  });

  it('lane rows without a heading, and value rows without a label, are unmatched', () => {
    const raw = [...HEAD, '    Lane 0                    1                       1                  never', '                              5'].join('\n');
    const r = showInterfacesPhyDetailParser.parse(raw);
    expect(r.unmatched.map((u) => u.line)).toEqual([4, 5]);
  });
});

describe('JSON parsers: unit', () => {
  it('the environment parsers refuse each other’s output', () => {
    const power = '{"powerSupplies": {"1": {"state": "ok"}}}';
    expect(showSystemEnvironmentCoolingJsonParser.parse(power).unmatched).toHaveLength(1);
    expect(showSystemEnvironmentTemperatureJsonParser.parse(power).unmatched).toHaveLength(1);
    expect(showVersionJsonParser.parse(power).unmatched).toHaveLength(1);
    expect(showEnvironmentPowerJsonParser.parse(power).records).toEqual([{ slot: '1', state: 'ok', fans: [], tempSensors: [] }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Real captures from ../shared/fixtures (skipped visibly when the folder is absent)
// ---------------------------------------------------------------------------------------------

const SESSION = 'cluster-captures/switch/arista_eos-100g.session.txt';
const PROMPT_RE = /^[\w.:-]+[>#](.*)$/;

/** Splits a stitched SSH session into (command, output) pairs at each `host>command` line. */
export function splitSession(text: string): { command: string; output: string }[] {
  const out: { command: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const m = PROMPT_RE.exec(line);
    if (m) out.push({ command: (m[1] ?? '').trim(), lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out.map((c) => ({ command: c.command, output: c.lines.join('\n') }));
}

/** The capture's abbreviated commands → parser ids. */
const SESSION_PARSERS: Readonly<Record<string, string>> = {
  'show int': 'show_interfaces',
  'show hostname': 'show_hostname',
  'show int phy detail': 'show_interfaces_phy_detail',
  'show int trans dom': 'show_interfaces_transceiver_dom',
  'show priority-flow-control counters': 'show_priority_flow_control_counters',
  'show snmp mib ifmib ifindex': 'show_snmp_mib_ifmib_ifindex',
  'show int count disc': 'show_interfaces_counters_discards',
  'show interfaces counters queue detail': 'show_interfaces_counters_queue_detail',
  'show int count rate': 'show_interfaces_counters_rates',
  'show interfaces status errdisabled': 'show_interfaces_status_errdisabled',
  'show version | json': 'show_version_json',
  'show environment power | json': 'show_environment_power_json',
  'show system environment temperature | json': 'show_system_environment_temperature_json',
  'show system environment cooling | json': 'show_system_environment_cooling_json',
  'show qos interfaces ecn counters queue': 'show_qos_interfaces_ecn_counters_queue',
};

/** A minimal reader of ntc-templates' `parsed_sample` YAML (a list of flat string maps). */
function ntcSamples(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(- )?(\w+): "(.*)"\s*$/.exec(line);
    if (!m) continue;
    if (m[1]) out.push({});
    const cur = out.at(-1);
    if (cur) cur[m[2] ?? ''] = m[3] ?? '';
  }
  return out;
}

describe.skipIf(!SHARED_AVAILABLE)('shared captures (../shared/fixtures)', () => {
  const sessionOutputs = (): Map<string, string> => {
    const m = new Map<string, string>();
    for (const c of splitSession(read(sharedFixture(SESSION)))) if (!m.has(c.command)) m.set(c.command, c.output);
    return m;
  };
  const parseCmd = <R>(parser: { parse(raw: string): ParseResult<R> }, command: string): ParseResult<R> => {
    const raw = sessionOutputs().get(command);
    expect(raw, command).toBeDefined();
    return parser.parse(raw ?? '');
  };

  describe('real Arista 100G session', () => {
    it('has every sweep command, and every output parses with nothing unmatched', () => {
      const commands = splitSession(read(sharedFixture(SESSION)));
      expect(commands.map((c) => c.command).filter((c) => c !== 'terminal length 0' && c !== 'show hostname')).toEqual(
        Object.keys(SESSION_PARSERS).filter((c) => c !== 'show hostname'),
      );
      for (const c of commands) {
        const id = SESSION_PARSERS[c.command];
        if (!id) continue;
        const r = aristaEosParsers[id]?.parse(c.output);
        expect(r?.unmatched, c.command).toEqual([]);
        expect(r?.records.length, c.command).toBeGreaterThan(0);
      }
    });

    it('show int: states, MACs, descriptions, flaps and every counter', () => {
      const r = parseCmd(showInterfacesParser, 'show int');
      expect(r.records.map((x) => x.name)).toEqual(['Ethernet1/1', 'Ethernet2/1', 'Ethernet3/1', 'Ethernet4/1', 'Management1', 'Vlan11']);
      const e11 = byKey(r, 'name', 'Ethernet1/1');
      expect(e11).toMatchObject({
        linkStatus: 'up',
        protocolStatus: 'up',
        status: 'connected',
        mac: 'c0:69:11:02:72:75',
        description: 'L3 to sc-r15ra1-100gsw256-hpe',
        ipAddress: '10.250.226.130/31',
        mtu: 9000,
        bandwidthKbit: 100000000,
        speedMbps: 100000,
        linkStatusChanges: 0n,
        stateFor: { state: 'up', duration: '29 days, 7 hours, 30 minutes, 27 seconds' },
        inputRate: { interval: '5 seconds', bitsPerSecond: 224000000, packetsPerSecond: 9631, utilization: '0.2%' },
      });
      expect(e11.counters).toEqual({
        inPackets: 9061425941n,
        inBytes: 32570174802336n,
        inBroadcasts: 0n,
        inMulticast: 83927n,
        runts: 2n,
        giants: 0n,
        inErrors: 0n,
        crc: 0n,
        alignment: 0n,
        symbol: 0n,
        inDiscards: 53328n,
        pauseIn: 0n,
        outPackets: 13969208310n,
        outBytes: 55311385746121n,
        outBroadcasts: 0n,
        outMulticast: 83927n,
        outErrors: 0n,
        collisions: 0n,
        lateCollisions: 0n,
        deferred: 0n,
        outDiscards: 1468n,
        pauseOut: 0n,
      });
      expect(byKey(r, 'name', 'Ethernet2/1').counters.inErrors).toBe(4n);
      expect(byKey(r, 'name', 'Ethernet4/1').counters.crc).toBe(5n);
      expect(byKey(r, 'name', 'Ethernet4/1').counters.outBytes).toBe(65503175252551n);
      expect(byKey(r, 'name', 'Management1')).toMatchObject({ mac: 'c0:69:11:02:72:74', bia: 'c0:69:11:02:72:74', speedMbps: 1000 });
      expect(byKey(r, 'name', 'Vlan11')).toMatchObject({ hardware: 'Vlan', description: '"whole switch subnet"', counters: {} });
    });

    it('show int phy detail: FEC registers, stale blocks, transceivers, lanes', () => {
      const r = parseCmd(showInterfacesPhyDetailParser, 'show int phy detail');
      expect(r.records).toHaveLength(16);
      expect(r.records.filter((x) => x.stale).map((x) => x.port)).toEqual([
        'Ethernet1/2',
        'Ethernet1/3',
        'Ethernet1/4',
        'Ethernet2/2',
        'Ethernet2/3',
        'Ethernet2/4',
        'Ethernet3/2',
        'Ethernet3/3',
        'Ethernet3/4',
        'Ethernet4/2',
        'Ethernet4/3',
        'Ethernet4/4',
      ]);
      const e11 = byKey(r, 'port', 'Ethernet1/1');
      expect(e11).toMatchObject({
        systemTime: 'Sun Oct 29 02:45:48 2023',
        phyState: 'linkUp',
        interfaceState: 'up',
        transceiver: '100GBASE-SR4',
        transceiverSerial: 'V0PD8JA005X',
        model: 'Bcm56965-tscf (A) (0x00c086,0x37,0xc2d5)',
        fec: 'Reed-Solomon',
        fecAlignmentLock: 'ok',
        fecCorrected: { value: 8897n, changes: 8n, lastChange: '29 days, 7:31:56 ago' },
        fecUncorrected: { value: 5n, changes: 5n, lastChange: '29 days, 7:51:07 ago' },
      });
      expect(e11.fecLaneCorrectedSymbols?.map((l) => [l.lane, l.value, l.changes])).toEqual([
        [0, 8n, 4n],
        [1, 9773n, 7n],
        [2, 3n, 5n],
        [3, 5n, 4n],
      ]);
      expect(e11.tables).toEqual([
        {
          title: 'Lane 0',
          lines: [
            'RXPPM CLK90 CLKP1 PF(M,L) VGA DCO DFE(1,2,3,4,5,6)        TXPPM TXEQ(n1,m,p1,2,3)',
            '19    30     1    0,2   10  -6  29,-16,  3, 11,  3,  0     0  8, 49,55, 0, 0',
          ],
        },
      ]);
      expect(e11.rows.find((x) => x.label === 'Interrupt Count')).toEqual({ label: 'Interrupt Count', changes: 31n });
      expect(e11.rows.find((x) => x.label === 'PCS error blocks')).toEqual({ label: 'PCS error blocks', state: '0', lastChange: 'never' });
      expect(byKey(r, 'port', 'Ethernet2/1')).toMatchObject({
        fecCorrected: { value: 114726n, changes: 5n },
        fecUncorrected: { value: 661n, changes: 4n },
        transceiverSerial: 'V0PD8JA0039',
      });
      const stale = byKey(r, 'port', 'Ethernet1/2');
      expect(stale).toMatchObject({ stale: true, phyState: 'errDisabled', interfaceState: 'down', operSpeed: 'unknown' });
      // Stale values are reported as absent, not as wrong ones.
      for (const key of ['fecCorrected', 'fecUncorrected', 'transceiver', 'transceiverSerial', 'model', 'fecAlignmentLock'] as const) {
        expect(stale[key], key).toBeUndefined();
      }
    });

    it('show int Ethernet3/1 phy detail (the fast-polling form) parses alike', () => {
      const all = sessionOutputs().get('show int phy detail') ?? '';
      const lines = all.split('\n');
      const start = lines.indexOf('Ethernet3/1');
      const end = lines.indexOf('Ethernet3/2');
      const single = [lines[0], ...lines.slice(start, end)].join('\n');
      const r = showInterfacesPhyDetailParser.parse(single);
      expect(r.unmatched).toEqual([]);
      expect(r.records).toHaveLength(1);
      expect(r.records[0]).toEqual(byKey(showInterfacesPhyDetailParser.parse(all), 'port', 'Ethernet3/1'));
      expect(r.records[0]?.fecCorrected).toEqual({ value: 10n, changes: 3n, lastChange: '32 days, 1:32:47 ago' });
    });

    it('show int trans dom: module temperature and voltage, four lanes', () => {
      const r = parseCmd(showInterfacesTransceiverDomParser, 'show int trans dom');
      expect(r.records.map((x) => [x.port, x.slot])).toEqual([
        ['Ethernet1/1', 1],
        ['Ethernet2/1', 2],
        ['Ethernet3/1', 3],
        ['Ethernet4/1', 4],
      ]);
      const e11 = byKey(r, 'port', 'Ethernet1/1');
      expect(e11).toMatchObject({ temperatureC: 45, voltageV: 3.22, lastUpdate: '0:00:01 ago' });
      expect(e11.lanes).toEqual([
        { channel: 1, txBiasMa: 6.33, txPowerDbm: -0.62, rxPowerDbm: -0.4 },
        { channel: 2, txBiasMa: 6.34, txPowerDbm: -1.02, rxPowerDbm: -0.51 },
        { channel: 3, txBiasMa: 6.33, txPowerDbm: -1.03, rxPowerDbm: -0.85 },
        { channel: 4, txBiasMa: 6.34, txPowerDbm: -0.56, rxPowerDbm: -1.19 },
      ]);
      expect(byKey(r, 'port', 'Ethernet3/1').lanes[1]?.rxPowerDbm).toBe(0);
      expect(byKey(r, 'port', 'Ethernet4/1').temperatureC).toBe(44);
    });

    it('the tables: PFC, ifindex, discards, queues, rates, errdisabled, ECN, hostname', () => {
      const pfc = parseCmd(showPriorityFlowControlCountersParser, 'show priority-flow-control counters');
      expect(byKey(pfc, 'port', 'Ethernet1/1')).toEqual({ port: 'Ethernet1/1', rxPfc: 897875284n, txPfc: 2359769705n });
      expect(byKey(pfc, 'port', 'Ethernet4/1').txPfc).toBe(2414241463n);
      expect(pfc.records.at(-1)?.port).toBe('Management1');

      const ifindex = parseCmd(showSnmpMibIfmibIfindexParser, 'show snmp mib ifmib ifindex');
      expect(ifindex.records.map((x) => [x.port, x.ifIndex])).toEqual([
        ['Ethernet1/1', 1001],
        ['Ethernet2/1', 2001],
        ['Ethernet3/1', 3001],
        ['Ethernet4/1', 4001],
      ]);

      const disc = parseCmd(showInterfacesCountersDiscardsParser, 'show int count disc');
      expect(disc.records).toContainEqual({ kind: 'port', port: 'Ethernet3/1', inDiscards: 37n, outDiscards: 487034n });
      expect(disc.records.at(-1)).toEqual({ kind: 'total', inDiscards: 6103312n, outDiscards: 35892785n });

      const queues = parseCmd(showInterfacesCountersQueueDetailParser, 'show interfaces counters queue detail');
      expect(queues.records).toHaveLength(44);
      expect(queues.records.find((q) => q.port === 'Ethernet1/1' && q.queue === 'UC5')).toEqual({
        port: 'Ethernet1/1',
        queue: 'UC5',
        packets: 57156051643n,
        bytes: 216763341854506n,
        dropPackets: 1111n,
        dropBytes: 5678n,
      });
      expect(queues.records.find((q) => q.port === 'Ethernet4/1' && q.queue === 'UC5')?.dropPackets).toBe(4444n);

      const rates = parseCmd(showInterfacesCountersRatesParser, 'show int count rate');
      expect(byKey(rates, 'port', 'Ethernet1/1')).toEqual({
        port: 'Ethernet1/1',
        name: 'L3 to sc-r1',
        interval: '0:05',
        inMbps: 10.1,
        inPercent: 0,
        inKpps: 0,
        outMbps: 5.1,
        outPercent: 0,
        outKpps: 0,
      });
      expect(byKey(rates, 'port', 'Management1').name).toBe('');

      const errdis = parseCmd(showInterfacesStatusErrdisabledParser, 'show interfaces status errdisabled');
      expect(errdis.records).toEqual([{ port: 'Ethernet4/1', name: 'L3 to sc-r7rb6-400gs', status: 'errdisabled', reason: 'lfs' }]);

      const ecn = parseCmd(showQosInterfacesEcnCountersQueueParser, 'show qos interfaces ecn counters queue');
      expect(ecn.records.map((x) => x.port)).toEqual(['Ethernet1/1', 'Ethernet2/1', 'Ethernet3/1', 'Ethernet4/1']);
      expect(ecn.records[0]?.queues).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((q) => ({ txQueue: q })));

      expect(parseCmd(showHostnameParser, 'show hostname').records).toEqual([{ hostname: 'sc-r15ra2-100gsw', fqdn: 'sc-r15ra2-100gsw' }]);
    });

    it('the JSON outputs: version, power, temperature, cooling', () => {
      expect(parseCmd(showVersionJsonParser, 'show version | json').records[0]).toEqual({
        mfgName: 'Arista',
        modelName: 'DCS-7060CX-32S-F',
        hardwareRevision: '12.11',
        serialNumber: 'JPE20320659',
        systemMacAddress: 'd4:af:f7:3d:c4:29',
        version: '4.23.0F',
        internalVersion: '4.23.0F-13614065.4230F',
        architecture: 'i686',
        uptimeSeconds: 48271281.9,
        bootupTimestamp: 1693337314,
        memTotalKb: 8104364,
        memFreeKb: 6462768,
      });
      const power = parseCmd(showEnvironmentPowerJsonParser, 'show environment power | json');
      expect(power.records.map((p) => [p.slot, p.state, p.outputPowerW, p.capacityW])).toEqual([
        ['1', 'ok', 274, 2400],
        ['2', 'AC Loss', 276, 2400],
      ]);
      expect(power.records[0]?.tempSensors).toContainEqual({ name: 'TempSensorP1/3', status: 'ok', temperatureC: 61.625 });
      const temp = parseCmd(showSystemEnvironmentTemperatureJsonParser, 'show system environment temperature | json').records[0];
      expect(temp?.systemStatus).toBe('temperatureOk');
      expect(temp?.sensors).toHaveLength(38);
      expect(temp?.sensors.filter((s) => s.location === 'powerSupply')).toHaveLength(6);
      expect(temp?.sensors[1]).toMatchObject({ name: 'TempSensor2', description: 'CPU board temp sensor', hwStatus: 'Overheating', temperatureC: 38.125 });
      const cooling = parseCmd(showSystemEnvironmentCoolingJsonParser, 'show system environment cooling | json').records[0];
      expect(cooling?.fans.map((f) => [f.kind, f.label, f.status, f.actualSpeedPercent, f.maxSpeedRpm])).toEqual([
        ['powerSupply', 'PowerSupply1/1', 'ok', 50, 23000],
        ['powerSupply', 'PowerSupply2/1', 'ok', 50, 23000],
        ['fanTray', '1/1', 'ok', 51, 17500],
        ['fanTray', '2/1', 'Not Inserted', 51, 17500],
        ['fanTray', '3/1', 'Failed', 51, 17500],
        ['fanTray', '4/1', 'Unknown', 51, 17500],
      ]);
    });
  });

  describe('ntc-templates show interfaces (text)', () => {
    const DIR = 'public/ntc-templates/arista_eos/show_interfaces';
    const files = SHARED_AVAILABLE ? readdirSync(sharedFixture(DIR)).filter((f) => f.endsWith('.raw')) : [];

    it('found the four captures', () => {
      expect(files.sort()).toEqual([
        'arista_eos_show_interfaces.raw',
        'arista_eos_show_interfaces2.raw',
        'arista_eos_show_interfaces3.raw',
        'arista_eos_show_interfaces_portchannel.raw',
      ]);
    });

    it.each(files)('%s: nothing unmatched, and every interface agrees with the template’s parse', (f) => {
      const r = showInterfacesParser.parse(read(sharedFixture(`${DIR}/${f}`)));
      expect(r.unmatched).toEqual([]);
      const expected = ntcSamples(read(sharedFixture(`${DIR}/${f.replace(/\.raw$/, '.yml')}`)));
      expect(r.records.map((x) => x.name)).toEqual(expected.map((e) => e.interface));
      for (const [i, e] of expected.entries()) {
        const rec = r.records[i];
        expect(rec?.linkStatus, e.interface).toBe(e.link_status);
        expect(`${rec?.protocolStatus} (${rec?.status})`).toBe(e.protocol_status);
        expect(rec?.hardware).toBe(e.hardware_type);
        expect(rec?.mac ?? '').toBe(e.mac_address ? macFromDotted(e.mac_address) : '');
        expect(rec?.bia ?? '').toBe(e.bia ? macFromDotted(e.bia) : '');
        expect((rec?.description ?? '').replace(/^"(.*)"$/, '$1')).toBe(e.description);
        expect(rec?.ipAddress ?? '').toBe(e.ip_address);
        expect(rec?.mtu === undefined ? '' : String(rec.mtu)).toBe(e.mtu);
        expect(rec?.bandwidthKbit === undefined ? '' : `${rec.bandwidthKbit} kbit`).toBe(e.bandwidth);
        expect(rec?.linkStatusChanges === undefined ? '' : String(rec.linkStatusChanges)).toBe(e.link_status_change);
        expect(rec?.stateFor?.duration ?? '').toBe(e.last_link_flapped);
      }
    });

    it('specific values', () => {
      const one = showInterfacesParser.parse(read(sharedFixture(`${DIR}/arista_eos_show_interfaces.raw`)));
      expect(byKey(one, 'name', 'Ethernet49/1')).toMatchObject({ linkStatus: 'administratively down', protocolStatus: 'notpresent', status: 'disabled' });
      expect(byKey(one, 'name', 'Ethernet1').counters).toMatchObject({ inPackets: 292n, inBytes: 31440n, outBytes: 33221n, outMulticast: 32n });
      const two = showInterfacesParser.parse(read(sharedFixture(`${DIR}/arista_eos_show_interfaces2.raw`)));
      expect(byKey(two, 'name', 'Management0').counters.inDiscards).toBe(47n);
      expect(byKey(two, 'name', 'Vlan500').other).toContain('2001:192:168:5::1, subnet is 2001:192:168:5::/64');
      const pc = showInterfacesParser.parse(read(sharedFixture(`${DIR}/arista_eos_show_interfaces_portchannel.raw`)));
      expect(byKey(pc, 'name', 'Ethernet47').memberOf).toBe('Port-Channel2');
      expect(byKey(pc, 'name', 'Port-Channel2').speedMbps).toBe(2000);
      expect(byKey(pc, 'name', 'Port-Channel2').inputRate?.bitsPerSecond).toBe(18700);
    });
  });

  describe('eAPI JSON (ANTA test inputs, NAPALM and pyntc mocks)', () => {
    const ANTA = 'public/arista-eapi-anta';
    const NAPALM = 'public/napalm-eos/test/eos/mocked_data';
    const antaFiles = SHARED_AVAILABLE ? readdirSync(sharedFixture(ANTA)).filter((f) => f.endsWith('.json')) : [];
    const antaParser = (f: string): string | undefined => {
      if (f.endsWith('__show_interfaces_phy_detail.json')) return 'eapi_show_interfaces_phy_detail';
      if (f.endsWith('__show_interfaces_transceiver_dom_thresholds.json')) return 'eapi_show_interfaces_transceiver_dom';
      if (f.endsWith('__show_interfaces_counters_errors.json')) return 'eapi_show_interfaces_counters_errors';
      if (f.endsWith('__show_interfaces_counters_discards.json')) return 'eapi_show_interfaces_counters_discards';
      if (f.endsWith('__show_interfaces.json')) return 'eapi_show_interfaces';
      return undefined; // interface descriptions, queue drops: no eAPI parser (not collected)
    };

    it.each(antaFiles.filter((f) => antaParser(f) !== undefined))('ANTA %s: records, nothing unmatched', (f) => {
      const r = aristaEosParsers[antaParser(f) ?? '']?.parse(read(sharedFixture(`${ANTA}/${f}`)));
      expect(r?.unmatched).toEqual([]);
      expect(r?.records.length).toBeGreaterThan(0);
    });

    it('ANTA specific values', () => {
      const phy = eapiShowInterfacesPhyDetailParser.parse(read(sharedFixture(`${ANTA}/VerifyInterfacesBER__success__show_interfaces_phy_detail.json`)));
      // Ethernet1/1 has three PHY chips; the last reading printed (the outer line side) wins.
      expect(byKey(phy, 'port', 'Ethernet1/1')).toMatchObject({
        fecCorrected: { value: 0n, changes: 0n, lastChange: 'never' },
        preFecBer: '1.34E-22',
        phyState: 'linkUp',
        chips: ['BCM88690-TSCBH line', 'CRT50216', 'CRT50216 system', 'CRT50216 line'],
      });
      expect(byKey(phy, 'port', 'Ethernet1/2')).toMatchObject({ operSpeed: 'unknown', firmwareRevision: '02.21.02', model: 'CRT50216 (B0) (0x9aadca,0x0,0x0)' });
      const dom = eapiShowInterfacesTransceiverDomParser.parse(
        read(sharedFixture(`${ANTA}/VerifyInterfacesOpticsReceivePower__success__show_interfaces_transceiver_dom_thresholds.json`)),
      );
      expect(byKey(dom, 'port', 'Ethernet2/1')).toMatchObject({ serial: 'TEST05DA', mediaType: '100GBASE-SR4' });
      expect(byKey(dom, 'port', 'Ethernet2/1').lanes.map((l) => l.rxPowerDbm)).toEqual([-30.08242460465652, -0.09972101229705288, -40.312369518027516, -1.4630178822382547]);
      expect(byKey(dom, 'port', 'Ethernet1/1').lanes).toEqual([]);
      const errors = eapiShowInterfacesCountersErrorsParser.parse(
        read(sharedFixture(`${ANTA}/VerifyInterfaceErrors__failure_single_intf_multiple_errors__show_interfaces_counters_errors.json`)),
      );
      expect(errors.records.some((e) => (e.fcsErrors ?? 0n) > 0n || (e.alignmentErrors ?? 0n) > 0n || (e.inErrors ?? 0n) > 0n)).toBe(true);
      const disc = eapiShowInterfacesCountersDiscardsParser.parse(read(sharedFixture(`${ANTA}/VerifyInterfaceDiscards__failure__show_interfaces_counters_discards.json`)));
      expect(disc.records).toEqual([
        { kind: 'port', port: 'Ethernet2', inDiscards: 0n, outDiscards: 42n },
        { kind: 'port', port: 'Ethernet1', inDiscards: 42n, outDiscards: 0n },
        { kind: 'total', inDiscards: 0n, outDiscards: 0n },
      ]);
      const speeds = eapiShowInterfacesParser.parse(read(sharedFixture(`${ANTA}/VerifyInterfacesSpeed__success__show_interfaces.json`)));
      expect(speeds.records.map((x) => [x.name, x.speedMbps, x.lanes])).toEqual([
        ['Ethernet1', 1000, 2],
        ['Ethernet1/1/2', 1000, 2],
        ['Ethernet3', 100000, 8],
        ['Ethernet4', 2500, 8],
      ]);
    });

    it.each(['test_get_interfaces_counters/normal', 'test_get_interfaces/normal', 'test_get_interfaces/issue68_iface_no_physical_addr', 'test_get_facts/normal'])(
      'NAPALM %s/show_interfaces.json: nothing unmatched, agrees with NAPALM’s expectations',
      (dir) => {
        const r = eapiShowInterfacesParser.parse(read(sharedFixture(`${NAPALM}/${dir}/show_interfaces.json`)));
        expect(r.unmatched).toEqual([]);
        expect(r.records.length).toBeGreaterThan(0);
        const expectedFile = sharedFixture(`${NAPALM}/${dir}/expected_result.json`);
        if (dir === 'test_get_interfaces_counters/normal') {
          const exp = JSON.parse(read(expectedFile)) as Record<string, Record<string, number>>;
          for (const [name, e] of Object.entries(exp)) {
            const c = byKey(r, 'name', name).counters;
            expect(c.inBytes, name).toBe(BigInt(e.rx_octets ?? -1));
            expect(c.outBytes).toBe(BigInt(e.tx_octets ?? -1));
            expect(c.inErrors).toBe(BigInt(e.rx_errors ?? -1));
            expect(c.outErrors).toBe(BigInt(e.tx_errors ?? -1));
            expect(c.inDiscards).toBe(BigInt(e.rx_discards ?? -1));
            expect(c.outDiscards).toBe(BigInt(e.tx_discards ?? -1));
            expect(c.inMulticast).toBe(BigInt(e.rx_multicast_packets ?? -1));
            expect(c.inBroadcasts).toBe(BigInt(e.rx_broadcast_packets ?? -1));
            expect((c.inPackets ?? 0n) - (c.inMulticast ?? 0n) - (c.inBroadcasts ?? 0n)).toBe(BigInt(e.rx_unicast_packets ?? -1));
          }
        }
        if (dir === 'test_get_interfaces/normal') {
          const exp = JSON.parse(read(expectedFile)) as Record<string, { is_up: boolean; is_enabled: boolean; mac_address: string; mtu: number; description: string }>;
          for (const [name, e] of Object.entries(exp)) {
            const rec = byKey(r, 'name', name);
            expect(rec.protocolStatus === 'up', name).toBe(e.is_up);
            expect(rec.linkStatus !== 'administratively down').toBe(e.is_enabled);
            expect(rec.mac).toBe(e.mac_address.toLowerCase());
            expect(rec.mtu).toBe(e.mtu);
            expect(rec.description).toBe(e.description);
          }
        }
      },
    );

    it('NAPALM transceiver and version, pyntc version', () => {
      const x = eapiShowInterfacesTransceiverParser.parse(read(sharedFixture(`${NAPALM}/test_get_optics/normal/show_interfaces_transceiver.json`)));
      expect(x.unmatched).toEqual([]);
      const exp = JSON.parse(read(sharedFixture(`${NAPALM}/test_get_optics/normal/expected_result.json`))) as Record<
        string,
        { physical_channels: { channel: { state: Record<string, { instant: number }> }[] } }
      >;
      for (const [name, e] of Object.entries(exp)) {
        const lane = byKey(x, 'port', name).lanes[0];
        const st = e.physical_channels.channel[0]?.state;
        expect(lane?.txBiasMa, name).toBe(st?.laser_bias_current?.instant);
        expect(lane?.txPowerDbm).toBe(st?.output_power?.instant);
        expect(lane?.rxPowerDbm).toBe(st?.input_power?.instant);
      }
      expect(byKey(x, 'port', 'Ethernet3/1/1')).toMatchObject({ serial: 'XMD1401000RP', temperatureC: 35.26171875, mediaType: '40GBASE-SR4' });
      expect(eapiShowVersionParser.parse(read(sharedFixture(`${NAPALM}/show_version.json`))).records[0]).toMatchObject({
        modelName: 'cEOSLab',
        version: '4.30.0F-31408673.4300F (engineering build)',
        serialNumber: 'DE5B7D98C24A207BE70876CC0AD5546F',
        uptimeSeconds: 374.72549414634705,
      });
      const pyntc = eapiShowVersionParser.parse(read(sharedFixture('public/pyntc-eos/tests/unit/test_devices/device_mocks/eos/enable_json/show_version')));
      expect(pyntc.unmatched).toEqual([]);
      expect(pyntc.records[0]).toMatchObject({ modelName: 'vEOS', version: '4.14.7M', internalVersion: '4.14.7M-2384414.4147M', serialNumber: '' });
    });
  });
});
