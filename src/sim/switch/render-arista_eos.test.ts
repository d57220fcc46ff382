import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { SHARED_AVAILABLE, sharedFixture } from '../../../test/helpers/shared-fixtures.js';
import type { SwitchLink } from '../../vendors/switch-driver.js';
import { aristaEosDriver, aristaFecPoller, SWEEP } from '../../vendors/arista_eos/index.js';
import { showInterfacesPhyDetailParser } from '../../vendors/arista_eos/show_interfaces_phy_detail.js';
import type { SimCliSession } from './cli.js';
import { aristaEosSimCli } from './render-arista_eos.js';
import { advanceSimSwitch, applySimEvent, createSimSwitch, type SimSwitch } from './state.js';

const T0 = Date.UTC(2023, 9, 29, 2, 45, 48);

function sweep(sw: SimSwitch, session: SimCliSession = aristaEosSimCli.newSession()): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of aristaEosDriver.sweepCommands({ ports: [] })) {
    const r = aristaEosSimCli.run(sw, session, c);
    expect(r.close, c).toBeFalsy();
    out.set(c, r.output);
  }
  return out;
}

function link(links: readonly SwitchLink[], port: string): SwitchLink {
  const l = links.find((x) => x.port === port);
  expect(l, port).toBeDefined();
  return l as SwitchLink;
}

/** 8 ports; port 0 flapped, port 1 had a FEC burst, port 2 CRC errors, port 3 went down. */
function eventfulSwitch(): SimSwitch {
  const sw = createSimSwitch({ name: 'leaf-7', os: 'arista_eos', ports: 8, nowMs: T0 });
  applySimEvent(sw, { kind: 'flap', port: 0 });
  applySimEvent(sw, { kind: 'fec_burst', port: 1, corrected: 1234, uncorrected: 3 });
  applySimEvent(sw, { kind: 'crc', port: 2, count: 7 });
  applySimEvent(sw, { kind: 'port_down', port: 3 });
  advanceSimSwitch(sw, T0 + 5000);
  return sw;
}

