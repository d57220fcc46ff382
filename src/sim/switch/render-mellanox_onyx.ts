/**
 * The simulated HPE (Mellanox) Onyx CLI: renders a SimSwitch the way Onyx 3.10 prints it (layout
 * and spacing copied from a real session), for every command the mellanox_onyx driver sends and
 * their abbreviations (Onyx accepts any unambiguous keyword prefix: `show int eth 1/1 trans count`).
 *
 *   sw1 [standalone: master] > no cli session paging enable     paging off
 *   sw1 [standalone: master] > enable                           → `#`
 *   sw1 [standalone: master] # configure terminal               → `(config) #`
 *   sw1 [standalone: master] (config) # exit                    → `#`; `exit` from `>`/`#` logs out
 *
 * Ports are `Eth1/<port>`. Errors: an unknown word gets Onyx's `% Unrecognized command "<word>".`
 * and `Type "<words before it> ?" for help.` (as in the capture; a port that does not exist is an
 * unknown word too); `% Ambiguous command "<word>".` and `% Incomplete command.` (wording not seen
 * in the capture). `trans diag` of a module without diagnostics (passive copper, or no module) is
 * refused with `% Unrecognized command "diag".`, as the real switch does for copper cables.
 *
 * PHY counters (`trans count`): phy corrected bits, phy symbol errors and phy received bits are the
 * state's; `RS corrected symbols laneN` spread the state's corrected FEC count over the lanes;
 * raw/effective BER are derived from them (15E-255 = none).
 */
import type { SimCli, SimCliResult, SimCliSession } from './cli.js';
import type { SimPort, SimSwitch } from './state.js';

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

const pad = (v: string | number | bigint, n: number): string => String(v).padEnd(n);
const two = (n: number): string => String(n).padStart(2, '0');

