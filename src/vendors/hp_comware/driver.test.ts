import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/errors.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import type { SwitchLink } from '../switch-driver.js';
import {
  BASE_COMMANDS,
  classifyCommand,
  diagnosisCommand,
  fecstatCommand,
  manuinfoCommand,
  transceiverCommand,
} from './commands.js';
import { hpComwareDriver, hpComwareParsers } from './index.js';
import { splitSession } from './test-helpers.js';
import { dbmToMw } from './util.js';

const { dialect } = hpComwareDriver;

describe('hpComwareDriver: dialect', () => {
  it('matches the three prompts at the end of the output, and not table headings', () => {
    for (const p of ['<sc-r15ra1-100gsw256-hpe>', '[sc-r15ra1-100gsw256-hpe]', '[sc-r15ra1-100gsw256-hpe-probe]', ' <swx01-100gsw-mhp>', '<sw1> ']) {
      expect(dialect.prompt.test(p), p).toBe(true);
    }
    for (const p of ['[module]  Temp.(C)', '[module]', '[channel]', 'HundredGigE2/0/1', '<sw1>display fan', '  ---- More ----', '']) {
      expect(dialect.prompt.test(p), p).toBe(false);
    }
  });

  it('recognizes Comware parser errors, and nothing of a normal output', () => {
    for (const l of [
      " % Unrecognized command found at '^' position.",
      "% Wrong parameter found at '^' position.",
      " % Incomplete command found at '^' position.",
      " % Too many parameters found at '^' position.",
      " % Ambiguous command found at '^' position.",
    ]) {
      expect(dialect.refused.test(l), l).toBe(true);
    }
    for (const l of ['The transceiver is absent.', 'Current state: DOWN', ' Last 300 seconds input: 0 packets/sec 0 bytes/sec -%', 'Unicast max-ratio: 100%']) {
      expect(dialect.refused.test(l), l).toBe(false);
    }
  });

  it('sets up paging, system view and probe view; leaves all three views', () => {
    expect(dialect.setup).toEqual(['screen-length disable', 'system-view', 'probe']);
    expect(dialect.exit).toEqual(['quit', 'quit', 'quit']);
  });
});

describe('hpComwareDriver: sweepCommands', () => {
  it('first sweep: the seed base commands only (the collector asks again once it knows the ports)', () => {
    const cmds = hpComwareDriver.sweepCommands({ ports: [] });
    expect(cmds.slice(0, 8)).toEqual([
      'show int HundredGigE',
      'display link-state-change statistics interface HundredGigE',
      'display priority-flow-control interface hge',
      'display packet-drop interface hge',
      'display version',
      'display environment',
      'display power',
      'display fan',
    ]);
    expect(cmds).toHaveLength(8);
    expect(cmds.some((c) => c.includes('transceiver'))).toBe(false);
  });

  it('later sweeps: base commands, then FEC and the three transceiver commands of each known port, in slot/port order', () => {
    const cmds = hpComwareDriver.sweepCommands({ ports: ['HundredGigE3/0/2', 'HGE2/0/10', 'HundredGigE2/0/9', 'hge3/0/2', 'Bridge-Aggregation1', 'M-GigabitEthernet0/0/0'] });
    expect(cmds.slice(0, 8)).toEqual([...BASE_COMMANDS]);
    expect(cmds.slice(8)).toEqual([
      'debug port command slot 2 phy/fecstat/0/9',
      'show transceiver diagnosis interface hge 2/0/9',
      'show transceiver interface hge 2/0/9',
      'show transceiver manuinfo interface hge 2/0/9',
      'debug port command slot 2 phy/fecstat/0/10',
      'show transceiver diagnosis interface hge 2/0/10',
      'show transceiver interface hge 2/0/10',
      'show transceiver manuinfo interface hge 2/0/10',
      'debug port command slot 3 phy/fecstat/0/2',
      'show transceiver diagnosis interface hge 3/0/2',
      'show transceiver interface hge 3/0/2',
      'show transceiver manuinfo interface hge 3/0/2',
    ]);
  });

  it('only non-HundredGigE ports known: the base commands, as on a first sweep', () => {
    expect(hpComwareDriver.sweepCommands({ ports: ['Bridge-Aggregation1'] })).toEqual(hpComwareDriver.sweepCommands({ ports: [] }));
  });

  it('every command it sends is recognized when mapping, as are the capture spellings', () => {
    const all = [...hpComwareDriver.sweepCommands({ ports: [] }), ...hpComwareDriver.sweepCommands({ ports: ['HundredGigE4/0/48'] })];
    for (const c of all) expect(classifyCommand(c), c).toBeDefined();
    expect(classifyCommand('show trans diag interface hge 2/0/1')).toEqual({ kind: 'diagnosis', slot: 2, port: 1 });
    expect(classifyCommand('show trans int hge 3/0/3')).toEqual({ kind: 'transceiver', slot: 3, port: 3 });
    expect(classifyCommand('show trans manuinfo int hge 2/0/1')).toEqual({ kind: 'manuinfo', slot: 2, port: 1 });
    expect(classifyCommand('display interface HundredGigE')).toEqual({ kind: 'interface' });
    expect(classifyCommand('display interface brief')).toBeUndefined();
    expect(classifyCommand('system-view')).toBeUndefined();
  });

  it('parsers are exposed by id', () => {
    expect(hpComwareDriver.parsers).toBe(hpComwareParsers);
    expect(hpComwareDriver.os).toBe('hp_comware');
  });
});