describe('aristaEosSimCli: every sweep command parses and maps back to the state', () => {
  it('renders each sweep command so that its parser understands every line', () => {
    const sw = eventfulSwitch();
    const outputs = sweep(sw);
    for (const c of SWEEP) {
      const raw = outputs.get(c.command) ?? '';
      const r = c.parser.parse(raw);
      expect(r.unmatched, c.command).toEqual([]);
      if (c.command !== 'show interfaces status errdisabled') expect(r.records.length, c.command).toBeGreaterThan(0);
    }
  });

  it('map returns the state’s values: flaps, bytes, CRC, FEC registers, the down port, optics', () => {
    const sw = eventfulSwitch();
    const m = aristaEosDriver.map(sweep(sw), sw.name);
    expect(m.errors).toEqual([]);
    expect(m.links.map((l) => l.port)).toEqual(sw.ports.map((p) => `Ethernet${p.port}/1`));
    for (const p of sw.ports) {
      const l = link(m.links, `Ethernet${p.port}/1`);
      expect(l.mac).toBe(p.mac);
      expect(l.description).toBe(p.description);
      expect(l.speedMbps).toBe(p.speedMbps);
      expect(l.operState).toBe(p.operUp ? 'up' : 'down');
      expect(l.carrier).toBe(p.operUp);
      expect(l.counters).toMatchObject({
        carrier_changes: BigInt(p.linkChanges),
        rx_bytes: p.rxBytes,
        tx_bytes: p.txBytes,
        rx_packets: p.rxPackets,
        tx_packets: p.txPackets,
        rx_errors: p.inputErrors,
        rx_crc_errors: p.crcErrors,
        rx_symbol_errors: p.symbolErrors,
        rx_runts: p.runts,
        rx_alignment_errors: p.alignmentErrors,
        rx_discards: p.inDiscards,
        tx_discards: p.outDiscards,
        rx_pfc_frames: p.rxPfcPrio5,
        tx_pfc_frames: p.txPfcPrio5,
      });
      expect(l.aristaFec).toEqual({
        corrected: { value: p.fecCorrectedLast, changes: BigInt(p.fecCorrectedChanges), lastChange: p.fecCorrectedChanges ? '0:00:01 ago' : 'never' },
        uncorrected: { value: p.fecUncorrectedLast, changes: BigInt(p.fecUncorrectedChanges), lastChange: p.fecUncorrectedChanges ? '0:00:01 ago' : 'never' },
      });
      const o = p.optics;
      expect(l.optics?.temperatureC).toBe(o?.temperatureC);
      expect(l.optics?.voltageV).toBe(o?.voltageV);
      expect(l.optics?.serial).toBe(o?.serial);
      expect(l.optics?.lanes).toHaveLength(4);
      for (const [i, lane] of (l.optics?.lanes ?? []).entries()) {
        const s = o?.lanes[i];
        expect(lane.lane).toBe(i + 1);
        expect(lane.txBiasMa).toBe(s?.biasMa);
        expect(lane.txPowerMw).toBeCloseTo(10 ** ((s?.txPowerDbm ?? 0) / 10), 5);
        expect(lane.rxPowerMw).toBeCloseTo(10 ** ((s?.rxPowerDbm ?? 0) / 10), 5);
      }
      expect(l.info).toMatchObject({
        ifindex: String(p.port * 1000 + 1),
        rx_kbps: String(p.operUp ? p.rxKbps : 0),
        tx_kbps: String(p.operUp ? p.txKbps : 0),
        transceiver_type: o?.type,
        out_discards_prio5: String(p.outDiscardsPrio5),
        ecn_marked_tc5: String(p.ecnMarkedTc5),
        fec_alignment_lock: p.operUp ? 'ok' : 'unaligned',
      });
    }
    // The events, one by one.
    expect(link(m.links, 'Ethernet1/1').counters.carrier_changes).toBe(4n);
    expect(link(m.links, 'Ethernet2/1').aristaFec).toEqual({
      corrected: { value: 1234n, changes: 1n, lastChange: '0:00:01 ago' },
      uncorrected: { value: 3n, changes: 1n, lastChange: '0:00:01 ago' },
    });
    expect(link(m.links, 'Ethernet3/1').counters.rx_crc_errors).toBe(7n);
    expect(link(m.links, 'Ethernet4/1')).toMatchObject({ operState: 'down', carrier: false, info: { link_status: 'down', interface_status: 'notconnect' } });
    expect(link(m.links, 'Ethernet4/1').counters.carrier_changes).toBe(3n);

    expect(m.info).toMatchObject({ hostname: 'leaf-7', vendor: 'arista', model: sw.model, firmwareVersion: sw.firmware, serial: sw.serial });
    expect(m.info.uptimeSeconds).toBeCloseTo(sw.uptimeS, 1);
    expect(m.info.psus).toEqual(sw.psus.map((p) => ({ name: p.name, health: 0, value: p.outputW })));
    expect(m.info.temperatures).toEqual(sw.temperatures.map((t) => ({ name: t.name, health: 0, value: t.celsius })));
    expect(m.info.fans.filter((f) => f.name.startsWith('Fan tray'))).toEqual(sw.fans.map((f, i) => ({ name: `Fan tray ${i + 1}/1`, health: 0, value: f.rpm })));
  });

  it('FEC updates spread over several register periods: a slow reader sees the last value and the update count', () => {
    const sw = eventfulSwitch();
    applySimEvent(sw, { kind: 'fec_burst', port: 5, corrected: 30, updates: 3 });
    advanceSimSwitch(sw, T0 + 5000 + 3 * 2000);
    const l = link(aristaEosDriver.map(sweep(sw), sw.name).links, 'Ethernet6/1');
    expect(l.aristaFec?.corrected).toEqual({ value: 10n, changes: 3n, lastChange: '0:00:01 ago' });
    expect(sw.ports[5]?.fecCorrected).toBe(30n);
  });

  it('an errdisabled port: status table, stale phy detail, no FEC reading', () => {
    const sw = eventfulSwitch();
    const p = sw.ports[6];
    if (!p) throw new Error('no port 6');
    p.operUp = false;
    p.errdisabled = 'link-flap';
    const outputs = sweep(sw);
    for (const c of SWEEP) expect(c.parser.parse(outputs.get(c.command) ?? '').unmatched, c.command).toEqual([]);
    expect(outputs.get('show interfaces status errdisabled')).toContain('   Et7/1       to node-007 ens1f0         errdisabled    link-flap');
    const l = link(aristaEosDriver.map(outputs, sw.name).links, 'Ethernet7/1');
    expect(l).toMatchObject({ operState: 'down', info: { errdisabled_reason: 'link-flap', phy_stale: 'true', phy_state: 'errDisabled', interface_status: 'errdisabled' } });
    expect(l.aristaFec).toBeUndefined();
    expect(l.optics).toBeUndefined();
  });

  it('a port without a transceiver: N/A DOM block, no optics', () => {
    const sw = eventfulSwitch();
    const p = sw.ports[7];
    if (!p) throw new Error('no port 7');
    delete p.optics;
    const outputs = sweep(sw);
    expect(showInterfacesPhyDetailParser.parse(outputs.get('show interfaces phy detail') ?? '').unmatched).toEqual([]);
    const dom = outputs.get('show interfaces transceiver dom') ?? '';
    expect(dom).toContain('Port 8\nLast update: N/A\n');
    expect(SWEEP[3]?.parser.parse(dom).unmatched).toEqual([]);
    expect(link(aristaEosDriver.map(outputs, sw.name).links, 'Ethernet8/1').optics).toBeUndefined();
  });
});

