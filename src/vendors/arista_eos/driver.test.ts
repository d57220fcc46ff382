import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { ErrorCodes } from '../../core/errors.js';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import type { SwitchLink } from '../switch-driver.js';
import { aristaEosDriver, aristaFecPoller, SWEEP } from './index.js';
import { fanHealth, psuHealth, snake, temperatureHealth } from './map.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTDATA = path.join(HERE, 'testdata');

function golden(rel: string): string {
  return readFileSync(path.join(TESTDATA, rel), 'utf8');
}

function link(links: readonly SwitchLink[], port: string): SwitchLink {
  const l = links.find((x) => x.port === port);
  expect(l, port).toBeDefined();
  return l as SwitchLink;
}

/** A sweep's outputs built from the goldens (one switch's worth of consistent text). */
function goldenSweep(): Map<string, string> {
  return new Map([
    ['show interfaces', golden('show_interfaces/routed_100g_mgmt_vlan.raw')],
    ['show hostname', golden('show_hostname/fqdn.raw')],
    ['show interfaces phy detail', golden('show_interfaces_phy_detail/100g_up_and_stale.raw').replace(/Ethernet1\/2\n/, 'Ethernet9/9\n')],
    ['show interfaces transceiver dom', golden('show_interfaces_transceiver_dom/100g_4_lanes.raw')],
    ['show priority-flow-control counters', golden('show_priority_flow_control_counters/100g.raw')],
    ['show snmp mib ifmib ifindex', golden('show_snmp_mib_ifmib_ifindex/100g.raw')],
    ['show interfaces counters discards', golden('show_interfaces_counters_discards/100g_totals.raw')],
    ['show interfaces counters queue detail', golden('show_interfaces_counters_queue_detail/100g.raw')],
    ['show interfaces counters rates', golden('show_interfaces_counters_rates/100g_truncated_names.raw')],
    ['show interfaces status errdisabled', golden('show_interfaces_status_errdisabled/one_port.raw')],
    ['show version | json', golden('show_version_json/dcs7060.raw')],
    ['show environment power | json', golden('show_environment_power_json/ok_and_ac_loss.raw')],
    ['show system environment temperature | json', golden('show_system_environment_temperature_json/system_and_psu.raw')],
    ['show system environment cooling | json', golden('show_system_environment_cooling_json/psu_and_trays.raw')],
    ['show qos interfaces ecn counters queue', golden('show_qos_interfaces_ecn_counters_queue/mixed.raw')],
  ]);
}