const IFACE_UP = `HundredGigE2/0/1
Current state: UP
Line protocol state: UP
IP packet frame type: Ethernet II, hardware address: 5477-8a3b-0601
Description: to node-1
Bandwidth: 100000000 kbps
100Gbps-speed mode, full-duplex mode
Last link flapping: 2 days 3 hours 4 minutes
 Input (total):  100 packets, 6400 bytes
\t 100 unicasts, 0 broadcasts, 0 multicasts, 0 pauses
 Input:  3 input errors, 1 runts, 0 giants, 0 throttles
\t 2 CRC, 0 frame, - overruns, 0 aborts
 Output (total): 50 packets, 3200 bytes
\t 50 unicasts, 0 broadcasts, 0 multicasts, 0 pauses
 Output: 0 output errors, - underruns, 0 buffer failures

HundredGigE2/0/2
Current state: Administratively DOWN
Line protocol state: DOWN
Bandwidth: 100000000 kbps
Unknown-speed mode, unknown-duplex mode
Last link flapping: Never

`;

describe('hpComwareDriver: map', () => {
  it('never throws and reports every missing output; no interface output means no links (an error)', () => {
    const r = hpComwareDriver.map(new Map(), 'sw1');
    expect(r.links).toEqual([]);
    expect(r.info).toEqual({ vendor: 'hpe', psus: [], temperatures: [], fans: [] });
    expect(r.errors.map((e) => [e.code, e.severity])).toEqual([
      [ErrorCodes.SWITCH_COMMAND_REFUSED, 'error'],
      ...Array.from({ length: 7 }, () => [ErrorCodes.SWITCH_COMMAND_REFUSED, 'warning']),
    ]);
    expect(r.errors[0]?.target).toBe('sw1');
    expect(r.errors[0]?.message).toMatch(/interface command/);
  });

  it('maps a minimal sweep: counters, states, admin down without carrier, missing tables as warnings', () => {
    const r = hpComwareDriver.map(new Map([['show int HundredGigE', IFACE_UP]]), 'sw1');
    expect(r.links.map((l) => l.port)).toEqual(['HundredGigE2/0/1', 'HundredGigE2/0/2']);
    const [up, down] = r.links as [SwitchLink, SwitchLink];
    expect(up).toMatchObject({ mac: '54:77:8a:3b:06:01', description: 'to node-1', speedMbps: 100000, operState: 'up', carrier: true });
    expect(up.counters).toEqual({
      rx_bytes: 6400n,
      tx_bytes: 3200n,
      rx_packets: 100n,
      tx_packets: 50n,
      rx_errors: 3n,
      tx_errors: 0n,
      rx_crc_errors: 2n,
      rx_runts: 1n,
      rx_alignment_errors: 0n,
    });
    expect(up.raw.get('comware.input.crc')).toBe(2n);
    expect(up.info.last_link_flapping).toBe('2 days 3 hours 4 minutes');
    expect(down.operState).toBe('administratively down');
    expect(down.carrier).toBeUndefined();
    expect(down.speedMbps).toBe(100000);
    expect(down.counters.carrier_changes).toBeUndefined();
    expect(r.errors.every((e) => e.severity === 'warning')).toBe(true);
    expect(r.errors).toHaveLength(7);
  });

  it('carrier_changes from the link-state table, PFC sums, discards, FEC (0xffffffff → 0) and optics per port', () => {
    const outputs = new Map<string, string>([
      ['show int HundredGigE', IFACE_UP],
      [
        'display link-state-change statistics interface HundredGigE',
        'Interface              Change-times  Last-change-time     Reset link-state time\n                                     Link-flap-begin      Link-flap-end\nHGE2/0/1               7             2024-02-09 01:23:11  Never\n                                     Never                Never\n',
      ],
      [
        'display priority-flow-control interface hge',
        'Interface                        AdminMode  OperMode  Dot1pList   Prio  Recv       Send       Inpps      Outpps\nHGE2/0/1                         Enabled    Enabled   3,5         3     10         20         0          0\n                                                                  5     100        200        0          0\n',
      ],
      ['display packet-drop interface hge', 'HundredGigE2/0/1:\n  Packets dropped due to STP non-forwarding state: 4\n  Packets dropped due to insufficient data buffer. Input dropped: 5 Output dropped:6\n'],
      [fecstatCommand(2, 1), '---------------------\nu=0 p=1 fecmoncnt=5\nuiIntFecCorrect=0x10\nuiIntFecUnCorrect=0x2\n***end***\n'],
      [fecstatCommand(2, 2), '---------------------\nu=0 p=2 fecmoncnt=5\nuiIntFecCorrect=0xffffffff\nuiIntFecUnCorrect=0xffffffff\n***end***\n'],
      [
        diagnosisCommand(2, 1),
        'HundredGigE2/0/1 transceiver diagnostic information:\n  Current diagnostic parameters:\n[module]  Temp.(C)   Voltage(V)     Total RX power(dBm)   Total TX power(dBm)\n          34         3.29           4.95                  5.64\n[channel] Bias(mA)  RX power(dBm)  TX power(dBm)\n    1     6.50      -1.22          -0.42\n    2     6.40      -inf           0.00\n',
      ],
      [transceiverCommand(2, 1), 'HundredGigE2/0/1 transceiver information:\n  Transceiver Type              : 100G_AOC_QSFP28\n  Vendor Name                   : TE Connectivity\n  Vendor Part Number            : 2428274-3\n'],
      [manuinfoCommand(2, 1), 'HundredGigE2/0/1 transceiver manufacture information:\n  Manu. Serial Number : 5BQ6AFC2326064\n'],
      [diagnosisCommand(2, 2), 'HundredGigE2/0/2 transceiver diagnostic information:\nThe transceiver is absent.\n'],
      [transceiverCommand(2, 2), 'HundredGigE2/0/2 transceiver information:\nThe transceiver is absent.\n'],
      // Grid positions without a port: refused by the switch, ignored here.
      [fecstatCommand(8, 48), "                     ^\n % Wrong parameter found at '^' position.\n"],
      [fecstatCommand(2, 47), '---------------------\nu=0 p=47 fecmoncnt=5\nuiIntFecCorrect=0x99\n***end***\n'],
    ]);
    const r = hpComwareDriver.map(outputs, 'sw1');
    expect(r.links).toHaveLength(2);
    const [a, b] = r.links as [SwitchLink, SwitchLink];
    expect(a.counters).toMatchObject({
      carrier_changes: 7n,
      rx_pfc_frames: 110n,
      tx_pfc_frames: 220n,
      rx_discards: 5n,
      tx_discards: 6n,
      fec_corrected_codewords: 16n,
      fec_uncorrected_codewords: 2n,
    });
    expect(a.raw.get('link_state.change_times')).toBe(7n);
    expect(a.raw.get('pfc.prio5.received')).toBe(100n);
    expect(a.raw.get('packet_drop.stp_non_forwarding_state')).toBe(4n);
    expect(a.raw.get('fecstat.uiIntFecCorrect')).toBe(16n);
    expect(a.info).toMatchObject({ last_change_time: '2024-02-09 01:23:11', pfc_priorities: '3,5', transceiver_type: '100G_AOC_QSFP28' });
    expect(a.optics).toEqual({
      identifier: '100G_AOC_QSFP28',
      vendor: 'TE Connectivity',
      partNumber: '2428274-3',
      serial: '5BQ6AFC2326064',
      temperatureC: 34,
      voltageV: 3.29,
      lanes: [
        { lane: 1, txBiasMa: 6.5, txPowerMw: dbmToMw(-0.42), rxPowerMw: dbmToMw(-1.22) },
        { lane: 2, txBiasMa: 6.4, txPowerMw: 1, rxPowerMw: 0 },
      ],
    });
    expect(b.counters.fec_corrected_codewords).toBe(0n);
    expect(b.counters.fec_uncorrected_codewords).toBe(0n);
    expect(b.raw.get('fecstat.uiIntFecCorrect')).toBe(0xffffffffn);
    expect(b.info.fecstat).toMatch(/0xffffffff/);
    expect(b.info.transceiver).toBe('absent');
    expect(b.optics).toBeUndefined();
    // Only the warnings for the four missing system commands: the refused grid position is ignored.
    expect(r.errors.map((e) => e.code)).toEqual(Array.from({ length: 4 }, () => ErrorCodes.SWITCH_COMMAND_REFUSED));
  });

  it('reports unmatched lines and refusals per command as warnings, and keeps the rest', () => {
    const r = hpComwareDriver.map(
      new Map([
        ['show int HundredGigE', `${IFACE_UP}this is not comware\n`],
        ['display version', "            ^\n % Unrecognized command found at '^' position.\n"],
        [fecstatCommand(2, 1), 'garbage\n'],
      ]),
      'sw1',
    );
    expect(r.links).toHaveLength(2);
    const unmatched = r.errors.filter((e) => e.code === ErrorCodes.PARSE_UNMATCHED);
    expect(unmatched.map((e) => e.message)).toEqual([
      'show int HundredGigE: 1 line(s) not understood (first: line 24: "this is not comware")',
      'debug port command slot 2 phy/fecstat/0/1: 1 line(s) not understood (first: line 1: "garbage")',
    ]);
    expect(unmatched.every((e) => e.severity === 'warning' && e.target === 'sw1')).toBe(true);
    expect(r.errors.some((e) => e.code === ErrorCodes.SWITCH_COMMAND_REFUSED && e.message.includes('"display version" refused'))).toBe(true);
  });

  it('takes the hostname from a trailing prompt when the output still has one', () => {
    const r = hpComwareDriver.map(new Map([['show int HundredGigE', `${IFACE_UP}[sw-gsw256-probe]`]]), 'x');
    expect(r.info.hostname).toBe('sw-gsw256');
    expect(r.links).toHaveLength(2);
    expect(r.errors.some((e) => e.code === ErrorCodes.PARSE_UNMATCHED)).toBe(false);
  });

  it('survives random outputs for every command', () => {
    const cmds = hpComwareDriver.sweepCommands({ ports: ['HundredGigE2/0/1'] });
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['HundredGigE2/0/1', 'HGE2/0/1', ':', ' ', '\n', '0x', 'ffffffff', '---', 'Input:', '1', '-', '(total)', 'Never', '[module]', '%'];
    for (let k = 0; k < 50; k++) {
      const outputs = new Map(cmds.map((c) => [c, Array.from({ length: 60 }, () => pieces[Math.floor(rnd() * pieces.length)]).join('')]));
      expect(() => hpComwareDriver.map(outputs, 'sw1')).not.toThrow();
    }
  });
});