describe('aristaEosSimCli: the session', () => {
  it('paging, width, privilege, exit, unknown commands', () => {
    const sw = eventfulSwitch();
    const s = aristaEosSimCli.newSession();
    expect(s).toEqual({ mode: 'exec', pagingOff: false });
    expect(aristaEosSimCli.prompt(sw, s)).toBe('leaf-7>');
    expect(aristaEosDriver.dialect.prompt.test(aristaEosSimCli.prompt(sw, s))).toBe(true);
    expect(aristaEosSimCli.run(sw, s, 'terminal length 0')).toEqual({ output: 'Pagination disabled.\n' });
    expect(s.pagingOff).toBe(true);
    expect(aristaEosSimCli.run(sw, s, 'terminal width 1000').output).toBe('Width set to 1000 columns.\n');
    expect(aristaEosSimCli.run(sw, s, 'enable').output).toBe('');
    expect(aristaEosSimCli.prompt(sw, s)).toBe('leaf-7#');
    expect(aristaEosDriver.dialect.prompt.test(aristaEosSimCli.prompt(sw, s))).toBe(true);
    for (const bad of ['show frobnicate', 'show interfaces counters', 'terminal length x', 'show version | grep x', 'show int Ethernet99/1 phy detail']) {
      const out = aristaEosSimCli.run(sw, s, bad).output;
      expect(out, bad).toBe('% Invalid input\n');
      expect(aristaEosDriver.dialect.refused.test(out)).toBe(true);
    }
    expect(aristaEosSimCli.run(sw, s, 'show hostname | json').output).toContain('This is an unconverted command');
    expect(aristaEosSimCli.run(sw, s, 'show version').output).toContain(`Software image version: ${sw.firmware}\n`);
    expect(aristaEosSimCli.run(sw, s, '')).toEqual({ output: '' });
    expect(aristaEosSimCli.run(sw, s, 'exit')).toEqual({ output: '', close: true });
    expect(aristaEosSimCli.banner(sw)).toMatch(/^Last login: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} from /);
  });

  it('abbreviations answer like the full commands (the seed and real sessions abbreviate)', () => {
    const sw = eventfulSwitch();
    const s = aristaEosSimCli.newSession();
    const pairs: [string, string][] = [
      ['show int', 'show interfaces'],
      ['show int phy detail', 'show interfaces phy detail'],
      ['sh int phy det', 'show interfaces phy detail'],
      ['show int trans dom', 'show interfaces transceiver dom'],
      ['show int count disc', 'show interfaces counters discards'],
      ['show int count rate', 'show interfaces counters rates'],
      ['show ver | js', 'show version | json'],
    ];
    for (const [short, full] of pairs) expect(aristaEosSimCli.run(sw, s, short).output, short).toBe(aristaEosSimCli.run(sw, s, full).output);
  });

  it('single-port and multi-port phy detail (fast polling) parse with the sweep’s parser', () => {
    const sw = eventfulSwitch();
    const s = aristaEosSimCli.newSession();
    const all = showInterfacesPhyDetailParser.parse(aristaEosSimCli.run(sw, s, 'show interfaces phy detail').output);
    const one = showInterfacesPhyDetailParser.parse(aristaEosSimCli.run(sw, s, 'show int Ethernet2/1 phy detail').output);
    expect(one.unmatched).toEqual([]);
    expect(one.records).toEqual(all.records.filter((r) => r.port === 'Ethernet2/1'));
    const cmd = aristaFecPoller.command(['Ethernet2/1', 'Ethernet4/1']);
    const readings = aristaFecPoller.read(aristaEosSimCli.run(sw, s, cmd).output);
    expect([...readings.keys()]).toEqual(['Ethernet2/1', 'Ethernet4/1']);
    expect(readings.get('Ethernet2/1')?.corrected?.value).toBe(1234n);
    expect(aristaEosSimCli.run(sw, s, 'show int Et2/1,4/1 phy detail').output).toBe(aristaEosSimCli.run(sw, s, cmd).output);
  });
});