describe('aristaEosDriver: dialect and commands', () => {
  it('prompts, setup, exit, refusals', () => {
    const d = aristaEosDriver.dialect;
    for (const p of ['sc-r15ra2-100gsw>', 'sw1#', 'sc-r14ra18-400gsw-arista.13:44:24#', 'leaf1(config-if-Et1/1)#', 'sw1> ']) {
      expect(d.prompt.test(p), p).toBe(true);
    }
    for (const p of ['Ethernet1/1 is up, line protocol is up (connected)', '   Temperature   45.00 C', 'Port 1', '>', '{']) {
      expect(d.prompt.test(p), p).toBe(false);
    }
    expect(d.setup).toEqual(['terminal length 0', 'terminal width 1000']);
    expect(d.exit).toEqual(['exit']);
    for (const r of ['% Invalid input', '% Invalid input (at token 1: \'frobnicate\')', '% Incomplete command', '% Ambiguous command']) {
      expect(d.refused.test(r), r).toBe(true);
    }
    expect(d.refused.test('     0 input errors, 0 CRC')).toBe(false);
    expect(d.refused.test('  5 seconds input rate 224 Mbps (0.2% with framing overhead), 9631 packets/sec')).toBe(false);
  });

  it('one sweep: the seed’s commands in its order, once each, without the show hostname separators', () => {
    expect(aristaEosDriver.os).toBe('arista_eos');
    expect(aristaEosDriver.sweepCommands({ ports: [] })).toEqual([
      'show interfaces',
      'show hostname',
      'show interfaces phy detail',
      'show interfaces transceiver dom',
      'show priority-flow-control counters',
      'show snmp mib ifmib ifindex',
      'show interfaces counters discards',
      'show interfaces counters queue detail',
      'show interfaces counters rates',
      'show interfaces status errdisabled',
      'show version | json',
      'show environment power | json',
      'show system environment temperature | json',
      'show system environment cooling | json',
      'show qos interfaces ecn counters queue',
    ]);
    expect(aristaEosDriver.sweepCommands({ ports: ['Ethernet1/1'] })).toEqual(aristaEosDriver.sweepCommands({ ports: [] }));
    for (const c of SWEEP) expect(aristaEosDriver.parsers[c.parser.id]).toBe(c.parser);
  });

  it('health scales follow the seed', () => {
    expect(['ok', 'AC Loss', 'powerLoss', 'failed', 'notInserted', ''].map(psuHealth)).toEqual([0, 2, 2, 2, 3, 3]);
    expect(['ok', 'Overheating', 'warning', 'Critical', 'failed', 'Unknown'].map(temperatureHealth)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(['ok', 'Not Inserted', 'unsupported', 'Failed', 'Unknown'].map(fanHealth)).toEqual([0, 1, 1, 2, 3]);
    expect(snake('FEC corrected codewords')).toBe('fec_corrected_codewords');
    expect(snake('PMA/PMD RX signal detect')).toBe('pma_pmd_rx_signal_detect');
    expect(snake('inBytes')).toBe('in_bytes');
  });
});

describe('aristaEosDriver.map', () => {
  it('maps a whole sweep into links and switch facts', () => {
    const m = aristaEosDriver.map(goldenSweep(), 'leaf1');
    expect(m.errors).toEqual([]);
    // Only the Ethernet interfaces of `show interfaces` are links.
    expect(m.links.map((l) => l.port)).toEqual(['Ethernet1/1']);
    const l = link(m.links, 'Ethernet1/1');
    expect(l).toMatchObject({
      mac: '0c:42:a1:b2:72:75',
      description: 'L3 to spine-1 Ethernet3/1',
      speedMbps: 100000,
      operState: 'up',
      carrier: true,
      laneCounters: {},
      aristaFec: {
        corrected: { value: 8897n, changes: 8n, lastChange: '0:00:04 ago' },
        uncorrected: { value: 5n, changes: 5n, lastChange: '1 day, 7:51:07 ago' },
      },
    });
    expect(l.counters).toEqual({
      carrier_changes: 4n,
      rx_bytes: 32570174802336n,
      tx_bytes: 18446744073709551615n,
      rx_packets: 9061425941n,
      tx_packets: 13969208310n,
      rx_errors: 9n,
      tx_errors: 0n,
      rx_crc_errors: 5n,
      rx_symbol_errors: 3n,
      rx_runts: 2n,
      rx_alignment_errors: 1n,
      rx_discards: 53328n,
      tx_discards: 1468n,
      rx_pfc_frames: 897875284n,
      tx_pfc_frames: 2359769705n,
    });
    expect(l.counters.fec_corrected_codewords).toBeUndefined();
    expect(l.info).toEqual({
      link_status: 'up',
      interface_status: 'connected',
      mtu: '9000',
      duplex: 'Full-duplex',
      phy_state: 'linkUp',
      fec_alignment_lock: 'ok',
      transceiver_type: '100GBASE-SR4',
      transceiver_serial: 'V0PD8JA005X',
      phy_model: 'Bcm56965-tscf (A) (0x00c086,0x37,0xc2d5)',
      fec_mode: 'Reed-Solomon',
      fec_enabled: 'true',
      ifindex: '1001',
      out_discards_prio5: '1111',
      rx_kbps: '10100',
      tx_kbps: '5100',
      ecn_marked_tc5: '127752298',
    });
    expect(l.optics).toEqual({
      serial: 'V0PD8JA005X',
      temperatureC: 45,
      voltageV: 3.22,
      lanes: [
        { lane: 1, txBiasMa: 6.33, txPowerMw: 0.866962, rxPowerMw: 0.912011 },
        { lane: 2, txBiasMa: 6.34, txPowerMw: 0.790679, rxPowerMw: 0.889201 },
        { lane: 3, txBiasMa: 6.33, txPowerMw: 0.78886, rxPowerMw: 0.822243 },
        { lane: 4, txBiasMa: 6.34, txPowerMw: 0.879023, rxPowerMw: 0.760326 },
      ],
    });
    expect(l.raw.get('show_interfaces.crc')).toBe(5n);
    expect(l.raw.get('show_interfaces.link_status_changes')).toBe(4n);
    expect(l.raw.get('show_interfaces_phy_detail.fec_corrected_codewords.value')).toBe(8897n);
    expect(l.raw.get('show_interfaces_phy_detail.fec_corrected_codewords.changes')).toBe(8n);
    expect(l.raw.get('show_interfaces_phy_detail.fec_lane_corrected_symbols.lane_1.value')).toBe(9773n);
    expect(l.raw.get('show_interfaces_phy_detail.interrupt_count.changes')).toBe(31n);
    expect(l.raw.get('show_interfaces_counters_discards.in_discards')).toBe(4n);
    expect(l.raw.get('show_interfaces_counters_queue_detail.uc5.drop_bytes')).toBe(5678n);
    expect(l.raw.get('show_priority_flow_control_counters.tx_pfc')).toBe(2359769705n);
    expect(l.raw.get('show_qos_interfaces_ecn_counters_queue.queue_5.marked_packets')).toBe(127752298n);
    for (const v of l.raw.values()) expect(typeof v).toBe('bigint');

    expect(m.info).toEqual({
      hostname: 'sc-r15ra2-100gsw',
      vendor: 'arista',
      model: 'DCS-7060CX-32S-F',
      firmwareVersion: '4.23.0F',
      serial: 'JPE20320659',
      uptimeSeconds: 48271281.9,
      psus: [
        { name: 'PSU1', health: 0, value: 274 },
        { name: 'PSU2', health: 2, value: 276 },
      ],
      temperatures: [
        { name: 'Cpu temp sensor', health: 0, value: 36.692074981807096 },
        { name: 'CPU board temp sensor', health: 1, value: 38.125 },
        { name: 'TempSensor3', health: 3 },
        { name: 'PSU1 Inlet', health: 2, value: 39.25 },
      ],
      fans: [
        { name: 'PowerSupply1/1', health: 0, value: 11500 },
        { name: 'Fan tray 2/1', health: 1, value: 8925 },
        { name: 'Fan tray 2/2', health: 2, value: 0 },
      ],
    });
  });

  it('a stale phy detail block gives no FEC reading, no transceiver facts, no optics, no ECN', () => {
    const outputs = goldenSweep();
    const phy = (outputs.get('show interfaces phy detail') ?? '').replace(/Ethernet1\/1\n(.*\n.*\n)/, 'Ethernet1/1\n$1*** WARNING: some information is stale.\n');
    outputs.set('show interfaces phy detail', phy);
    const l = link(aristaEosDriver.map(outputs, 'leaf1').links, 'Ethernet1/1');
    expect(l.aristaFec).toBeUndefined();
    expect(l.optics).toBeUndefined();
    expect(l.info.phy_stale).toBe('true');
    expect(l.info.phy_state).toBe('linkUp');
    for (const k of ['transceiver_serial', 'transceiver_type', 'fec_alignment_lock', 'ecn_marked_tc5', 'fec_enabled']) expect(l.info[k], k).toBeUndefined();
    expect([...l.raw.keys()].some((k) => k.startsWith('show_interfaces_phy_detail.'))).toBe(false);
    // Everything else is still there.
    expect(l.counters.rx_crc_errors).toBe(5n);
    expect(l.info.ifindex).toBe('1001');
  });

  it('missing, refused and misunderstood outputs are errors, never throws', () => {
    const outputs = goldenSweep();
    outputs.delete('show interfaces transceiver dom');
    outputs.set('show qos interfaces ecn counters queue', '% Invalid input\n');
    outputs.set('show snmp mib ifmib ifindex', 'Ethernet1/1: Ifindex = 1001\nsomething odd\n');
    const m = aristaEosDriver.map(outputs, 'leaf1');
    expect(m.errors.map((e) => [e.code, e.severity, e.target])).toEqual([
      [ErrorCodes.SWITCH_COMMAND_REFUSED, 'warning', 'leaf1'],
      [ErrorCodes.PARSE_UNMATCHED, 'warning', 'leaf1'],
      [ErrorCodes.SWITCH_COMMAND_REFUSED, 'warning', 'leaf1'],
    ]);
    expect(m.errors[0]?.message).toContain('show interfaces transceiver dom: no output');
    expect(m.errors[1]?.message).toBe('show snmp mib ifmib ifindex: 1 line(s) not understood (first: line 2: "something odd")');
    expect(m.errors[2]?.message).toContain('"% Invalid input"');
    const l = link(m.links, 'Ethernet1/1');
    expect(l.optics).toBeUndefined();
    expect(l.info.ifindex).toBe('1001');
    expect(l.info.ecn_marked_tc5).toBeUndefined();
  });

  it('without show interfaces there are no links, and the error says so', () => {
    const m = aristaEosDriver.map(new Map([['show hostname', 'Hostname: a\nFQDN:     a\n']]), 'leaf1');
    expect(m.links).toEqual([]);
    expect(m.errors).toHaveLength(SWEEP.length - 1);
    expect(m.errors[0]).toMatchObject({ code: ErrorCodes.SWITCH_COMMAND_REFUSED, severity: 'error' });
    expect(m.errors.slice(1).every((e) => e.severity === 'warning')).toBe(true);
    expect(m.info).toEqual({ hostname: 'a', vendor: 'arista', psus: [], temperatures: [], fans: [] });
  });

  it('down, administratively down and errdisabled ports', () => {
    const outputs = new Map([
      ['show interfaces', golden('show_interfaces/down_portchannel_garbage.raw')],
      ['show interfaces status errdisabled', '   Port  Name  Status  Reason\n   Et2/5    x    errdisabled    link-flap\n'],
    ]);
    const m = aristaEosDriver.map(outputs, 'leaf1');
    expect(m.links.map((l) => [l.port, l.operState, l.carrier, l.info.link_status, l.counters.carrier_changes])).toEqual([
      ['Ethernet2/5', 'down', false, 'down', 31n],
      ['Ethernet49/1', 'notpresent', false, 'administratively down', 1n],
    ]);
    expect(link(m.links, 'Ethernet2/5').info.errdisabled_reason).toBe('link-flap');
    expect(m.errors.filter((e) => e.code === ErrorCodes.PARSE_UNMATCHED).map((e) => e.message)).toEqual([
      'show interfaces: 4 line(s) not understood (first: line 31: "  This line is not something EOS prints")',
    ]);
  });
});

describe('aristaFecPoller (fast polling)', () => {
  it('asks for the due ports’ phy detail and reads their registers; stale ports give no reading', () => {
    expect(aristaFecPoller.command(['Ethernet1/1'])).toBe('show interfaces Ethernet1/1 phy detail');
    expect(aristaFecPoller.command(['Ethernet1/1', 'Ethernet2/1'])).toBe('show interfaces Ethernet1/1,Ethernet2/1 phy detail');
    const readings = aristaFecPoller.read(golden('show_interfaces_phy_detail/100g_up_and_stale.raw'));
    expect([...readings.keys()]).toEqual(['Ethernet1/1', 'Ethernet2/1']);
    expect(readings.get('Ethernet2/1')).toEqual({
      corrected: { value: 4294967295n, changes: 1053515n, lastChange: '0:00:04 ago' },
      uncorrected: { value: 661n, changes: 4n, lastChange: '1 day, 7:51:07 ago' },
    });
    expect(aristaFecPoller.read('% Invalid input\n').size).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The real capture (a stitched session of several switches: values differ between commands)
// ---------------------------------------------------------------------------------------------

const PROMPT_RE = /^[\w.:-]+[>#](.*)$/;

function sessionOutputs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let cmd: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (cmd !== undefined && !out.has(cmd)) out.set(cmd, lines.join('\n'));
  };
  for (const line of text.split('\n')) {
    const m = PROMPT_RE.exec(line);
    if (!m) {
      lines.push(line);
      continue;
    }
    flush();
    cmd = (m[1] ?? '').trim();
    lines = [];
  }
  flush();
  return out;
}

describe.skipIf(!SHARED_AVAILABLE)('aristaEosDriver.map on the real 100G session', () => {
  it('maps the capture (its abbreviated commands) into four links with the printed values', () => {
    const outputs = sessionOutputs(readFileSync(sharedFixture('cluster-captures/switch/arista_eos-100g.session.txt'), 'utf8'));
    const m = aristaEosDriver.map(outputs, 'sc-r15ra2-100gsw');
    expect(m.errors).toEqual([]);
    expect(m.links.map((l) => l.port)).toEqual(['Ethernet1/1', 'Ethernet2/1', 'Ethernet3/1', 'Ethernet4/1']);
    const e11 = link(m.links, 'Ethernet1/1');
    expect(e11).toMatchObject({ mac: 'c0:69:11:02:72:75', speedMbps: 100000, operState: 'up', carrier: true });
    expect(e11.counters).toMatchObject({
      carrier_changes: 0n,
      rx_bytes: 32570174802336n,
      rx_runts: 2n,
      rx_discards: 53328n,
      tx_discards: 1468n,
      rx_pfc_frames: 897875284n,
    });
    expect(e11.aristaFec).toEqual({
      corrected: { value: 8897n, changes: 8n, lastChange: '29 days, 7:31:56 ago' },
      uncorrected: { value: 5n, changes: 5n, lastChange: '29 days, 7:51:07 ago' },
    });
    expect(e11.optics?.lanes[0]).toEqual({ lane: 1, txBiasMa: 6.33, txPowerMw: 0.866962, rxPowerMw: 0.912011 });
    expect(e11.info).toMatchObject({ ifindex: '1001', rx_kbps: '10100', out_discards_prio5: '1111', transceiver_serial: 'V0PD8JA005X' });
    expect(link(m.links, 'Ethernet4/1').counters.rx_crc_errors).toBe(5n);
    expect(link(m.links, 'Ethernet4/1').info.errdisabled_reason).toBe('lfs');
    expect(link(m.links, 'Ethernet2/1').aristaFec?.corrected).toEqual({ value: 114726n, changes: 5n, lastChange: '32 days, 1:32:41 ago' });
    expect(m.info).toMatchObject({ hostname: 'sc-r15ra2-100gsw', model: 'DCS-7060CX-32S-F', firmwareVersion: '4.23.0F', serial: 'JPE20320659' });
    expect(m.info.psus.map((p) => p.health)).toEqual([0, 2]);
    expect(m.info.temperatures).toHaveLength(38);
    expect(m.info.fans.map((f) => [f.name, f.health, f.value])).toEqual([
      ['PowerSupply1/1', 0, 11500],
      ['PowerSupply2/1', 0, 11500],
      ['Fan tray 1/1', 0, 8925],
      ['Fan tray 2/1', 1, 8925],
      ['Fan tray 3/1', 2, 8925],
      ['Fan tray 4/1', 3, 8925],
    ]);
  });
});
