import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import { classifyCommand } from './commands.js';
import { debugPortCommandFecstatParser } from './debug_port_command_fecstat.js';
import { displayEnvironmentParser } from './display_environment.js';
import { displayFanParser } from './display_fan.js';
import { displayInterfaceParser, type ComwareInterface } from './display_interface.js';
import { displayLinkStateChangeStatisticsParser } from './display_link_state_change_statistics.js';
import { displayPacketDropParser } from './display_packet_drop.js';
import { displayPowerParser } from './display_power.js';
import { displayPriorityFlowControlParser } from './display_priority_flow_control.js';
import { displayVersionParser } from './display_version.js';
import { hpComwareParsers } from './index.js';
import { showTransceiverDiagnosisParser } from './show_transceiver_diagnosis.js';
import { showTransceiverInterfaceParser } from './show_transceiver_interface.js';
import { showTransceiverManuinfoParser } from './show_transceiver_manuinfo.js';
import { readNtcYaml, splitSession, type CapturedCommand } from './test-helpers.js';
import { durationSeconds, normalizePortName } from './util.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTDATA = path.join(HERE, 'testdata');
const read = (file: string): string => readFileSync(file, 'utf8');

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

describe('hpComwareParsers registry', () => {
  it('is keyed by id, and ids equal the file names', () => {
    expect(Object.keys(hpComwareParsers).sort()).toEqual([
      'debug_port_command_fecstat',
      'display_environment',
      'display_fan',
      'display_interface',
      'display_link_state_change_statistics',
      'display_packet_drop',
      'display_power',
      'display_priority_flow_control',
      'display_version',
      'show_transceiver_diagnosis',
      'show_transceiver_interface',
      'show_transceiver_manuinfo',
    ]);
    for (const [id, p] of Object.entries(hpComwareParsers)) {
      expect(p.id).toBe(id);
      expect(existsSync(path.join(HERE, `${id}.ts`))).toBe(true);
      expect(p.command.length).toBeGreaterThan(0);
    }
  });

  it('every parser returns nothing for empty or blank input', () => {
    for (const p of Object.values(hpComwareParsers)) {
      expect(p.parse(''), p.id).toEqual({ records: [], unmatched: [] });
      expect(p.parse('\n  \n\t\n'), p.id).toEqual({ records: [], unmatched: [] });
    }
  });

  it('every parser reports a garbage-only output line by line and never throws', () => {
    const junk = ['%%%', 'random words here', '\u0000\u0007', 'x'.repeat(5000), '---', '***', 'a=b=c', ': : :'].join('\n');
    for (const p of Object.values(hpComwareParsers)) {
      const r = p.parse(junk);
      expect(r.unmatched.length, p.id).toBeGreaterThan(0);
    }
  });

  it('parses large outputs in linear time (a 256-port display interface stays well under a second)', () => {
    const block = read(path.join(TESTDATA, 'display_interface', 'comware7_up_and_down.raw'));
    const big = Array.from({ length: 128 }, (_, i) => block.replace(/HundredGigE4\/0\/(\d)/g, (_m, p: string) => `HundredGigE${4 + i}/0/${p}`)).join('');
    const r = displayInterfaceParser.parse(big);
    expect(r.records).toHaveLength(256);
    expect(r.unmatched).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Unit tests
// ---------------------------------------------------------------------------------------------

describe('helpers', () => {
  it('normalizes short and differently cased port names', () => {
    expect(normalizePortName('HGE2/0/1')).toBe('HundredGigE2/0/1');
    expect(normalizePortName('hge12/0/48')).toBe('HundredGigE12/0/48');
    expect(normalizePortName('HundredGigE2/0/1')).toBe('HundredGigE2/0/1');
    expect(normalizePortName('XGE1/0/49')).toBe('Ten-GigabitEthernet1/0/49');
    expect(normalizePortName('BAGG10')).toBe('Bridge-Aggregation10');
    expect(normalizePortName('Vlan-interface2000')).toBe('Vlan-interface2000');
    expect(normalizePortName('weird')).toBe('weird');
  });

  it('reads Comware durations', () => {
    expect(durationSeconds('Never')).toBeUndefined();
    expect(durationSeconds('20 weeks 1 days 1 hours 14 minutes')).toBe(20 * 604800 + 86400 + 3600 + 14 * 60);
    expect(durationSeconds('55 weeks,3 days,12 hours,30 minutes')).toBe(55 * 604800 + 3 * 86400 + 12 * 3600 + 30 * 60);
    expect(durationSeconds('0 week, 0 day, 2 hours, 26 minutes')).toBe(2 * 3600 + 26 * 60);
    expect(durationSeconds('6 hours 39 minutes 25 seconds')).toBe(6 * 3600 + 39 * 60 + 25);
    expect(durationSeconds('3 fortnights')).toBeUndefined();
  });
});

describe('display interface: unit', () => {
  it('keeps u64 counters exactly and leaves `-` counters out', () => {
    const r = displayInterfaceParser.parse(read(path.join(TESTDATA, 'display_interface', 'comware7_up_and_down.raw')));
    const up = r.records[0] as ComwareInterface;
    expect(up.counters['input_total.packets']).toBe(2n ** 64n - 1n);
    expect(up.counters['input_total.bytes']).toBe(9007199254740993n);
    expect(up.counters['input.crc']).toBe(17n);
    expect(up.counters).not.toHaveProperty('input.overruns');
    expect(up.counters).not.toHaveProperty('input_normal.bytes');
    const down = r.records[1] as ComwareInterface;
    expect(down.lastLinkFlapping).toBe('Never');
    expect(down.lastLinkFlappingSeconds).toBeUndefined();
    expect(down.state).toBe('DOWN');
  });

  it('a counter line before any interface is unmatched, with its line number', () => {
    const r = displayInterfaceParser.parse(' Input:  0 input errors, 0 runts\nHundredGigE2/0/1\nCurrent state: UP\n');
    expect(r.unmatched).toEqual([{ line: 1, text: ' Input:  0 input errors, 0 runts' }]);
    expect(r.records.map((x) => x.name)).toEqual(['HundredGigE2/0/1']);
  });

  it('does not let a `__proto__` key reach the prototype', () => {
    const r = displayInterfaceParser.parse('HundredGigE2/0/1\n__proto__: polluted\nconstructor: x\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.records[0]?.fields.constructor).toBe('x');
  });
});

describe('debug port command … phy/fecstat: unit', () => {
  it('reads 0xffffffff as 0 and flags it; keeps the register as read', () => {
    const r = debugPortCommandFecstatParser.parse('---------------------\nu=0 p=2\nuiIntFecCorrect=0xffffffff\nuiIntFecUnCorrect=0x1F\n***end***\n');
    expect(r.unmatched).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ port: 2, corrected: 0n, correctedInvalid: true, uncorrected: 31n });
    expect(r.records[0]?.registers.uiIntFecCorrect).toBe(0xffffffffn);
    expect(r.records[0]?.uncorrectedInvalid).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Real captures (../shared/fixtures)
// ---------------------------------------------------------------------------------------------

const SESSION = 'cluster-captures/switch/comware.session.txt';

/** The parser of a captured command: the driver's classification, plus the capture's wildcard forms. */
function parserFor(c: CapturedCommand): string | undefined {
  if (/^debug port command slot \* phy\/fecstat\/0\/\*$/.test(c.command)) return 'debug_port_command_fecstat';
  const k = classifyCommand(c.command.replace(/ 2\/0\/\*$/, ''))?.kind;
  const ids: Record<string, string> = {
    interface: 'display_interface',
    link_state: 'display_link_state_change_statistics',
    pfc: 'display_priority_flow_control',
    packet_drop: 'display_packet_drop',
    version: 'display_version',
    environment: 'display_environment',
    power: 'display_power',
    fan: 'display_fan',
    fecstat: 'debug_port_command_fecstat',
    diagnosis: 'show_transceiver_diagnosis',
    transceiver: 'show_transceiver_interface',
    manuinfo: 'show_transceiver_manuinfo',
  };
  return k === undefined ? undefined : ids[k];
}

describe.skipIf(!SHARED_AVAILABLE)('shared captures (../shared/fixtures)', () => {
  const session = SHARED_AVAILABLE ? splitSession(read(sharedFixture(SESSION))) : [];
  const only = (re: RegExp): CapturedCommand => {
    const c = session.find((x) => re.test(x.command));
    if (!c) throw new Error(`no ${re} in the capture`);
    return c;
  };

  it('the session splits into the seed commands, with the editor notes removed', () => {
    const commands = session.map((c) => c.command);
    expect(commands.slice(0, 3)).toEqual(['screen-length disable', 'system-view', 'probe']);
    expect(commands.slice(-3)).toEqual(['exit', 'exit', 'exit']);
    expect(only(/^show int HundredGigE/).note).toMatch(/fake/);
    expect(only(/^display fan$/).prompt).toBe('<swx01-100gsw-mhp>');
  });

  it('every command output is understood: no unmatched lines', () => {
    let parsed = 0;
    for (const c of session) {
      const id = parserFor(c);
      if (id === undefined) {
        // Mode changes, exits and an empty command line print nothing to parse.
        expect(['screen-length disable', 'system-view', 'probe', 'exit', ''], c.command).toContain(c.command);
        continue;
      }
      const r = hpComwareParsers[id]?.parse(c.output);
      expect(r?.unmatched, `${c.command} (capture line ${c.line})`).toEqual([]);
      expect(r?.records.length, c.command).toBeGreaterThan(0);
      parsed++;
    }
    expect(parsed).toBe(8 + 1 + 3 * 6);
  });

  it('show int HundredGigE: six blocks of two Comware layouts, real values', () => {
    const r = displayInterfaceParser.parse(only(/^show int HundredGigE/).output);
    expect(r.records.map((x) => x.name)).toEqual([
      'HundredGigE2/0/1',
      'HundredGigE2/0/2',
      'HundredGigE2/0/3',
      'HundredGigE3/0/1',
      'HundredGigE3/0/2',
      'HundredGigE3/0/3',
    ]);
    const [p201, p202, , p301, p302, p303] = r.records as ComwareInterface[];
    expect(p201).toMatchObject({ state: 'DOWN', lineProtocol: 'DOWN', mac: '5477-8a3b-0601', lastLinkFlapping: 'Never', portHardwareType: '100G_AOC_QSFP28', speedMbps: 100000 });
    expect(p201?.lastHardwareDownReason).toBe('The interface receives the local fault from the peer device');
    expect(p202).toMatchObject({ state: 'UP', description: 'L2 to swx001-sx-sr01/eth100g1', mac: '303f-bb04-9c00', bandwidthKbps: 100000000 });
    expect(p202?.lastLinkFlappingSeconds).toBe(20 * 604800 + 86400 + 3600 + 14 * 60);
    expect(p202?.counters['input_total.bytes']).toBe(17510265452274433n);
    expect(p202?.counters['input_total.pauses']).toBe(758441043n);
    expect(p202?.counters['input.input_errors']).toBe(2n);
    expect(p202?.counters['output_total.packets']).toBe(2433835934867n);
    expect(p202?.inputBytesPerSec).toBe(2187508326);
    expect(p301?.counters['input.crc']).toBe(7n);
    expect(p301?.lastLinkFlapping).toBe('4 weeks 2 days 2 hours 11 minutes');
    expect(p302?.portHardwareType).toBe('no connector');
    expect(p303?.counters['input.runts']).toBe(4n);
  });

  it('display link-state-change statistics: change times per port, short names normalized', () => {
    const r = displayLinkStateChangeStatisticsParser.parse(only(/^display link-state-change/).output);
    expect(r.records.map((x) => [x.interface, x.changeTimes])).toEqual([
      ['HundredGigE2/0/1', 0n],
      ['HundredGigE2/0/2', 0n],
      ['HundredGigE2/0/3', 0n],
      ['HundredGigE3/0/1', 25n],
      ['HundredGigE3/0/2', 0n],
      ['HundredGigE3/0/3', 15n],
    ]);
    expect(r.records[3]).toMatchObject({ lastChangeTime: '2023-09-28 09:51:15', resetTime: 'Never', linkFlapBegin: 'Never', linkFlapEnd: 'Never' });
  });

  it('display priority-flow-control and packet-drop: real counters', () => {
    const pfc = displayPriorityFlowControlParser.parse(only(/^display priority-flow-control/).output);
    expect(pfc.records[0]).toEqual({
      interface: 'HundredGigE2/0/1',
      adminMode: 'Enabled',
      operMode: 'Enabled',
      dot1pList: '5',
      priority: 5,
      received: 977397189n,
      sent: 181443n,
      inPps: 1n,
      outPps: 0n,
    });
    expect(pfc.records[5]).toMatchObject({ interface: 'HundredGigE3/0/3', received: 105306409n, sent: 183320309n });
    const drop = displayPacketDropParser.parse(only(/^display packet-drop/).output);
    expect(drop.records.map((x) => [x.interface, x.inputBufferDropped, x.outputBufferDropped])).toEqual([
      ['HundredGigE2/0/1', 0n, 0n],
      ['HundredGigE2/0/2', 0n, 0n],
      ['HundredGigE2/0/3', 0n, 66n],
      ['HundredGigE3/0/1', 0n, 0n],
      ['HundredGigE3/0/2', 0n, 0n],
      ['HundredGigE3/0/3', 0n, 117n],
    ]);
    expect(drop.records[0]?.stpNonForwarding).toBe(0n);
  });

  it('display version: Comware 9.1 on an FF 12908E, 14 boards', () => {
    const r = displayVersionParser.parse(only(/^display version$/).output);
    const v = r.records[0];
    expect(v).toMatchObject({ software: 'HPE Comware Software', version: '9.1.058', release: '5210P01', vendor: 'HPE', model: 'FF 12908E', lastRebootReason: 'User reboot' });
    expect(v?.uptimeSeconds).toBe(55 * 604800 + 3 * 86400 + 12 * 3600 + 29 * 60);
    expect(v?.boards.map((b) => b.name)).toEqual(['MPU(M) 0', 'MPU(S) 1', 'LPU 2', 'LPU 3', 'LPU 4', 'LPU 5', 'LPU 6', 'LPU 7', 'NPU 10', 'NPU 11', 'NPU 12', 'NPU 13', 'NPU 14', 'NPU 15']);
    expect(v?.boards[2]?.fields['BOARD TYPE']).toBe('LSXM1CGQ48KBR1');
    expect(v?.fields['System image version']).toBe('9.1.058, Release 5210P01');
  });

  it('display environment, power and fan: every row, including the rows added by hand', () => {
    const env = displayEnvironmentParser.parse(only(/^display environment$/).output).records;
    expect(env).toHaveLength(96);
    expect(env[0]).toEqual({ slot: 0, sensor: 'inflow 1', temperatureC: 31, lowerC: 0, warningC: 48, alarmC: 60 });
    expect(env.slice(-2)).toEqual([
      { slot: 15, sensor: 'added by theo', temperatureC: 89, lowerC: 0, warningC: 88, alarmC: 98, shutdownC: 104 },
      { slot: 16, sensor: 'added by theo', temperatureC: 100, lowerC: 0, warningC: 88, alarmC: 98, shutdownC: 104 },
    ]);
    const power = displayPowerParser.parse(only(/^display power$/).output).records[0];
    expect(power?.summary['Total power']).toBe('24000W');
    expect(power?.supplies.map((s) => [s.id, s.state, s.outPowerW, s.type])).toEqual([
      [1, 'Normal', 580.93, 'PSR3000-54A'],
      [2, 'Normal', 567.42, 'PSR3000-54A'],
      [3, 'Normal', 567, 'PSR3000-54A'],
      [4, 'Normal', 647.52, 'PSR3000-54A'],
      [5, 'Normal', 566.47, 'PSR3000-54A'],
      [6, 'Normal', 553.39, 'PSR3000-54A'],
      [7, 'Normal', 592.79, 'PSR3000-54A'],
      [8, 'Normal', 594, 'PSR3000-54A'],
      [9, 'Absent', 333.33, 'Added by theo'],
      [10, 'Fault', 333.33, 'Added by theo'],
    ]);
    expect(power?.reserved).toHaveLength(14);
    expect(power?.fans).toEqual([
      { name: 'Fan[1]', powerW: 1000 },
      { name: 'Fan[2]', powerW: 1000 },
    ]);
    const fans = displayFanParser.parse(only(/^display fan$/).output).records;
    expect(fans.map((t) => [t.name, t.status, t.fans.map((f) => f.rpm)])).toEqual([
      ['Fan-tray 1', 'Normal', [7122, 5592, 5597]],
      ['Fan-tray 2', 'Normal', [7048, 5613, 5502]],
      ['Fan-tray 3', 'Absent', [3333]],
      ['Fan-tray 4', 'Fault', [4444]],
    ]);
  });

  it('fecstat (wildcard capture): six blocks, hex counters, 0xffffffff as 0', () => {
    const r = debugPortCommandFecstatParser.parse(only(/^debug port command/).output);
    expect(r.records.map((x) => [x.port, x.corrected, x.uncorrected, x.correctedInvalid ?? false])).toEqual([
      [1, 0n, 0n, false],
      [2, 0n, 0n, true],
      [3, 0n, 0n, false],
      [1, 0x14797bn, 0n, false],
      [2, 0n, 0n, true],
      [3, 0n, 0n, false],
    ]);
    expect(r.records[0]).toMatchObject({ unit: 0, fecmoncnt: 10738n, table: 'Table37', time: '10/28/2023 04:10:37:060309' });
    expect(r.records[0]?.registers.usSysieee_uncorr_cw_cnt).toBe(12n);
    expect(r.records[1]?.registers.uiIntFecUnCorrectRate).toBe(0xffffffffn);
    expect(r.records[0]?.fields.uiIntFecCorrectRate_Ber).toBe('N/A');
  });

  it('transceiver diagnosis, interface and manuinfo: real module data', () => {
    const diag = showTransceiverDiagnosisParser.parse(only(/^show trans diag interface hge 2\/0\/1$/).output).records[0];
    expect(diag?.interface).toBe('HundredGigE2/0/1');
    expect(diag?.module).toEqual({ temperatureC: 34, voltageV: 3.29, totalRxPowerDbm: 4.95, totalTxPowerDbm: 5.64 });
    expect(diag?.lanes).toEqual([
      { lane: 1, biasMa: 6.5, rxPowerDbm: -1.22, txPowerDbm: -0.42 },
      { lane: 2, biasMa: 6.5, rxPowerDbm: -0.84, txPowerDbm: -0.65 },
      { lane: 3, biasMa: 6.5, rxPowerDbm: -1.09, txPowerDbm: -0.07 },
      { lane: 4, biasMa: 6.5, rxPowerDbm: -1.16, txPowerDbm: -0.42 },
    ]);
    expect(diag?.thresholds.map((t) => t.level)).toEqual(['High', 'Low']);
    const xcvr = showTransceiverInterfaceParser.parse(only(/^show trans int hge 3\/0\/3$/).output).records[0];
    expect(xcvr).toMatchObject({
      interface: 'HundredGigE3/0/3',
      type: '100G_AOC_QSFP28',
      connector: 'No Separable Connector',
      ddm: 'YES',
      vendorName: 'TE Connectivity',
      partNumber: '2428274-3',
    });
    expect(xcvr?.notes[0]).toMatch(/^This is not a supported transceiver for this platform\./);
    const manu = showTransceiverManuinfoParser.parse(only(/^show trans manuinfo int hge 2\/0\/1$/).output).records[0];
    expect(manu).toEqual({
      interface: 'HundredGigE2/0/1',
      serial: '5BQ6AFC2326064',
      manufacturingDate: '2023-06-27',
      vendorName: 'TE Connectivity',
      fields: { 'Manu. Serial Number': '5BQ6AFC2326064', 'Manufacturing Date': '2023-06-27', 'Vendor Name': 'TE Connectivity' },
    });
  });

  describe('ntc-templates hp_comware/display_interface (Comware 5 and 7)', () => {
    const dir = 'public/ntc-templates/hp_comware/display_interface';
    const files = SHARED_AVAILABLE ? readdirSync(sharedFixture(dir)).filter((f) => f.endsWith('.raw')).sort() : [];

    it('there are samples', () => {
      expect(files.length).toBeGreaterThanOrEqual(10);
    });

    it.each(files)('%s: no unmatched lines; names, states, descriptions, MACs, speeds match the .yml', (f) => {
      const r = displayInterfaceParser.parse(read(sharedFixture(`${dir}/${f}`)));
      expect(r.unmatched).toEqual([]);
      const expected = readNtcYaml(read(sharedFixture(`${dir}/${f.replace(/\.raw$/, '.yml')}`)));
      // ntc-templates' own expectation for the Eth-channel sample names the interface "Output:"
      // (its template takes the router-style `Output:` line for a header): not a real name.
      const names = expected.map((e) => (e.interface === 'Output:' && f.includes('0615P16') ? 'Eth-channel2/0:0' : e.interface));
      expect(r.records.map((x) => x.name)).toEqual(names);
      r.records.forEach((rec, k) => {
        const e = expected[k] as Record<string, string | string[]>;
        const label = `${f} ${rec.name}`;
        expect((rec.state ?? '').replace(/\s*\(.*\)$/, ''), label).toBe(e.line_status);
        expect(rec.lineProtocol ?? '', label).toBe(e.protocol_status);
        expect(rec.description ?? '', label).toBe(e.description);
        expect(rec.mac ?? '', label).toBe((e.hw_address as string[])[0] ?? '');
        expect(rec.bandwidthKbps === undefined ? '' : `${rec.bandwidthKbps}kbps`, label).toBe((e.bandwidth as string).replace(/\s/g, ''));
        const speed = rec.speed === undefined ? '' : rec.speed.includes('/') ? rec.speed : `${rec.speed}-speed`;
        expect(speed, label).toBe(e.speed);
        expect(rec.duplex === undefined ? '' : `${rec.duplex}-duplex`, label).toBe((e.duplex as string).toLowerCase());
        expect(rec.mtu === undefined ? '' : String(rec.mtu), label).toBe(e.mtu);
        expect(rec.maxFrameLength === undefined ? '' : String(rec.maxFrameLength), label).toBe(e.l2mtu);
      });
    });

    it('Comware 7 counters of a real 160G aggregate', () => {
      const r = displayInterfaceParser.parse(read(sharedFixture(`${dir}/hp_comware_display_interface1.raw`)));
      expect(r.records[0]?.counters['input_total.bytes']).toBe(1485686536611046n);
      expect(r.records[0]?.counters['output_total.packets']).toBe(1492615088260n);
      expect(r.records[0]?.fields['VLAN Passing']).toMatch(/^2-21, 41-42, .* 111-112, .*, 131$/);
    });
  });
});