// ---------------------------------------------------------------------------------------------
// Layout against the real capture: headers verbatim, columns at the same positions
// ---------------------------------------------------------------------------------------------

function captureOutputs(): Map<string, string> {
  const out = new Map<string, string>();
  let cmd: string | undefined;
  let lines: string[] = [];
  const text = readFileSync(sharedFixture('cluster-captures/switch/arista_eos-100g.session.txt'), 'utf8');
  for (const line of [...text.split('\n'), 'end>end']) {
    const m = /^[\w.:-]+[>#](.*)$/.exec(line);
    if (!m) {
      lines.push(line);
      continue;
    }
    if (cmd !== undefined && !out.has(cmd)) out.set(cmd, lines.join('\n'));
    cmd = (m[1] ?? '').trim();
    lines = [];
  }
  return out;
}

/**
 * Label → layout of rows `  Label<spaces>value…`: whether a value starts in the state column (30)
 * and, for rows ending in a right-aligned column, the line length (where that column ends).
 */
function columns(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^( {2,6})(\S+(?: \S+)*?) {2,}(?=\S)/.exec(line);
    if (!m || out.has(m[2] ?? '')) continue;
    const fields = [...line.slice(m[0].length).matchAll(/\S+(?: \S+)*/g)];
    const firstAt = m[0].length + (fields[0]?.index ?? 0);
    const leftAligned = firstAt === 30;
    out.set(m[2] ?? '', `${leftAligned ? 'state@30' : '-'} ${fields.length > 1 || !leftAligned ? `ends@${line.length}` : '-'}`);
  }
  return out;
}

describe.skipIf(!SHARED_AVAILABLE)('aristaEosSimCli layout matches the real capture', () => {
  const CAPTURE_COMMANDS: [string, string][] = [
    ['show int', 'show interfaces'],
    ['show int phy detail', 'show interfaces phy detail'],
    ['show int trans dom', 'show interfaces transceiver dom'],
    ['show priority-flow-control counters', 'show priority-flow-control counters'],
    ['show int count disc', 'show interfaces counters discards'],
    ['show interfaces counters queue detail', 'show interfaces counters queue detail'],
    ['show int count rate', 'show interfaces counters rates'],
    ['show interfaces status errdisabled', 'show interfaces status errdisabled'],
    ['show qos interfaces ecn counters queue', 'show qos interfaces ecn counters queue'],
  ];

  it.each(CAPTURE_COMMANDS)('%s: every digit-free line of the capture (headers, legends, rulers) is rendered verbatim', (captured, sent) => {
    const real = captureOutputs().get(captured) ?? '';
    const sw = eventfulSwitch();
    const p = sw.ports[6];
    if (p) {
      p.operUp = false;
      p.errdisabled = 'lfs';
    }
    const sim = new Set(aristaEosSimCli.run(sw, aristaEosSimCli.newSession(), sent).output.split('\n'));
    const fixed = real.split('\n').filter((l) => l.trim() !== '' && !/\d/.test(l) && !l.startsWith('  Description: '));
    expect(fixed.length, captured).toBeGreaterThan(0);
    for (const l of fixed) expect(sim.has(l), `${captured}: ${JSON.stringify(l)}`).toBe(true);
  });

  it('phy detail and DOM rows put their values in the capture’s columns', () => {
    const real = captureOutputs();
    const s = aristaEosSimCli.newSession();
    const sw = eventfulSwitch();
    for (const [captured, sent] of [
      ['show int phy detail', 'show interfaces phy detail'],
      ['show int trans dom', 'show interfaces transceiver dom'],
    ] as const) {
      const want = columns(real.get(captured) ?? '');
      const got = columns(aristaEosSimCli.run(sw, s, sent).output);
      let compared = 0;
      for (const [label, where] of got) {
        const w = want.get(label);
        if (w === undefined) continue;
        expect(where, `${captured}: ${label}`).toBe(w);
        compared++;
      }
      expect(compared, captured).toBeGreaterThanOrEqual(captured === 'show int trans dom' ? 3 : 25);
    }
    const host = (text: string): string => text.replace(/(Hostname:|FQDN:)( +)\S+/g, '$1$2X');
    expect(host(aristaEosSimCli.run(sw, s, 'show hostname').output)).toBe(host(`${real.get('show hostname') ?? ''}\n`));
  });
});
