/**
 * The simulated HP Comware CLI: renders a SimSwitch the way an HPE FlexFabric 12900E (Comware 7/9)
 * prints it, for every command the hp_comware driver sends (the seed's `show`/`display` forms and
 * their abbreviations), with the views the driver walks through:
 *
 *   <sw1>screen-length disable        user view; paging off
 *   <sw1>system-view                  → [sw1]
 *   [sw1]probe                        → [sw1-probe] (where `debug port command` exists)
 *   [sw1-probe]quit                   → [sw1] → <sw1> → logout (`exit` works the same)
 *
 * Ports are `HundredGigE<slot>/0/<port>` (the simulator numbers Comware ports slot 2.. × 1..48).
 * Unknown commands get Comware's parser errors under a `^` pointing at the offending word:
 * `% Unrecognized command found at '^' position.`, `% Wrong parameter …`, `% Incomplete command …`,
 * `% Too many parameters …`. A port without a module answers `The transceiver is absent.` and its
 * FEC registers read 0xffffffff.
 *
 * FEC: uiIntFecCorrect / uiIntFecUnCorrect are printed as cumulative 32-bit counters (the state's
 * fecCorrected / fecUncorrected modulo 2^32), the driver's reading of the real registers.
 */
import type { SimCli, SimCliResult, SimCliSession } from './cli.js';
import type { SimPort, SimSwitch } from './state.js';

const BANNER = [
  '',
  '******************************************************************************',
  '* Copyright (c) 2010-2023 Hewlett Packard Enterprise Development LP          *',
  "* Without the owner's prior written consent,                                 *",
  '* no decompiling or reverse-engineering shall be allowed.                    *',
  '******************************************************************************',
  '',
].join('\n');

type Mode = 'user' | 'system-view' | 'probe';