/** Lines to output text; a final '' element gives a trailing blank line. */
const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Fri Oct 27 18:04:10 UTC 2023`. */
function fmtDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Last change ages: `4w 3d and 11:36:29`, `3d and 1:02:03`, `0:00:48`. */
function fmtAge(seconds: number): string {
  const t = Math.max(0, Math.floor(seconds));
  const w = Math.floor(t / 604_800);
  const d = Math.floor((t % 604_800) / 86_400);
  const clock = `${Math.floor((t % 86_400) / 3600)}:${two(Math.floor((t % 3600) / 60))}:${two(t % 60)}`;
  if (w > 0) return `${w}w ${d}d and ${clock}`;
  if (d > 0) return `${d}d and ${clock}`;
  return clock;
}

/** Uptime: `242d 19h 6m 36.416s`. */
function fmtUptime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const t = Math.floor(ms / 1000);
  const d = Math.floor(t / 86_400);
  const h = Math.floor((t % 86_400) / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = ((t % 60) + (ms % 1000) / 1000).toFixed(3);
  return `${d}d ${h}h ${m}m ${s}s`;
}

/** `100Gx4`, `400Gx8`, `25G`: Onyx speeds with their lane count. */
function speedLabel(mbps: number): string {
  switch (mbps) {
    case 400_000:
      return '400Gx8';
    case 200_000:
      return '200Gx4';
    case 100_000:
      return '100Gx4';
    case 50_000:
      return '50Gx2';
    default:
      return mbps >= 1000 ? `${mbps / 1000}G` : `${mbps}M`;
  }
}

function lanesOf(mbps: number): number {
  const m = /x(\d+)$/.exec(speedLabel(mbps));
  return m ? Number(m[1]) : 1;
}

/** `5.29972 Mb/s`, `112 b/s`, `1.216 Kb/s` (6 significant digits, trailing zeros dropped). */
function fmtRate(bitsPerSec: number): string {
  const units: [number, string][] = [
    [1e9, 'Gb/s'],
    [1e6, 'Mb/s'],
    [1e3, 'Kb/s'],
  ];
  for (const [div, unit] of units) {
    if (bitsPerSec >= div) return `${Number((bitsPerSec / div).toPrecision(6))} ${unit}`;
  }
  return `${Math.round(bitsPerSec)} b/s`;
}

const portId = (p: SimPort): string => `${p.slot}/${p.port}`;
const portName = (p: SimPort): string => `Eth${portId(p)}`;

function rxBitsPerSec(p: SimPort): number {
  return p.operUp ? p.rxKbps * 1000 : 0;
}
function txBitsPerSec(p: SimPort): number {
  return p.operUp ? p.txKbps * 1000 : 0;
}
const pps = (bitsPerSec: number): number => Math.floor(bitsPerSec / 8 / 4096);

/** A module without diagnostics: none at all, or a passive copper cable. */
function hasDom(p: SimPort): boolean {
  return p.optics !== undefined && !/-CR\d*$|^DAC|copper/i.test(p.optics.type);
}

// ---------------------------------------------------------------------------------------------
// show interfaces ethernet
// ---------------------------------------------------------------------------------------------

const counter4 = (v: bigint | number, name: string): string => `    ${pad(v, 22)}${name}`;

function interfaceBlock(p: SimPort): string[] {
  const up = p.adminUp && p.operUp;
  const supported = ['1G', '10G', '25G', '40G', '50Gx2', '100Gx4'];
  const label = speedLabel(p.speedMbps);
  if (!supported.includes(label)) supported.push(label);
  const kv = (k: string, v: string): string => `  ${pad(k, 33)}: ${v}`;
  const lastChange = p.linkChanges === 0 ? 'Never' : `${fmtAge(p.lastChangeAgeS)} ago (${p.linkChanges} oper change)`;
  const inBps = rxBitsPerSec(p);
  const outBps = txBitsPerSec(p);
  const rxUnicast = p.rxPackets - p.rxMulticast - p.rxBroadcast;
  return [
    `${portName(p)}:`,
    kv('Admin state', p.adminUp ? 'Enabled' : 'Disabled'),
    kv('Operational state', up ? 'Up' : 'Down'),
    kv('Last change in operational status', lastChange),
    kv('Boot delay time', '0 sec'),
    kv('Description', p.description === '' ? 'N/A' : p.description),
    kv('Mac address', p.mac),
    kv('MTU', '9216 bytes (Maximum packet size 9238 bytes)'),
    kv('Fec', 'auto'),
    kv('Operational Fec', up ? 'rs-fec' : 'N/A'),
    kv('Flow-control', 'receive off send off'),
    kv('Supported speeds', supported.join(' ')),
    kv('Advertised speeds', label),
    kv('Actual speed', up ? label : 'Unknown'),
    kv('Auto-negotiation', 'Enabled'),
    kv('Width reduction mode', 'Unknown'),
    kv('Switchport mode', 'access'),
    kv('MAC learning mode', 'Enabled'),
    kv('Forwarding mode', 'inherited cut-through'),
    kv('FCS Ingress', 'Enabled CRC check'),
    kv('FCS Egress', 'Enabled CRC recalculate'),
    kv('FCS Timestamping', 'Enabled'),
    '',
    '  Telemetry sampling: Disabled\t TCs: N/A',
    '    Telemetry threshold: Disabled\t TCs: N/A',
    '    Telemetry threshold level: N/A',
    '',
    '  Last clearing of "show interface" counters: Never',
    `  60 seconds ingress rate                   : ${inBps} bits/sec, ${inBps / 8} bytes/sec, ${pps(inBps)} packets/sec`,
    `  60 seconds egress rate                    : ${outBps} bits/sec, ${outBps / 8} bytes/sec, ${pps(outBps)} packets/sec`,
    '',
    '  Rx:',
    counter4(p.rxPackets, 'packets'),
    counter4(rxUnicast < 0n ? 0n : rxUnicast, 'unicast packets'),
    counter4(p.rxMulticast, 'multicast packets'),
    counter4(p.rxBroadcast, 'broadcast packets'),
    counter4(p.rxBytes, 'bytes'),
    counter4(p.inDiscards, 'discard packets'),
    counter4(p.inputErrors, 'error packets'),
    counter4(p.crcErrors, 'fcs errors'),
    counter4(p.runts, 'undersize packets'),
    counter4(p.giants, 'oversize packets'),
    counter4(0, 'pause packets'),
    counter4(0, 'unknown control opcode'),
    counter4(p.symbolErrors, 'symbol errors'),
    counter4(0, 'discard packets by storm control'),
    '',
    '  Tx:',
    counter4(p.txPackets, 'packets'),
    counter4(p.txPackets, 'unicast packets'),
    counter4(0, 'multicast packets'),
    counter4(0, 'broadcast packets'),
    counter4(p.txBytes, 'bytes'),
    counter4(p.outDiscards, 'discard packets'),
    counter4(0, 'error packets'),
    counter4(0, 'hoq discard packets'),
    counter4(p.ecnMarkedTc5, 'ECN marked packets'),
    '',
  ];
}

function showInterfaces(ports: readonly SimPort[]): string {
  const lines = [''];
  for (const p of ports) lines.push(...interfaceBlock(p));
  return text(lines);
}

function showPfc(sw: SimSwitch, prio: number): string {
  const lines = [''];
  const c6 = (v: bigint, name: string): string => `      ${pad(v, 22)}${name}`;
  for (const p of sw.ports) {
    const rx = prio === 5 ? p.rxPfcPrio5 : 0n;
    const tx = prio === 5 ? p.txPfcPrio5 : 0n;
    lines.push(`${portName(p)}:`, `  PFC ${prio}:`, '    Rx:', c6(rx, 'pause packets'), c6(rx * 2n, 'pause duration'), '');
    lines.push('    Tx:', c6(tx, 'pause packets'), c6(tx * 2n, 'pause duration'), '');
  }
  return text(lines);
}

function showTc(sw: SimSwitch, tc: number): string {
  const lines = [''];
  for (const p of sw.ports) {
    const on = tc === 5;
    lines.push(
      `${portName(p)}:`,
      `  TC ${tc}:`,
      counter4(on ? p.txPackets : 0n, 'packets'),
      counter4(on ? p.txBytes : 0n, 'bytes'),
      counter4(0, 'unicast queue depth'),
      counter4(0, 'multicast queue depth'),
      counter4(on ? p.outDiscardsPrio5 : 0n, 'unicast no buffer discard'),
      counter4(0, 'WRED discard'),
      '',
    );
  }
  return text(lines);
}

function showRates(sw: SimSwitch): string {
  const rule = '-'.repeat(75);
  const lines = [
    rule,
    'Port           ingress          ingress          egress          egress',
    '               rate             pkts/sec         rate            pkts/sec',
    rule,
  ];
  for (const p of sw.ports) {
    const i = rxBitsPerSec(p);
    const o = txBitsPerSec(p);
    lines.push(`${pad(portName(p), 15)}${pad(fmtRate(i), 17)}${pad(pps(i), 17)}${pad(fmtRate(o), 16)}${pps(o)}`);
  }
  lines.push('');
  return text(lines);
}

// ---------------------------------------------------------------------------------------------
// System
// ---------------------------------------------------------------------------------------------

function showVersion(sw: SimSwitch): string {
  const kv = (k: string, v: string): string => `${pad(`${k}:`, 19)}${v}`;
  return text([
    kv('Product name', 'Onyx'),
    kv('Product release', sw.firmware),
    kv('Build ID', '#1-dev'),
    kv('Build date', '2023-07-10 08:41:31'),
    kv('Target arch', 'x86_64'),
    kv('Target hw', 'x86_64'),
    kv('Built by', 'sw-r2d2-bot@d246cdffcdf6'),
    kv('Version summary', `X86_64 ${sw.firmware} 2023-07-10 08:41:31 x86_64`),
    '',
    kv('Product model', 'x86onie'),
    kv('Host ID', sw.systemMac.replace(/:/g, '').toUpperCase()),
    kv('System serial num', sw.serial),
    kv('System UUID', '53dbde80-7d91-11ed-8000-9c05912cff00'),
    '',
    kv('Uptime', fmtUptime(sw.uptimeS)),
    kv('CPU load averages', '0.12 / 0.14 / 0.17'),
    kv('Number of CPUs', '8'),
    kv('System memory', '4336 MB used / 3463 MB free / 7799 MB total'),
    kv('Swap', '0 MB used / 0 MB free / 0 MB total'),
  ]);
}

function showInventory(sw: SimSwitch): string {
  const rule = '-'.repeat(77);
  const row = (m: string, pn: string, sn: string, asic: string, hw: string): string => `${pad(m, 17)}${pad(pn, 19)}${pad(sn, 21)}${pad(asic, 13)}${hw}`;
  const lines = [rule, row('Module', 'Part Number', 'Serial Number', 'Asic Rev.', 'HW Rev.'), rule];
  lines.push(row('CHASSIS', sw.model, sw.serial, 'N/A', 'A1'), row('MGMT', sw.model, sw.serial, '1', 'A1'));
  sw.fans.forEach((f) => lines.push(row(f.name.toUpperCase(), 'N/A', 'N/A', 'N/A', 'N/A')));
  sw.psus.forEach((p, i) => lines.push(row(p.name, 'MTEF-PSF-AC-A', `${sw.serial}P${i + 1}`, 'N/A', 'A2')));
  return text(lines);
}

function showPower(sw: SimSwitch): string {
  const rule = '-'.repeat(89);
  const lines = [
    rule,
    'Module  Device            Sensor  Power   Voltage  Current  Capacity  Feed  Status',
    '                                  [Watts] [Volts]  [Amp]    [Watts]',
    rule,
  ];
  let used = 0;
  for (const p of sw.psus) {
    const w = p.ok ? p.outputW : 0;
    used += w;
    const volts = p.ok ? 230 : 0;
    const amps = volts > 0 ? w / volts : 0;
    lines.push(
      `${pad(p.name, 8)}${pad('power-mon', 18)}${pad('input', 8)}${pad(w.toFixed(2), 8)}${pad(volts.toFixed(2), 9)}${pad(amps.toFixed(2), 9)}${pad('1100.00', 10)}${pad('AC', 6)}${p.ok ? 'OK' : 'FAIL'}`,
    );
  }
  const capacity = 1100 * sw.psus.length;
  lines.push(
    '',
    `Total power used : ${used.toFixed(2)} Watts`,
    `Total power capacity : ${capacity.toFixed(2)} Watts`,
    `Total power available : ${(capacity - used).toFixed(2)} Watts`,
    'Maximum consumed power of all turned on modules: 667.00 Watts',
  );
  return text(lines);
}

function showTemperature(sw: SimSwitch): string {
  const rule = '-'.repeat(57);
  const lines = [rule, 'Module      Component              Reg  CurTemp    Status', '                                        (Celsius)', rule];
  for (const t of sw.temperatures) {
    lines.push(`${pad('MGMT', 12)}${pad(t.name, 23)}${pad('T1', 5)}${pad(t.celsius.toFixed(2), 11)}${t.ok ? 'OK' : 'FAIL'}`);
  }
  return text(lines);
}

function showFan(sw: SimSwitch): string {
  const rule = '-'.repeat(71);
  const lines = ['', rule, 'Module            Device                  Fan    Speed     Status', '                                                 (RPM)', rule];
  for (const f of sw.fans) lines.push(`${pad(f.name, 18)}${pad('FAN', 24)}${pad('F1', 7)}${pad(f.rpm.toFixed(2), 10)}${f.ok ? 'OK' : 'FAIL'}`);
  lines.push('');
  return text(lines);
}

function showHosts(sw: SimSwitch): string {
  return text([
    '',
    `Hostname        : ${sw.name}`,
    'Name servers VRF: mgmt',
    '',
    'Name servers:',
    '      127.0.0.53                            configured',
    '',
    'Domain names:',
    '      cluster.local                         configured',
    '',
    'Static IPv4 host mappings:',
    '  127.0.0.1                            --> localhost',
    '',
    'Static IPv6 host mappings:',
    '  ::1                                  --> localhost6',
    '',
    'Automatically map hostname to loopback address     : yes',
    'Automatically map hostname to IPv6 loopback address: no',
    '',
  ]);
}

// ---------------------------------------------------------------------------------------------
// Transceivers
// ---------------------------------------------------------------------------------------------

function identifierOf(type: string, mbps: number): string {
  if (/^400G/.test(type) || mbps >= 400_000) return 'QSFP-DD';
  if (/^200G/.test(type) || mbps >= 200_000) return 'QSFP56';
  if (/^100G/.test(type) || mbps >= 100_000) return 'QSFP28';
  return 'SFP28';
}

function showTransceiver(p: SimPort): string {
  const o = p.optics;
  if (!o) return text([`Port ${portId(p)} state`, '\tCable is not present', '', '']);
  const copper = !hasDom(p);
  const kv = (k: string, v: string): string => `\t${pad(k, 23)}: ${v}`;
  return text([
    `Port ${portId(p)} state`,
    kv('identifier', identifierOf(o.type, p.speedMbps)),
    kv('cable/module type', copper ? 'Passive copper, unequalized' : 'Optical module'),
    kv('ethernet speed and type', o.type),
    kv('vendor', o.vendor),
    kv('cable length', copper ? '2m' : 'N/A'),
    kv('part number', o.partNumber),
    kv('revision', o.revision),
    kv('serial number', o.serial),
    '',
    '',
  ]);
}

const mw = (dbm: number): number => 10 ** (dbm / 10);
const power = (dbm: number): string => `${mw(dbm).toFixed(5)} mW / ${dbm.toFixed(5)} dBm`;

function showDiagnostics(p: SimPort): string {
  const o = p.optics;
  if (!o) return '';
  const section = (rows: [string, string][]): string[] => {
    const w = Math.max(...rows.map(([k]) => k.length));
    return rows.map(([k, v]) => `    ${pad(k, w)}: ${v}`);
  };
  const ch = (fmt: (i: number) => [string, string]): [string, string][] => o.lanes.map((_, i) => fmt(i));
  return text([
    `Port ${portId(p)} transceiver diagnostic data:`,
    '  Temperature (-127C to +127C):',
    ...section([
      ['Temperature', `${Math.round(o.temperatureC)} C`],
      ['Hi Temp Alarm Thresh', '80 C'],
      ['Low Temp Alarm Thresh', '-10 C'],
      ['Temperature Alarm', 'None'],
    ]),
    '  Voltage ( 0 to 6.5535 V):',
    ...section([
      ['Voltage', `${o.voltageV.toFixed(5)} V`],
      ['Hi Volt Alarm Thresh', '3.50000 V'],
      ['Low Volt Alarm Thresh', '3.10000 V'],
      ['Voltage Alarm', 'None'],
    ]),
    '',
    '  Tx Bias Current ( 0 to 131 mA):',
    ...section([
      ...ch((i): [string, string] => [`Ch${i + 1} Tx Current`, `${(o.lanes[i]?.biasMa ?? 0).toFixed(5)} mA`]),
      ['Hi Tx Crnt Alarm Thresh', '15.00000 mA'],
      ['Low Tx Crnt Alarm Thresh', '2.00000 mA'],
      ...ch((i): [string, string] => [`Ch${i + 1} Tx Current Alarm`, 'None']),
    ]),
    '',
    '  Tx Power ( 0 mW to 6.5535 mW / 8.1647 dBm):',
    ...section([
      ...ch((i): [string, string] => [`Ch${i + 1} Tx Power`, power(o.lanes[i]?.txPowerDbm ?? 0)]),
      ['Hi Tx Power Alarm Thresh', '3.46730 mW / 5.39991 dBm'],
      ['Low Tx Power Alarm Thresh', '0.07240 mW / -11.40261 dBm'],
      ...ch((i): [string, string] => [`Ch${i + 1} Tx Power Alarm`, 'None']),
    ]),
    '',
    '  Rx Power ( 0 mW to 6.5535 mW / 8.1647 dBm):',
    ...section([
      ...ch((i): [string, string] => [`Ch${i + 1} Rx Power`, power(o.lanes[i]?.rxPowerDbm ?? 0)]),
      ['Hi Rx Power Alarm Thresh', '3.46730 mW / 5.39991 dBm'],
      ['Low Rx Power Alarm Thresh', '0.04670 mW / -13.30683 dBm'],
      ...ch((i): [string, string] => [`Ch${i + 1} Rx Power Alarm`, 'None']),
    ]),
    '',
    '  Vendor Date Code (dd-mm-yyyy): 07-11-2016',
  ]);
}

/** BER as Mellanox PHYs report it: coefficient (1..15) and magnitude, `errors / bits`; 15E-255 = none. */
function berOf(errors: bigint, bits: bigint): { magnitude: number; coef: number } {
  if (errors <= 0n || bits <= 0n) return { magnitude: 255, coef: 15 };
  const ber = Number(errors) / Number(bits);
  let magnitude = Math.ceil(-Math.log10(ber));
  let coef = Math.round(ber * 10 ** magnitude);
  if (coef > 15) {
    magnitude -= 1;
    coef = Math.max(1, Math.round(ber * 10 ** magnitude));
  }
  return { magnitude: Math.max(0, magnitude), coef: Math.min(15, Math.max(1, coef)) };
}

function showTransceiverCounters(sw: SimSwitch, p: SimPort): string {
  const row = (name: string, v: bigint | number): string => `${pad(name, 32)}${v}`;
  const n = lanesOf(p.speedMbps);
  const lanes: string[] = [];
  for (let k = 0; k < n; k++) {
    if (p.operUp) {
      const total = p.fecCorrected;
      const share = total / BigInt(n) + (BigInt(k) < total % BigInt(n) ? 1n : 0n);
      lanes.push(row(`RS corrected symbols lane${k}`, share));
    } else lanes.push(row(`Edpl/bip errors lane${k}`, 0));
  }
  const raw = berOf(p.phyCorrectedBits, p.phyReceivedBits);
  const eff = berOf(p.phySymbolErrors, p.phyReceivedBits);
  return text([
    '',
    'Rx',
    row('phy received bits', p.phyReceivedBits),
    row('phy symbol errors', p.phySymbolErrors),
    row('phy corrected bits', p.phyCorrectedBits),
    row('Time since last clear', Math.floor(sw.uptimeS * 1000)),
    ...lanes,
    row('raw_ber_magnitude', raw.magnitude),
    row('raw_ber_coef', raw.coef),
    row('effective_ber_magnitude', eff.magnitude),
    row('effective_ber_coef', eff.coef),
    '',
  ]);
}

// ---------------------------------------------------------------------------------------------
// Command grammar: keywords matched by unambiguous prefix, `<port>` and number parameters
// ---------------------------------------------------------------------------------------------

interface Ctx {
  readonly sw: SimSwitch;
  readonly session: SimCliSession;
  port?: SimPort;
  num?: number;
}

type Action = (ctx: Ctx) => SimCliResult;

interface Node {
  /** Keywords; a function may withhold the keyword (undefined) depending on the context. */
  readonly kw?: Readonly<Record<string, Node | ((ctx: Ctx) => Node | undefined)>>;
  readonly param?: { readonly test: (tok: string, ctx: Ctx) => boolean; readonly node: Node };
  readonly run?: Action;
}

const out = (output: string): SimCliResult => ({ output });

const PORT_RE = /^(\d+)\/(\d+)$/;

function findPort(sw: SimSwitch, tok: string): SimPort | undefined {
  const m = PORT_RE.exec(tok);
  if (!m) return undefined;
  const slot = Number(m[1]);
  const port = Number(m[2]);
  return sw.ports.find((p) => p.slot === slot && p.port === port);
}

function number(node: Node): Node['param'] {
  return {
    test: (tok, ctx) => {
      if (!/^\d+$/.test(tok) || Number(tok) > 7) return false;
      ctx.num = Number(tok);
      return true;
    },
    node,
  };
}

const transceiverNode: Node = {
  run: (ctx) => out(ctx.port ? showTransceiver(ctx.port) : ''),
  kw: {
    // No `diagnostics` keyword for modules without DOM (passive copper), as on the real switch.
    diagnostics: (ctx) => (ctx.port && hasDom(ctx.port) ? { run: (c) => out(c.port ? showDiagnostics(c.port) : '') } : undefined),
    counters: { run: (ctx) => out(ctx.port ? showTransceiverCounters(ctx.sw, ctx.port) : '') },
  },
};

const ethernetNode: Node = {
  run: (ctx) => out(showInterfaces(ctx.sw.ports)),
  kw: {
    counters: {
      kw: {
        pfc: { kw: { prio: { param: number({ run: (ctx) => out(showPfc(ctx.sw, ctx.num ?? 0)) }) } } },
        tc: { param: number({ run: (ctx) => out(showTc(ctx.sw, ctx.num ?? 0)) }) },
      },
    },
    rates: { run: (ctx) => out(showRates(ctx.sw)) },
  },
  param: {
    test: (tok, ctx) => {
      const p = findPort(ctx.sw, tok);
      if (p) ctx.port = p;
      return p !== undefined;
    },
    node: {
      run: (ctx) => out(ctx.port ? showInterfaces([ctx.port]) : ''),
      kw: { transceiver: transceiverNode },
    },
  },
};

const showNode: Node = {
  kw: {
    interfaces: { kw: { ethernet: ethernetNode } },
    version: { run: (ctx) => out(showVersion(ctx.sw)) },
    inventory: { run: (ctx) => out(showInventory(ctx.sw)) },
    power: { run: (ctx) => out(showPower(ctx.sw)) },
    temperature: { run: (ctx) => out(showTemperature(ctx.sw)) },
    fan: { run: (ctx) => out(showFan(ctx.sw)) },
    hosts: { run: (ctx) => out(showHosts(ctx.sw)) },
  },
};

const setPaging =
  (off: boolean): Action =>
  (ctx) => {
    ctx.session.pagingOff = off;
    return out('');
  };

const ROOT: Node = {
  kw: {
    show: showNode,
    no: { kw: { cli: { kw: { session: { kw: { paging: { kw: { enable: { run: setPaging(true) } } } } } } } } },
    cli: { kw: { session: { kw: { paging: { kw: { enable: { run: setPaging(false) } } } } } } },
    enable: {
      run: (ctx) => {
        if (ctx.session.mode === 'exec') ctx.session.mode = 'enable';
        return out('');
      },
    },
    disable: {
      run: (ctx) => {
        ctx.session.mode = 'exec';
        return out('');
      },
    },
    configure: (ctx) =>
      ctx.session.mode === 'exec'
        ? undefined
        : {
            kw: {
              terminal: {
                run: (c) => {
                  c.session.mode = 'config';
                  return out('');
                },
              },
            },
          },
    exit: {
      run: (ctx) => {
        if (ctx.session.mode === 'config') {
          ctx.session.mode = 'enable';
          return out('');
        }
        return { output: '', close: true };
      },
    },
    quit: { run: () => ({ output: '', close: true }) },
  },
};

function resolve(entry: Node | ((ctx: Ctx) => Node | undefined), ctx: Ctx): Node | undefined {
  return typeof entry === 'function' ? entry(ctx) : entry;
}

function runLine(sw: SimSwitch, session: SimCliSession, line: string): SimCliResult {
  const tokens = line.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return out('');
  const ctx: Ctx = { sw, session };
  let node: Node = ROOT;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    const typed = tokens.slice(0, i).join(' ');
    const help = `Type "${typed === '' ? '' : `${typed} `}?" for help.`;
    const candidates: Node[] = [];
    let exact: Node | undefined;
    for (const [word, entry] of Object.entries(node.kw ?? {})) {
      if (!word.startsWith(tok.toLowerCase())) continue;
      const n = resolve(entry, ctx);
      if (!n) continue;
      candidates.push(n);
      if (word === tok.toLowerCase()) exact = n;
    }
    const next = exact ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (next) {
      node = next;
      continue;
    }
    if (candidates.length > 1) return out(`% Ambiguous command "${tok}".\n${help}`);
    if (node.param && node.param.test(tok, ctx)) {
      node = node.param.node;
      continue;
    }
    return out(`% Unrecognized command "${tok}".\n${help}`);
  }
  if (!node.run) return out(`% Incomplete command.\nType "${tokens.join(' ')} ?" for help.`);
  return node.run(ctx);
}

// ---------------------------------------------------------------------------------------------
// The SimCli
// ---------------------------------------------------------------------------------------------

export const mellanoxOnyxSimCli: SimCli = {
  os: 'mellanox_onyx',
  newSession: () => ({ mode: 'exec', pagingOff: false }),
  banner: (sw) =>
    [
      `Last login: ${fmtDate(sw.clockMs - 86_400_000)} from 127.0.0.1 on pts/0`,
      'Number of total successful connections since last 1 days: 1',
      'HPE Switch',
    ].join('\n'),
  prompt: (sw, session) => {
    const role = `${sw.name} [standalone: master]`;
    if (session.mode === 'config') return `${role} (config) # `;
    if (session.mode === 'enable') return `${role} # `;
    return `${role} > `;
  },
  // Onyx pages through a less-like pager; its prompt is a `lines N-M` status line.
  morePrompt: 'lines 1-24 ',
  run: runLine,
};