describe.skipIf(!SHARED_AVAILABLE)('hpComwareDriver: map of the real capture', () => {
  const session = SHARED_AVAILABLE ? splitSession(readFileSync(sharedFixture('cluster-captures/switch/comware.session.txt'), 'utf8')) : [];
  const outputs = new Map<string, string>();
  for (const c of session) {
    if (c.command === 'show int HundredGigE 2/0/1') outputs.set('show int HundredGigE', c.output);
    else if (c.command.startsWith('display link-state-change')) outputs.set('display link-state-change statistics interface HundredGigE', c.output);
    else if (c.command === 'debug port command slot * phy/fecstat/0/*') {
      // The wildcard output holds slot 2 ports 1..3, then slot 3 ports 1..3 (its timestamps follow
      // the show int times of those slots): one output per port, as the driver's commands get.
      const blocks = c.output.split(/(?=^-{21}$)/m).filter((b) => b.startsWith('---'));
      blocks.forEach((b, k) => outputs.set(fecstatCommand(2 + Math.floor(k / 3), (k % 3) + 1), b));
    } else if (classifyCommand(c.command)) outputs.set(c.command, c.output);
  }
  const r = SHARED_AVAILABLE ? hpComwareDriver.map(outputs, 'sc-r15ra1-100gsw256-hpe') : undefined;
  const link = (port: string): SwitchLink => {
    const l = r?.links.find((x) => x.port === port);
    if (!l) throw new Error(`no ${port}`);
    return l;
  };

  it('six ports, no errors', () => {
    expect(r?.links.map((l) => l.port)).toEqual(['HundredGigE2/0/1', 'HundredGigE2/0/2', 'HundredGigE2/0/3', 'HundredGigE3/0/1', 'HundredGigE3/0/2', 'HundredGigE3/0/3']);
    expect(r?.errors).toEqual([]);
  });

  it('per-port counters from every table', () => {
    expect(link('HundredGigE3/0/1').counters).toMatchObject({
      carrier_changes: 25n,
      rx_bytes: 6164555687605n,
      tx_bytes: 9047324805736n,
      rx_packets: 1817439047n,
      rx_crc_errors: 7n,
      rx_pfc_frames: 59703424n,
      tx_pfc_frames: 4064690n,
      rx_discards: 0n,
      tx_discards: 0n,
      fec_corrected_codewords: 1341819n,
      fec_uncorrected_codewords: 0n,
    });
    expect(link('HundredGigE3/0/3').counters).toMatchObject({ carrier_changes: 15n, rx_runts: 4n, tx_discards: 117n });
    const p202 = link('HundredGigE2/0/2');
    expect(p202).toMatchObject({ operState: 'up', carrier: true, mac: '30:3f:bb:04:9c:00', description: 'L2 to swx001-sx-sr01/eth100g1', speedMbps: 100000 });
    expect(p202.counters).toMatchObject({ rx_errors: 2n, fec_corrected_codewords: 0n, fec_uncorrected_codewords: 0n });
    expect(p202.info.fecstat).toMatch(/0xffffffff/);
    expect(link('HundredGigE2/0/1')).toMatchObject({ operState: 'down', carrier: false });
    expect(link('HundredGigE2/0/1').info.last_link_flapping).toBe('Never');
  });

  it('optics: module, serial and per-lane mW from dBm', () => {
    const o = link('HundredGigE2/0/1').optics;
    expect(o).toMatchObject({ identifier: '100G_AOC_QSFP28', vendor: 'TE Connectivity', partNumber: '2428274-3', serial: '5BQ6AFC2326064', temperatureC: 34, voltageV: 3.29 });
    expect(o?.lanes).toHaveLength(4);
    expect(o?.lanes[0]).toEqual({ lane: 1, txBiasMa: 6.5, txPowerMw: 0.9078, rxPowerMw: 0.7551 });
  });

  it('switch facts on the seed health scale', () => {
    const info = r?.info;
    expect(info).toMatchObject({ vendor: 'hpe', model: 'FF 12908E', firmwareVersion: '9.1.058', uptimeSeconds: 55 * 604800 + 3 * 86400 + 12 * 3600 + 29 * 60 });
    expect(info?.psus.map((p) => [p.name, p.health])).toEqual([
      ['PSU1', 0],
      ['PSU2', 0],
      ['PSU3', 0],
      ['PSU4', 0],
      ['PSU5', 0],
      ['PSU6', 0],
      ['PSU7', 0],
      ['PSU8', 0],
      ['PSU9', 1],
      ['PSU10', 2],
    ]);
    expect(info?.psus[0]?.value).toBe(580.93);
    expect(info?.psus[8]?.value).toBeUndefined();
    expect(info?.temperatures).toHaveLength(96);
    expect(info?.temperatures[0]).toEqual({ name: 'slot 0 inflow 1', health: 0, value: 31 });
    expect(info?.temperatures.filter((t) => t.name.startsWith('slot 2 chip 0')).map((t) => t.name)).toEqual(['slot 2 chip 0', 'slot 2 chip 0 2', 'slot 2 chip 0 3']);
    expect(info?.temperatures.slice(-2)).toEqual([
      { name: 'slot 15 added by theo', health: 1, value: 89 },
      { name: 'slot 16 added by theo', health: 2, value: 100 },
    ]);
    expect(info?.fans.map((f) => [f.name, f.health, f.value])).toEqual([
      ['Fan-tray 1 / 1', 0, 7122],
      ['Fan-tray 1 / 2', 0, 5592],
      ['Fan-tray 1 / 3', 0, 5597],
      ['Fan-tray 2 / 1', 0, 7048],
      ['Fan-tray 2 / 2', 0, 5613],
      ['Fan-tray 2 / 3', 0, 5502],
      ['Fan-tray 3 / 1', 1, 3333],
      ['Fan-tray 4 / 1', 2, 4444],
    ]);
  });
});