function promptOf(sw: SimSwitch, session: SimCliSession): string {
  if (session.mode === 'probe') return `[${sw.name}-probe]`;
  if (session.mode === 'system-view') return `[${sw.name}]`;
  return `<${sw.name}>`;
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

const pad = (v: string | number, n: number): string => String(v).padEnd(n);
const two = (n: number): string => String(n).padStart(2, '0');

/** `2023-10-28 04:12:22` (UTC). */
function fmtTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `10/28/2023 04:10:37:060309`, the fecstat table stamp. */
function fmtFecTime(ms: number): string {
  const d = new Date(ms);
  const micro = String(d.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}:${micro}`;
}

function split(seconds: number): { w: number; d: number; h: number; m: number; s: number } {
  const t = Math.max(0, Math.floor(seconds));
  return { w: Math.floor(t / 604_800), d: Math.floor((t % 604_800) / 86_400), h: Math.floor((t % 86_400) / 3600), m: Math.floor((t % 3600) / 60), s: t % 60 };
}

/** `Last link flapping:` ages: `4 weeks 2 days 2 hours 11 minutes`, `6 hours 39 minutes 25 seconds`. */
function fmtAgo(seconds: number): string {
  const { w, d, h, m, s } = split(seconds);
  if (w > 0) return `${w} weeks ${d} days ${h} hours ${m} minutes`;
  if (d > 0) return `${d} days ${h} hours ${m} minutes`;
  if (h > 0) return `${h} hours ${m} minutes ${s} seconds`;
  if (m > 0) return `${m} minutes ${s} seconds`;
  return `${s} seconds`;
}

/** `55 weeks, 3 days, 12 hours, 29 minutes` (sep `, `) or `55 weeks,3 days,…` (sep `,`). */
function fmtUptime(seconds: number, sep: string): string {
  const { w, d, h, m } = split(seconds);
  return [`${w} weeks`, `${d} days`, `${h} hours`, `${m} minutes`].join(sep);
}

/** `02:1c:00:01:00:00` → `021c-0001-0000`. */
function dashMac(mac: string): string {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

function speedMode(mbps: number): string {
  return mbps >= 10_000 && mbps % 1000 === 0 ? `${mbps / 1000}Gbps` : `${mbps}Mbps`;
}

const fixed2 = (n: number): string => n.toFixed(2);
const U32 = 0xffffffffn;

function portName(p: SimPort): string {
  return `HundredGigE${p.slot}/0/${p.port}`;
}

function shortName(p: SimPort): string {
  return `HGE${p.slot}/0/${p.port}`;
}

function isUp(p: SimPort): boolean {
  return p.adminUp && p.operUp;
}

/** The module type as Comware names it in `display interface`. */
function hardwareType(p: SimPort): string {
  return p.optics ? '100G_BASE_SR4_QSFP28' : 'no connector';
}

// ---------------------------------------------------------------------------------------------
// Renderers, one per command
// ---------------------------------------------------------------------------------------------

function renderInterface(sw: SimSwitch, p: SimPort): string[] {
  const name = portName(p);
  const up = isUp(p);
  const state = !p.adminUp ? 'Administratively DOWN' : p.operUp ? 'UP' : 'DOWN';
  const bandwidthKbps = p.speedMbps * 1000;
  const changedAt = sw.clockMs - p.lastChangeAgeS * 1000;
  const upAt = up ? fmtTime(changedAt) : p.linkChanges >= 2 ? fmtTime(changedAt - 86_400_000) : '-';
  const downAt = up ? (p.linkChanges >= 2 ? fmtTime(changedAt - 17_000) : '-') : fmtTime(changedAt);
  const rxBps = up ? Math.round((p.rxKbps * 1000) / 8) : 0;
  const txBps = up ? Math.round((p.txKbps * 1000) / 8) : 0;
  const usage = (bps: number): string => (up ? `${Math.round((bps * 8 * 100) / (bandwidthKbps * 1000))}%` : '-%');
  const rxPauses = p.rxPfcPrio5;
  const txPauses = p.txPfcPrio5;
  const nonNeg = (v: bigint): bigint => (v < 0n ? 0n : v);
  const rxNormal = nonNeg(p.rxPackets - rxPauses);
  const txNormal = nonNeg(p.txPackets - txPauses);
  const rxUnicasts = nonNeg(rxNormal - p.rxBroadcast - p.rxMulticast);
  return [
    name,
    `Current state: ${state}`,
    `Line protocol state: ${up ? 'UP' : 'DOWN'}`,
    `IP packet frame type: Ethernet II, hardware address: ${dashMac(p.mac)}`,
    `Description: ${p.description === '' ? `${name} Interface` : p.description}`,
    `Bandwidth: ${bandwidthKbps} kbps`,
    'Loopback is not set',
    p.optics ? `Media type is optical fiber, port hardware type is ${hardwareType(p)}` : `Media type is not sure, port hardware type is ${hardwareType(p)}`,
    `${speedMode(p.speedMbps)}-speed mode, full-duplex mode`,
    'Link speed type is autonegotiation, link duplex type is autonegotiation',
    'Flow-control is not enabled',
    'Maximum frame length: 9964',
    'Allow jumbo frames to pass',
    'Broadcast max-ratio: 100%',
    'Unknown-multicast max-ratio: 100%',
    'Unicast max-ratio: 100%',
    'PVID: 1',
    'MDI type: Automdix',
    'Port link-type: Access',
    ' Tagged VLANs:   None',
    ' Untagged VLANs: 1',
    'Port priority: 0',
    `Last link flapping: ${p.linkChanges === 0 ? 'Never' : fmtAgo(p.lastChangeAgeS)}`,
    'Last clearing of counters: Never',
    `Last hardware down reason: ${p.linkChanges === 0 && up ? '-' : 'The interface receives the local fault from the peer device'}`,
    `Current system time:${fmtTime(sw.clockMs)} UTC+00:00:00`,
    `Last time when physical state changed to up:${upAt === '-' ? '-' : `${upAt} UTC+00:00:00`}`,
    `Last time when physical state changed to down:${downAt === '-' ? '-' : `${downAt} UTC+00:00:00`}`,
    ` Peak input rate: ${Math.round((p.rxKbps * 1000) / 8)} bytes/sec, at ${fmtTime(sw.clockMs - 3_600_000)}`,
    ` Peak output rate: ${Math.round((p.txKbps * 1000) / 8)} bytes/sec, at ${fmtTime(sw.clockMs - 3_600_000)}`,
    ` Last 300 seconds input: ${Math.round(rxBps / 4096)} packets/sec ${rxBps} bytes/sec ${usage(rxBps)}`,
    ` Last 300 seconds output: ${Math.round(txBps / 4096)} packets/sec ${txBps} bytes/sec ${usage(txBps)}`,
    ` Input (total):  ${p.rxPackets} packets, ${p.rxBytes} bytes`,
    `\t ${rxUnicasts} unicasts, ${p.rxBroadcast} broadcasts, ${p.rxMulticast} multicasts, ${rxPauses} pauses`,
    ` Input (normal):  ${rxNormal} packets, - bytes`,
    `\t ${rxUnicasts} unicasts, ${p.rxBroadcast} broadcasts, ${p.rxMulticast} multicasts, ${rxPauses} pauses`,
    ` Input:  ${p.inputErrors} input errors, ${p.runts} runts, ${p.giants} giants, 0 throttles`,
    `\t ${p.crcErrors} CRC, ${p.alignmentErrors} frame, - overruns, 0 aborts`,
    '\t - ignored, - parity errors',
    ` Output (total): ${p.txPackets} packets, ${p.txBytes} bytes`,
    `\t ${txNormal} unicasts, 0 broadcasts, 0 multicasts, ${txPauses} pauses`,
    ` Output (normal): ${txNormal} packets, - bytes`,
    `\t ${txNormal} unicasts, 0 broadcasts, 0 multicasts, ${txPauses} pauses`,
    ' Output: 0 output errors, - underruns, 0 buffer failures',
    '\t 0 aborts, 0 deferred, 0 collisions, 0 late collisions',
    '\t 0 lost carrier, - no carrier',
    '',
  ];
}

function renderLinkStateChange(sw: SimSwitch, ports: readonly SimPort[]): string[] {
  const out = ['Interface              Change-times  Last-change-time     Reset link-state time', '                                     Link-flap-begin      Link-flap-end'];
  for (const p of ports) {
    const last = p.linkChanges > 0 ? fmtTime(sw.clockMs - p.lastChangeAgeS * 1000) : 'Never';
    out.push(`${pad(shortName(p), 23)}${pad(p.linkChanges, 14)}${pad(last, 21)}Never`);
    out.push(`${' '.repeat(37)}${pad('Never', 21)}Never`);
  }
  return out;
}

function renderPfc(ports: readonly SimPort[]): string[] {
  const out = [
    'Interface                        AdminMode  OperMode  Dot1pList   Prio  Recv       Send       Inpps      Outpps',
    '-'.repeat(99),
  ];
  for (const p of ports) {
    out.push(`${pad(shortName(p), 33)}${pad('Enabled', 11)}${pad('Enabled', 10)}${pad('5', 12)}${pad('5', 6)}${pad(String(p.rxPfcPrio5), 11)}${pad(String(p.txPfcPrio5), 11)}${pad('0', 11)}0`);
  }
  out.push('');
  return out;
}

function renderPacketDrop(ports: readonly SimPort[]): string[] {
  const out: string[] = [];
  for (const p of ports) {
    out.push(
      `${portName(p)}:`,
      '  Packets dropped due to STP non-forwarding state: 0',
      `  Packets dropped due to insufficient data buffer. Input dropped: ${p.inDiscards} Output dropped:${p.outDiscards}`,
      '',
    );
  }
  return out;
}

const RELEASE = '7180';

function renderVersion(sw: SimSwitch): string[] {
  const model = `HPE ${sw.model}`;
  const board = (name: string, kind: string, type: string, cpu: string, offsetS: number): string[] => [
    `${name}:`,
    `Uptime is ${fmtUptime(sw.uptimeS - offsetS, ',')}`,
    `${model} ${kind}with 1 ${cpu} Processor(s)`,
    `BOARD TYPE:              ${type}`,
    'DRAM:                    16384M bytes',
    'FLASH:                   7456M bytes',
    'NVRAM:                   0K bytes',
    'PCB  1 Version:          VER.A',
    'Basic Bootware Version:  301',
    'Extend Bootware Version: 301',
    'CPLD  1 Version:         004',
    `Release Version:         ${model}-${RELEASE}`,
    'Patch Version:           None',
    'Reboot Cause:            UserReboot',
    '',
  ];
  const slots = [...new Set(sw.ports.map((p) => p.slot))].sort((a, b) => a - b);
  return [
    `HPE Comware Software, Version ${sw.firmware}, Release ${RELEASE}`,
    'Copyright (c) 2010-2023 Hewlett Packard Enterprise Development LP',
    `${model} uptime is ${fmtUptime(sw.uptimeS, ', ')}`,
    'Last reboot reason : User reboot',
    '',
    `Boot image: flash:/SIM-CMW-BOOT-R${RELEASE}.bin`,
    `Boot image version: ${sw.firmware}, Release ${RELEASE}`,
    '  Compiled Apr 19 2023 14:00:00',
    `System image: flash:/SIM-CMW-SYSTEM-R${RELEASE}.bin`,
    `System image version: ${sw.firmware}, Release ${RELEASE}`,
    '  Compiled Apr 19 2023 14:00:00',
    '',
    '',
    ...board('MPU(M) 0', 'MPU(M) ', 'LSXM1SUPER1', 'D1518', 60),
    ...slots.flatMap((s) => board(`LPU ${s}`, 'LPU ', 'LSXM1CGQ48KBR1', 'C3558', 120)),
  ];
}

function renderEnvironment(sw: SimSwitch): string[] {
  const out = [
    ' System temperature information (degree centigrade):',
    ` ${'-'.repeat(70)}`,
    ' Slot  Sensor    Temperature  Lower  Warning  Alarm  Shutdown',
  ];
  sw.temperatures.forEach((t, i) => {
    const c = Math.round(t.celsius);
    // A sensor that is not ok is above its alarm threshold.
    const warning = t.ok ? Math.max(75, c + 10) : c - 10;
    const alarm = t.ok ? Math.max(90, c + 20) : c - 5;
    out.push(` ${pad(0, 6)}${pad('hotspot', 8)}${pad(i + 1, 2)}${pad(c, 13)}${pad(0, 7)}${pad(warning, 9)}${pad(alarm, 7)}NA`);
  });
  return out;
}

function renderPower(sw: SimSwitch): string[] {
  const total = sw.psus.length * 3000;
  const out = sw.psus.reduce((s, p) => s + (p.ok ? p.outputW : 0), 0);
  const lines = [
    '',
    ' Power supply policy     : Enabled',
    ' Surplus sleeping        : Disabled',
    ` Power modules installed : ${sw.psus.length}`,
    ` Power modules usable    : ${sw.psus.filter((p) => p.ok).length}`,
    ` Total power             : ${total}W`,
    ' Redundant power         : 0W',
    ' Sleeping  power         : 0W',
    ` Available power         : ${total}W`,
    ` Out power               : ${Math.round(out)}W`,
    '',
    ' PowerID State     InPower(W)  Current(A)  Voltage(V)  OutPower(W)     Type        Input',
  ];
  sw.psus.forEach((p, i) => {
    const id = Number(/\d+/.exec(p.name)?.[0] ?? i + 1);
    const w = p.ok ? p.outputW : 0;
    lines.push(
      `  ${pad(id, 7)}${pad(p.ok ? 'Normal' : 'Fault', 12)}${pad(3000, 11)}${pad(fixed2(w / 54), 13)}${pad(fixed2(54), 12)}${pad(fixed2(w), 11)}${pad('PSR3000-54A', 16)}AC`,
    );
  });
  const slots = [...new Set(sw.ports.map((p) => p.slot))].sort((a, b) => a - b);
  lines.push('', ' Information about reserved power:', '', '  Slot  Status  Power(W)   Remarks');
  for (const s of [0, ...slots]) lines.push(`  ${pad(String(s).padStart(2), 4)}${pad('Normal', 8)}${String(s === 0 ? 34 : 765).padStart(5)}      Powered on`);
  lines.push('', ' Power information for fans:', '  Fan[1]: 1000W', '');
  return lines;
}

function renderFan(sw: SimSwitch): string[] {
  const out: string[] = [];
  sw.fans.forEach((f, i) => {
    out.push(
      ` Fan-tray ${i + 1}:`,
      ` Status    : ${f.ok ? 'Normal' : 'Fault'}`,
      ' Fan Type  : LSXM108XFANH',
      ' Fan number: 1',
      ' Fan mode  : Auto',
      ' Airflow Direction: Fan-Panel-Exhaust',
      ' Fan  Speed(rpm)',
      ' ---  ----------',
      `  1   ${Math.round(f.rpm)}`,
    );
  });
  return out;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function renderFecstat(sw: SimSwitch, p: SimPort): string[] {
  const linked = isUp(p) && p.optics !== undefined;
  // No module: the PHY has nothing to report.
  const corr = p.optics ? p.fecCorrected & U32 : U32;
  const uncorr = p.optics ? p.fecUncorrected & U32 : U32;
  const bit = (b: boolean): string => (b ? '0x1' : '0x0');
  return [
    '---------------------',
    `u=0 p=${p.port} fecmoncnt=${Math.floor(sw.uptimeS / 240)}`,
    `***Table${(p.port % 97) + 1} time:${fmtFecTime(sw.clockMs)}***`,
    '---INNER phy---',
    `uiIntFecCorrect=${hex(corr)}`,
    `uiIntFecUnCorrect=${hex(uncorr)}`,
    'uiIntFecCorrectRate=0x0',
    `uiIntFecUnCorrectRate=${p.optics ? '0x0' : hex(U32)}`,
    'uiIntFecCorrectRate_Ber=N/A',
    '---EXT phy SYSTEM---',
    'usSysieee_corr_cw_cnt=0x0',
    'usSysieee_uncorr_cw_cnt=0x0',
    `ucSysfec_link_stat=${bit(linked)}`,
    'ucSysfec_link_stat_sticky=0x0',
    'ucSyshi_ser_sticky=0x0',
    'ucSyspcs_hiber_stat=0x0',
    'ucSyspcs_hiber_sticky=0x0',
    `ucSyspcs_link_stat=${bit(linked)}`,
    'ucSyspcs_link_stat_sticky=0x0',
    '---EXT phy LINE---',
    'usLineieee_corr_cw_cnt=0x0',
    'usLineieee_uncorr_cw_cnt=0x0',
    `ucLinefec_link_stat=${bit(linked)}`,
    'ucLinefec_link_stat_sticky=0x0',
    'ucLinehi_ser_sticky=0x0',
    'ucLinepcs_hiber_stat=0x0',
    'ucLinepcs_hiber_sticky=0x0',
    'ucLinepcs_link_stat=0x0',
    'ucLinepcs_link_stat_sticky=0x0',
    '***end***',
    '',
  ];
}

const ABSENT = 'The transceiver is absent.';

function renderDiagnosis(p: SimPort): string[] {
  const out = [`${portName(p)} transceiver diagnostic information:`];
  const o = p.optics;
  if (!o) return [...out, ABSENT];
  const totalDbm = (vals: number[]): string => fixed2(10 * Math.log10(vals.reduce((s, d) => s + 10 ** (d / 10), 0)));
  out.push(
    '  Current diagnostic parameters:',
    '[module]  Temp.(C)   Voltage(V)     Total RX power(dBm)   Total TX power(dBm)',
    `          ${pad(Math.round(o.temperatureC), 11)}${pad(fixed2(o.voltageV), 15)}${pad(totalDbm(o.lanes.map((l) => l.rxPowerDbm)), 22)}${totalDbm(o.lanes.map((l) => l.txPowerDbm))}`,
    '[channel] Bias(mA)  RX power(dBm)  TX power(dBm)',
  );
  o.lanes.forEach((l, i) => out.push(`    ${pad(i + 1, 6)}${pad(fixed2(l.biasMa), 10)}${pad(fixed2(l.rxPowerDbm), 15)}${fixed2(l.txPowerDbm)}`));
  out.push(
    '  Alarm thresholds:',
    '          Temp.(C)   Voltage(V)  Bias(mA)  RX power(dBm)  TX power(dBm)',
    '    High  75         3.63        15.00     3.40           3.40',
    '    Low   -5         2.97        0.00      -12.31         -10.40',
  );
  return out;
}

function renderTransceiver(p: SimPort): string[] {
  const out = [`${portName(p)} transceiver information:`];
  const o = p.optics;
  if (!o) return [...out, ABSENT];
  out.push(
    `  Transceiver Type              : ${o.type}`,
    '  Connector Type                : MPO',
    '  Wavelength(nm)                : 850',
    '  Transfer Distance(m)          : 100(OM4)',
    '  Digital Diagnostic Monitoring : YES',
    `  Vendor Name                   : ${o.vendor}`,
    `  Vendor Part Number            : ${o.partNumber}`,
  );
  if (!/^(?:HPE?|H3C)\b/i.test(o.vendor)) {
    out.push(
      'Info:  This is not a supported transceiver for this platform.  HPE does not guarantee the normal operation or maintenance of unsupported transceivers.  Please review the platform datasheet on the HPE web site or contact your HPE sales rep for a list of supported transceivers.',
    );
  }
  return out;
}

function renderManuinfo(p: SimPort): string[] {
  const out = [`${portName(p)} transceiver manufacture information:`];
  const o = p.optics;
  if (!o) return [...out, ABSENT];
  out.push(`  Manu. Serial Number : ${o.serial}`, '  Manufacturing Date  : 2023-06-27', `  Vendor Name         : ${o.vendor}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Command line parsing: keywords may be abbreviated to any unique prefix of a minimum length.
// ---------------------------------------------------------------------------------------------

interface Tok {
  readonly text: string;
  /** Column of the token in the command line. */
  readonly at: number;
}

function tokenize(line: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) toks.push({ text: m[0], at: m.index });
  return toks;
}

function kw(tok: Tok | undefined, word: string, min: number): boolean {
  if (!tok) return false;
  const t = tok.text.toLowerCase();
  return t.length >= min && word.startsWith(t);
}

type ErrorKind = 'Unrecognized command' | 'Incomplete command' | 'Wrong parameter' | 'Too many parameters';

class CliError {
  constructor(
    readonly kind: ErrorKind,
    readonly at: number,
  ) {}
}

/** Ports by `slot/port`, per switch (ports never change after creation). */
const portIndex = new WeakMap<SimSwitch, Map<string, SimPort>>();
function findPort(sw: SimSwitch, slot: number, port: number): SimPort | undefined {
  let idx = portIndex.get(sw);
  if (!idx) {
    idx = new Map(sw.ports.map((p) => [`${p.slot}/${p.port}`, p]));
    portIndex.set(sw, idx);
  }
  return idx.get(`${slot}/${port}`);
}

const TYPE_WITH_NUMBER_RE = /^([a-z-]+)(\d+\/\d+\/\d+)?$/i;
const NUMBER_RE = /^(\d+)\/(\d+)\/(\d+)$/;

function isHgeType(word: string): boolean {
  const w = word.toLowerCase();
  return w === 'hge' || (w.length >= 2 && 'hundredgige'.startsWith(w));
}

/** `[<type> [<number>]]` after `interface`: every port, every port of the type, or one port. */
function interfaceTarget(sw: SimSwitch, toks: readonly Tok[], from: number): SimPort[] {
  const typeTok = toks[from];
  if (!typeTok) return sw.ports;
  const tm = TYPE_WITH_NUMBER_RE.exec(typeTok.text);
  if (!tm || !isHgeType(tm[1] as string)) throw new CliError('Wrong parameter', typeTok.at);
  let numberText = tm[2];
  let numberAt = typeTok.at + (tm[1] as string).length;
  let next = from + 1;
  if (numberText === undefined) {
    const numTok = toks[from + 1];
    if (!numTok) return sw.ports;
    numberText = numTok.text;
    numberAt = numTok.at;
    next = from + 2;
  }
  const nm = NUMBER_RE.exec(numberText);
  if (!nm) throw new CliError('Wrong parameter', numberAt);
  const p = Number(nm[2]) === 0 ? findPort(sw, Number(nm[1]), Number(nm[3])) : undefined;
  if (!p) throw new CliError('Wrong parameter', numberAt);
  const extra = toks[next];
  if (extra) throw new CliError('Too many parameters', extra.at);
  return [p];
}

function expectEnd(toks: readonly Tok[], at: number): void {
  const extra = toks[at];
  if (extra) throw new CliError('Too many parameters', extra.at);
}

/** `display …` / `show …` (available in every view). */
function runDisplay(sw: SimSwitch, toks: readonly Tok[], lineEnd: number): string[] {
  const sub = toks[1];
  if (!sub) throw new CliError('Incomplete command', lineEnd);
  // `interface` needs 3 letters: `in` would also be `inventory`, …
  if (kw(sub, 'interface', 3)) {
    return interfaceTarget(sw, toks, 2).flatMap((p) => renderInterface(sw, p));
  }
  if (kw(sub, 'link-state-change', 4)) {
    if (!kw(toks[2], 'statistics', 4)) throw new CliError(toks[2] ? 'Wrong parameter' : 'Incomplete command', toks[2]?.at ?? lineEnd);
    if (!toks[3]) return renderLinkStateChange(sw, sw.ports);
    if (!kw(toks[3], 'interface', 3)) throw new CliError('Wrong parameter', toks[3].at);
    return renderLinkStateChange(sw, interfaceTarget(sw, toks, 4));
  }
  if (kw(sub, 'priority-flow-control', 3) || kw(sub, 'packet-drop', 3)) {
    const pfc = kw(sub, 'priority-flow-control', 3);
    const it = toks[2];
    if (!it) throw new CliError('Incomplete command', lineEnd);
    if (!kw(it, 'interface', 3)) throw new CliError('Wrong parameter', it.at);
    const ports = interfaceTarget(sw, toks, 3);
    return pfc ? renderPfc(ports) : renderPacketDrop(ports);
  }
  if (kw(sub, 'version', 3)) {
    expectEnd(toks, 2);
    return renderVersion(sw);
  }
  if (kw(sub, 'environment', 3)) {
    expectEnd(toks, 2);
    return renderEnvironment(sw);
  }
  if (kw(sub, 'power', 3)) {
    expectEnd(toks, 2);
    return renderPower(sw);
  }
  if (kw(sub, 'fan', 3)) {
    expectEnd(toks, 2);
    return renderFan(sw);
  }
  if (kw(sub, 'transceiver', 5)) {
    const what = toks[2];
    if (!what) throw new CliError('Incomplete command', lineEnd);
    let render: (p: SimPort) => string[];
    let at = 3;
    if (kw(what, 'diagnosis', 4)) render = renderDiagnosis;
    else if (kw(what, 'manuinfo', 4)) render = renderManuinfo;
    else if (kw(what, 'interface', 3)) {
      render = renderTransceiver;
      at = 2;
    } else throw new CliError('Wrong parameter', what.at);
    if (at === 3) {
      const it = toks[3];
      if (!it) throw new CliError('Incomplete command', lineEnd);
      if (!kw(it, 'interface', 3)) throw new CliError('Wrong parameter', it.at);
    }
    return interfaceTarget(sw, toks, at + 1).flatMap(render);
  }
  throw new CliError('Unrecognized command', sub.at);
}

const FECSTAT_ARG_RE = /^phy\/fecstat\/(\d+)\/(\d+)$/i;

/** `debug port command slot <slot> phy/fecstat/0/<port>` (probe view). */
function runDebug(sw: SimSwitch, toks: readonly Tok[], lineEnd: number): string[] {
  const words: [string, number][] = [
    ['port', 4],
    ['command', 3],
    ['slot', 4],
  ];
  for (let k = 0; k < words.length; k++) {
    const tok = toks[k + 1];
    if (!tok) throw new CliError('Incomplete command', lineEnd);
    const [word, min] = words[k] as [string, number];
    if (!kw(tok, word, min)) throw new CliError('Unrecognized command', tok.at);
  }
  const slotTok = toks[4];
  if (!slotTok) throw new CliError('Incomplete command', lineEnd);
  const slot = /^\d+$/.test(slotTok.text) ? Number(slotTok.text) : NaN;
  if (!sw.ports.some((p) => p.slot === slot)) throw new CliError('Wrong parameter', slotTok.at);
  const argTok = toks[5];
  if (!argTok) throw new CliError('Incomplete command', lineEnd);
  const m = FECSTAT_ARG_RE.exec(argTok.text);
  const p = m && Number(m[1]) === 0 ? findPort(sw, slot, Number(m[2])) : undefined;
  if (!p) throw new CliError('Wrong parameter', argTok.at);
  expectEnd(toks, 6);
  return renderFecstat(sw, p);
}

function runLine(sw: SimSwitch, session: SimCliSession, toks: readonly Tok[], lineEnd: number): SimCliResult {
  const mode = session.mode as Mode;
  const first = toks[0] as Tok;
  const done = (lines: string[]): SimCliResult => ({ output: lines.length === 0 ? '' : `${lines.join('\n')}\n` });

  if (kw(first, 'display', 3) || kw(first, 'show', 2)) return done(runDisplay(sw, toks, lineEnd));
  if (kw(first, 'quit', 1) || kw(first, 'exit', 3)) {
    expectEnd(toks, 1);
    if (mode === 'probe') session.mode = 'system-view';
    else if (mode === 'system-view') session.mode = 'user';
    else return { output: '', close: true };
    return { output: '' };
  }
  if (mode === 'user') {
    if (kw(first, 'screen-length', 3)) {
      if (!toks[1]) throw new CliError('Incomplete command', lineEnd);
      if (!kw(toks[1], 'disable', 3)) throw new CliError('Wrong parameter', toks[1].at);
      expectEnd(toks, 2);
      session.pagingOff = true;
      return { output: '' };
    }
    if (kw(first, 'system-view', 3)) {
      expectEnd(toks, 1);
      session.mode = 'system-view';
      return done(['System View: return to User View with Ctrl+Z.']);
    }
  } else {
    if (kw(first, 'return', 3)) {
      expectEnd(toks, 1);
      session.mode = 'user';
      return { output: '' };
    }
    if (mode === 'system-view' && kw(first, 'probe', 5)) {
      expectEnd(toks, 1);
      session.mode = 'probe';
      return { output: '' };
    }
    if (mode === 'probe' && kw(first, 'debug', 3)) return done(runDebug(sw, toks, lineEnd));
  }
  throw new CliError('Unrecognized command', first.at);
}

export const hpComwareSimCli: SimCli = {
  os: 'hp_comware',
  newSession: (): SimCliSession => ({ mode: 'user', pagingOff: false }),
  banner: (): string => BANNER,
  prompt: promptOf,
  morePrompt: '  ---- More ----',
  run(sw: SimSwitch, session: SimCliSession, line: string): SimCliResult {
    const toks = tokenize(line);
    if (toks.length === 0) return { output: '' };
    const prompt = promptOf(sw, session);
    try {
      return runLine(sw, session, toks, line.trimEnd().length);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      return { output: `${' '.repeat(prompt.length + err.at)}^\n % ${err.kind} found at '^' position.\n` };
    }
  },
};
