/**
 * The simulated Arista EOS CLI: prints a SimSwitch the way EOS 4.2x does (layouts copied from a
 * real 100G switch session: column positions, headers, blank lines, Python-style JSON). Port k is
 * `Ethernet<k>/1` (`Et<k>/1` in tables), as on the real QSFP switches. Commands may be
 * abbreviated token by token (`show int count disc`); anything else gets `% Invalid input`.
 */
import { abbreviatePort, dottedFromMac } from '../../vendors/arista_eos/common.js';
import type { SimCli, SimCliResult, SimCliSession } from './cli.js';
import type { SimOpticsLane, SimPort, SimSwitch } from './state.js';

const INVALID = '% Invalid input';

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Sun Oct 29 02:45:48 2023` (UTC, asctime layout). */
function ctime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** `29 days, 7:31:53 ago`, `1:53:34 ago` (phy detail "Last Change"). */
function ago(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} ago`;
  return d > 0 ? `${d} day${d === 1 ? '' : 's'}, ${clock}` : clock;
}

/** `29 days, 7 hours, 30 minutes, 27 seconds` (show interfaces Up/Down). */
function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'day'],
    [Math.floor((s % 86_400) / 3600), 'hour'],
    [Math.floor((s % 3600) / 60), 'minute'],
    [s % 60, 'second'],
  ];
  const out = parts.filter(([n]) => n > 0).map(([n, u]) => `${n} ${u}${n === 1 ? '' : 's'}`);
  return out.length > 0 ? out.join(', ') : '0 seconds';
}

/** EOS rate: three significant digits and a unit (`224 Mbps`, `52.9 Mbps`, `1.61 Gbps`, `0 bps`). */
function rate(bps: number): string {
  const units: [number, string][] = [
    [1e9, 'Gbps'],
    [1e6, 'Mbps'],
    [1e3, 'kbps'],
  ];
  for (const [div, unit] of units) {
    if (bps >= div) {
      const v = bps / div;
      return `${v >= 100 ? Math.round(v) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
    }
  }
  return `${Math.round(bps)} bps`;
}

function speedText(mbps: number): string {
  return mbps >= 1000 ? `${mbps / 1000}Gb/s` : `${mbps}Mb/s`;
}

/** A `show … | json` answer as EOS prints it (Python json, indent 4); floats keep their `.0`. */
class PyFloat {
  constructor(readonly v: number) {}
}

function pyJson(v: unknown, indent = ''): string {
  const inner = `${indent}    `;
  if (v instanceof PyFloat) return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + pyJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pyJson(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

/** Joins lines into a command output (a final '' keeps a trailing blank line). */
function out(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

function portName(p: SimPort): string {
  return `Ethernet${p.port}/1`;
}

function linkWords(p: SimPort): { link: string; protocol: string; status: string } {
  if (!p.adminUp) return { link: 'administratively down', protocol: 'down', status: 'disabled' };
  if (p.errdisabled !== undefined) return { link: 'down', protocol: 'down', status: 'errdisabled' };
  if (!p.operUp) return { link: 'down', protocol: 'down', status: 'notconnect' };
  return { link: 'up', protocol: 'up', status: 'connected' };
}

function rxKbps(p: SimPort): number {
  return p.operUp ? p.rxKbps : 0;
}

function txKbps(p: SimPort): number {
  return p.operUp ? p.txKbps : 0;
}

/** Packets per second at the simulator's 4096-byte average packet. */
function pps(kbps: number): number {
  return Math.round((kbps * 1000) / 8 / 4096);
}

function utilization(kbps: number, speedMbps: number): string {
  return `${((kbps / (speedMbps * 1000)) * 100).toFixed(1)}%`;
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

function showInterfaces(sw: SimSwitch): string {
  const lines: string[] = [];
  for (const p of sw.ports) {
    const w = linkWords(p);
    const mac = dottedFromMac(p.mac);
    lines.push(`${portName(p)} is ${w.link}, line protocol is ${w.protocol} (${w.status})`);
    lines.push(`  Hardware is Ethernet, address is ${mac} (bia ${mac})`);
    if (p.description !== '') lines.push(`  Description: ${p.description}`);
    lines.push(`  Ethernet MTU 9214 bytes, BW ${p.speedMbps * 1000} kbit`);
    lines.push(`  Full-duplex, ${speedText(p.speedMbps)}, auto negotiation: off, uni-link: n/a`);
    lines.push(`  ${p.operUp ? 'Up' : 'Down'} ${duration(p.lastChangeAgeS)}`);
    lines.push('  Loopback Mode : None');
    lines.push(`  ${p.linkChanges} link status changes since last clear`);
    lines.push(`  Last clearing of "show interface" counters ${ago(sw.uptimeS)}`);
    for (const [dir, kbps] of [
      ['input', rxKbps(p)],
      ['output', txKbps(p)],
    ] as const) {
      lines.push(
        `  5 seconds ${dir} rate ${rate(kbps * 1000)} (${utilization(kbps, p.speedMbps)} with framing overhead), ${pps(kbps)} packets/sec`,
      );
    }
    lines.push(`     ${p.rxPackets} packets input, ${p.rxBytes} bytes`);
    lines.push(`     Received ${p.rxBroadcast} broadcasts, ${p.rxMulticast} multicast`);
    lines.push(`     ${p.runts} runts, ${p.giants} giants`);
    lines.push(
      `     ${p.inputErrors} input errors, ${p.crcErrors} CRC, ${p.alignmentErrors} alignment, ${p.symbolErrors} symbol, ${p.inDiscards} input discards`,
    );
    lines.push('     0 PAUSE input');
    lines.push(`     ${p.txPackets} packets output, ${p.txBytes} bytes`);
    lines.push(`     Sent 0 broadcasts, ${p.rxMulticast} multicast`);
    lines.push('     0 output errors, 0 collisions');
    lines.push(`     0 late collision, 0 deferred, ${p.outDiscards} output discards`);
    lines.push('     0 PAUSE output');
  }
  const mgmt = dottedFromMac(sw.systemMac);
  lines.push(
    'Management1 is up, line protocol is up (connected)',
    `  Hardware is Ethernet, address is ${mgmt} (bia ${mgmt})`,
    '  Internet address is 192.0.2.10/24',
    '  Broadcast address is 255.255.255.255',
    '  IP MTU 1500 bytes (default), BW 1000000 kbit',
    '  Full-duplex, 1Gb/s, auto negotiation: on, uni-link: n/a',
    `  Up ${duration(sw.uptimeS)}`,
    '  Loopback Mode : None',
    '  1 link status changes since last clear',
    `  Last clearing of "show interface" counters ${ago(sw.uptimeS)}`,
    '  5 seconds input rate 11.1 kbps (0.0% with framing overhead), 14 packets/sec',
    '  5 seconds output rate 56.6 kbps (0.0% with framing overhead), 13 packets/sec',
    '     2808659 packets input, 251941320 bytes',
    '     Received 293699 broadcasts, 83924 multicast',
    '     0 runts, 0 giants',
    '     0 input errors, 0 CRC, 0 alignment, 0 symbol, 0 input discards',
    '     0 PAUSE input',
    '     4439128 packets output, 1609076212 bytes',
    '     Sent 0 broadcasts, 83927 multicast',
    '     0 output errors, 0 collisions',
    '     0 late collision, 0 deferred, 0 output discards',
    '     0 PAUSE output',
  );
  return out(lines);
}

/** One phy detail row: label at 2, state at 30, changes ending at 55, last change ending at 78. */
function phyRow(label: string, state = '', changes?: number | bigint, last?: string, indent = 2): string {
  let line = `${' '.repeat(indent)}${label}`.padEnd(30) + state;
  if (changes !== undefined) line = line.padEnd(55 - String(changes).length) + String(changes);
  if (last !== undefined) line = line.padEnd(78 - last.length) + last;
  return line.trimEnd();
}

function phyBlock(sw: SimSwitch, p: SimPort): string[] {
  const o = p.optics;
  const stale = p.errdisabled !== undefined;
  const lines = [
    portName(p),
    '                              Current State     Changes            Last Change',
    '                              -------------     -------            -----------',
  ];
  if (stale) lines.push('*** WARNING: some information is stale.');
  const phyState = p.operUp ? 'linkUp' : stale ? 'errDisabled' : 'linkDown';
  const since = ago(p.lastChangeAgeS);
  const xcvrAge = ago(sw.uptimeS - 60);
  lines.push(
    phyRow('PHY state', phyState, p.linkChanges, since),
    phyRow('Interface state', p.operUp ? 'up' : 'down', p.linkChanges, since),
    phyRow('HW resets', '', 0, 'never'),
    phyRow('Transceiver', o ? o.type : 'Not Present', 1, xcvrAge),
  );
  if (o) lines.push(phyRow('Transceiver SN', o.serial));
  lines.push(
    phyRow('Oper speed', p.operUp ? `${p.speedMbps / 1000}Gbps` : 'unknown'),
    phyRow('Interrupt Count', '', p.linkChanges + 1),
    phyRow('Transceiver Reset Count', '', 0, 'never'),
    phyRow('Transceiver Interrupt Count', '', p.linkChanges, since),
    phyRow('Transceiver Smbus Failures', '', 0, 'never'),
    phyRow('Diags mode', 'normalOperation'),
    phyRow('Model', 'Bcm56965-tscf (A) (0x00c086,0x37,0xc2d5)'),
    phyRow('Loopback', 'none'),
    phyRow('Xcvr EEPROM read timeout', '', 0, 'never'),
    phyRow('Spurious xcvr detection', '', 0, 'never'),
    phyRow('DOM control/status fail', '', 0),
    phyRow('Presence indication', o ? 'xcvrPresent' : 'xcvrNotPresent', 1, xcvrAge),
    phyRow('Bad EEPROM checksums', '', 0, 'never'),
    phyRow('RX_LOS since system boot', p.operUp ? 'False' : 'True', p.linkChanges, since),
    phyRow('RX_LOS since insertion', '', p.linkChanges),
    phyRow('TX_FAULT since system boot', 'False', 0, 'never'),
    phyRow('TX_FAULT since insertion', '', 0),
    phyRow('PMA/PMD RX signal detect', p.operUp ? 'ok' : 'no signal', p.linkChanges, since),
  );
  if (!stale) {
    const fecAge = (changes: number): string => (changes === 0 ? 'never' : '0:00:01 ago');
    lines.push(
      phyRow('Forward Error Correction', 'Reed-Solomon'),
      phyRow('Reed-Solomon codeword size', '528'),
      phyRow('FEC alignment lock', p.operUp ? 'ok' : 'unaligned', p.linkChanges, since),
      phyRow('FEC corrected codewords', String(p.fecCorrectedLast), p.fecCorrectedChanges, fecAge(p.fecCorrectedChanges)),
      phyRow('FEC uncorrected codewords', String(p.fecUncorrectedLast), p.fecUncorrectedChanges, fecAge(p.fecUncorrectedChanges)),
      phyRow('FEC lane corrected symbols'),
    );
    for (let lane = 0; lane < 4; lane++) {
      const changes = lane === 0 ? p.fecCorrectedChanges : 0;
      lines.push(phyRow(`Lane ${lane}`, String(lane === 0 ? p.fecCorrectedLast : 0n), changes, fecAge(changes), 4));
    }
    lines.push(phyRow('FEC lane mapping'), phyRow('FEC lane', '00 01 02 03', undefined, undefined, 4), phyRow('PMA lane', '00 01 02 03', undefined, undefined, 4));
  }
  lines.push(
    phyRow('PCS RX link status', p.operUp ? 'up' : 'down', p.linkChanges, since),
    phyRow('PCS high BER', 'ok', 0, 'never'),
    phyRow('PCS BER', '0', 0, 'never'),
    phyRow('PCS error blocks', '0', undefined, 'never'),
    'Lane 0',
    'RXPPM CLK90 CLKP1 PF(M,L) VGA DCO DFE(1,2,3,4,5,6)        TXPPM TXEQ(n1,m,p1,2,3)',
    '   19    30     1    0,2   10  -6  29,-16,  3, 11,  3,  0     0  8, 49,55, 0, 0',
  );
  return lines;
}

function showPhyDetail(sw: SimSwitch, ports: readonly SimPort[]): string {
  const lines = [`Current System Time: ${ctime(sw.clockMs)}`];
  for (const p of ports) lines.push(...phyBlock(sw, p));
  return out(lines);
}

/** Right-aligns a DOM value so that it ends at column 49, then its unit. */
function domValue(label: string, value: string, unit: string): string {
  return label.padEnd(49 - value.length) + value + unit;
}

function showTransceiverDom(sw: SimSwitch): string {
  const lines = ['Ch: Channel, N/A: not applicable, TX: transmit, RX: receive', 'mA: milliamperes, dBm: decibels (milliwatts), C: Celsius, V: Volts'];
  for (const p of sw.ports) {
    const o = p.optics;
    lines.push('', `Port ${p.port}`);
    if (!o) {
      lines.push(
        'Last update: N/A',
        '                                             Value',
        '                                          ------------',
        ...['Temperature', 'Voltage', 'TX bias current', 'Optical TX power', 'Optical RX power'].map((l) => `   ${l}`.padEnd(45) + 'N/A N/A'),
      );
      continue;
    }
    lines.push(
      'Last update: 0:00:01 ago',
      '                                             Value',
      '                                        ----------------',
      domValue('   Temperature', o.temperatureC.toFixed(2), ' C'),
      domValue('   Voltage', o.voltageV.toFixed(2), ' V'),
      portName(p),
    );
    const sections: [string, (l: SimOpticsLane) => number, string][] = [
      ['TX bias current', (l) => l.biasMa, ' mA'],
      ['Optical TX power', (l) => l.txPowerDbm, ' dBm'],
      ['Optical RX power', (l) => l.rxPowerDbm, ' dBm'],
    ];
    for (const [title, get, unit] of sections) {
      lines.push(`   ${title}`);
      o.lanes.forEach((l, i) => lines.push(domValue(`      Channel${String(i + 1).padStart(9)}`, get(l).toFixed(2), unit)));
    }
  }
  return out(lines);
}

function showPfc(sw: SimSwitch): string {
  const lines = ['Port                 RxPfc           TxPfc'];
  for (const p of sw.ports) {
    const name = abbreviatePort(portName(p));
    lines.push(name + String(p.rxPfcPrio5).padStart(26 - name.length) + String(p.txPfcPrio5).padStart(16));
  }
  lines.push('Ma1' + '0'.padStart(23) + '0'.padStart(16));
  return out(lines);
}

function showIfindex(sw: SimSwitch): string {
  return out(sw.ports.map((p) => `${portName(p)}: Ifindex = ${p.port * 1000 + 1}`));
}

function showDiscards(sw: SimSwitch): string {
  const lines = ['Port               InDiscards    OutDiscards', '--------------- ---------------- -----------'];
  let totalIn = 0n;
  let totalOut = 0n;
  const row = (name: string, i: bigint, o: bigint): string => name + String(i).padStart(29 - name.length) + String(o).padStart(15);
  for (const p of sw.ports) {
    lines.push(row(abbreviatePort(portName(p)), p.inDiscards, p.outDiscards));
    totalIn += p.inDiscards;
    totalOut += p.outDiscards;
  }
  lines.push(row('Ma1', 0n, 0n), '---------           ---------      ---------', row('Totals', totalIn, totalOut), '');
  return out(lines);
}

function showQueueDetail(sw: SimSwitch): string {
  const lines: string[] = [];
  for (const p of sw.ports) {
    const name = abbreviatePort(portName(p));
    lines.push(
      'Port     TxQ   Counter/pkts      Counter/bytes      Drop/pkts         Drop/bytes',
      '------- ----   ------------       ------------   ------------       ------------',
    );
    for (const q of ['UC0', 'UC1', 'UC2', 'UC3', 'UC4', 'UC5', 'UC6', 'UC7', 'UC8', 'MC0', 'MC1']) {
      const uc5 = q === 'UC5';
      const v = [uc5 ? p.txPackets : 0n, uc5 ? p.txBytes : 0n, uc5 ? p.outDiscardsPrio5 : 0n, 0n].map(String);
      lines.push(name.padEnd(9) + q + (v[0] ?? '').padStart(15) + (v[1] ?? '').padStart(19) + (v[2] ?? '').padStart(15) + (v[3] ?? '').padStart(19));
    }
    lines.push('');
  }
  return out(lines);
}

function showRates(sw: SimSwitch): string {
  const lines = ['Port      Name        Intvl   In Mbps      %  In Kpps  Out Mbps      % Out Kpps'];
  const row = (name: string, desc: string, inK: number, outK: number, speed: number): string =>
    name.padEnd(10) +
    desc.slice(0, 11).padEnd(11) +
    '  0:05' +
    (inK / 1000).toFixed(1).padStart(10) +
    utilization(inK, speed).padStart(7) +
    String(Math.round(pps(inK) / 1000)).padStart(9) +
    (outK / 1000).toFixed(1).padStart(10) +
    utilization(outK, speed).padStart(7) +
    String(Math.round(pps(outK) / 1000)).padStart(9);
  for (const p of sw.ports) lines.push(row(abbreviatePort(portName(p)), p.description, rxKbps(p), txKbps(p), p.speedMbps));
  lines.push(row('Ma1', '', 0, 0, 1000), '');
  return out(lines);
}

function showErrdisabled(sw: SimSwitch): string {
  const down = sw.ports.filter((p) => p.errdisabled !== undefined);
  if (down.length === 0) return '';
  const lines = ['   Port         Name                       Status         Reason', '------------ -------------------------- ----------------- ------'];
  for (const p of down) {
    lines.push(`   ${abbreviatePort(portName(p)).padEnd(12)}${p.description.slice(0, 20).padEnd(27)}${'errdisabled'.padEnd(15)}${p.errdisabled ?? ''}`);
  }
  return out(lines);
}

function versionJson(sw: SimSwitch): string {
  const build = sw.firmware.replace(/\./g, '');
  return out([
    pyJson({
      memTotal: 8104364,
      uptime: new PyFloat(Math.round(sw.uptimeS * 100) / 100),
      modelName: sw.model,
      internalVersion: `${sw.firmware}-13614065.${build}`,
      mfgName: 'Arista',
      serialNumber: sw.serial,
      systemMacAddress: sw.systemMac,
      bootupTimestamp: new PyFloat(Math.round(sw.clockMs / 10 - sw.uptimeS * 100) / 100),
      memFree: 6462768,
      version: sw.firmware,
      architecture: 'i686',
      isIntlVersion: false,
      internalBuildId: '158ef907-fbb0-49af-950b-a2a8e86f3d07',
      hardwareRevision: '12.11',
    }),
  ]);
}

function versionText(sw: SimSwitch): string {
  const mac = dottedFromMac(sw.systemMac);
  const up = Math.floor(sw.uptimeS);
  const weeks = Math.floor(up / 604_800);
  const days = Math.floor((up % 604_800) / 86_400);
  const hours = Math.floor((up % 86_400) / 3600);
  const minutes = Math.floor((up % 3600) / 60);
  return out([
    `Arista ${sw.model}`,
    'Hardware version: 12.11',
    `Serial number: ${sw.serial}`,
    `Hardware MAC address: ${mac}`,
    `System MAC address: ${mac}`,
    '',
    `Software image version: ${sw.firmware}`,
    'Architecture: i686',
    `Internal build version: ${sw.firmware}-13614065.${sw.firmware.replace(/\./g, '')}`,
    'Internal build ID: 158ef907-fbb0-49af-950b-a2a8e86f3d07',
    '',
    `Uptime: ${weeks} weeks, ${days} days, ${hours} hours and ${minutes} minutes`,
    'Total memory: 8104364 kB',
    'Free memory: 6462768 kB',
    '',
  ]);
}

function slotOf(name: string, i: number): string {
  return /(\d+)\s*$/.exec(name)?.[1] ?? String(i + 1);
}

function powerJson(sw: SimSwitch): string {
  const supplies: Record<string, unknown> = {};
  sw.psus.forEach((p, i) => {
    const slot = slotOf(p.name, i);
    supplies[slot] = {
      modelName: 'PWR-2411-AC-RED',
      capacity: new PyFloat(2400),
      dominant: false,
      inputCurrent: new PyFloat(Math.round((p.outputW / 232) * 1000) / 1000),
      outputCurrent: new PyFloat(Math.round((p.outputW / 12) * 1000) / 1000),
      inputVoltage: new PyFloat(232.25),
      outputVoltage: new PyFloat(12.009765625),
      outputPower: new PyFloat(p.outputW),
      state: p.ok ? 'ok' : 'powerLoss',
      uptime: new PyFloat(Math.round(sw.clockMs / 10 - sw.uptimeS * 100) / 100),
      fans: { [`FanP${slot}/1`]: { status: p.ok ? 'ok' : 'failed', speed: 34 } },
      tempSensors: { [`TempSensorP${slot}/1`]: { status: 'ok', temperature: new PyFloat(39.75) } },
      managed: true,
    };
  });
  return out([pyJson({ powerSupplies: supplies })]);
}

function temperatureJson(sw: SimSwitch): string {
  const sensors = sw.temperatures.map((t, i) => ({
    relPos: String(i + 1),
    name: `TempSensor${i + 1}`,
    description: t.name,
    overheatThreshold: new PyFloat(90),
    criticalThreshold: new PyFloat(95),
    targetTemperature: new PyFloat(70),
    hwStatus: t.ok ? 'ok' : 'failed',
    currentTemperature: new PyFloat(t.celsius),
    setPointTemperature: new PyFloat(72.6),
    maxTemperature: new PyFloat(t.celsius + 2),
    maxTemperatureLastChange: new PyFloat(Math.round(sw.clockMs / 10 - 360_000) / 100),
    inAlertState: !t.ok,
    alertCount: t.ok ? 0 : 1,
    isPidDriver: false,
    pidDriverCount: 0,
  }));
  const ok = sw.temperatures.every((t) => t.ok);
  return out([
    pyJson({
      systemStatus: ok ? 'temperatureOk' : 'temperatureCritical',
      shutdownOnOverheat: false,
      powercycleOnOverheat: true,
      actionOnOverheat: 'actionPowercycle',
      recoveryModeOnOverheat: 'recoveryModeNA',
      ambientThreshold: 45,
      tempSensors: sensors,
      cardSlots: [],
      powerSupplySlots: [],
    }),
  ]);
}

/** Fan trays report a speed in percent of 18000 RPM, so whole percentages give exact RPMs. */
const FAN_MAX_RPM = 18_000;

function coolingJson(sw: SimSwitch): string {
  const fan = (label: string, ok: boolean, pct: number, max: number): Record<string, unknown> => ({
    status: ok ? 'ok' : 'failed',
    uptime: new PyFloat(Math.round(sw.clockMs / 10 - sw.uptimeS * 100) / 100),
    maxSpeed: max,
    lastSpeedStableChangeTime: new PyFloat(Math.round(sw.clockMs / 10 - 360_000) / 100),
    configuredSpeed: pct,
    actualSpeed: pct,
    speedHwOverride: false,
    speedStable: true,
    label,
  });
  const psuSlots = sw.psus.map((p, i) => {
    const slot = slotOf(p.name, i);
    return { status: p.ok ? 'ok' : 'failed', fans: [fan(`PowerSupply${slot}/1`, p.ok, 50, 23_000)], speed: 50, label: `PowerSupply${slot}` };
  });
  const traySlots = sw.fans.map((f, i) => {
    const slot = slotOf(f.name, i);
    const pct = Math.round((f.rpm / FAN_MAX_RPM) * 100);
    return { status: f.ok ? 'ok' : 'failed', fans: [fan(`${slot}/1`, f.ok, pct, FAN_MAX_RPM)], speed: pct, label: slot };
  });
  return out([
    pyJson({
      overrideFanSpeed: 0,
      coolingMode: 'automatic',
      powerSupplySlots: psuSlots,
      fanTraySlots: traySlots,
      minFanSpeed: 0,
      shutdownOnInsufficientFans: true,
      ambientTemperature: new PyFloat(sw.temperatures[0]?.celsius ?? 30),
      systemStatus: sw.fans.every((f) => f.ok) ? 'coolingOk' : 'coolingKeepAlive',
      airflowDirection: 'frontToBackAirflow',
    }),
  ]);
}

function showEcn(sw: SimSwitch): string {
  const lines: string[] = [];
  for (const p of sw.ports) {
    lines.push(`${portName(p)}:`, '   Tx-Queue                Marked Packets', '  ----------      -----------------------');
    for (let q = 0; q < 8; q++) lines.push(String(q).padStart(7) + (q === 5 ? String(p.ecnMarkedTc5) : '-').padStart(34));
  }
  return out(lines);
}

function showHostname(sw: SimSwitch): string {
  return out([`Hostname: ${sw.name}`, `FQDN:     ${sw.name}`]);
}

const UNCONVERTED = out([pyJson({ errors: ['This is an unconverted command'] })]);

// ---------------------------------------------------------------------------------------------
// Command matching: each typed word may be a prefix of the command's word
// ---------------------------------------------------------------------------------------------

type Render = (sw: SimSwitch, session: SimCliSession, args: string[], json: boolean) => SimCliResult;

interface Command {
  readonly words: readonly string[];
  /** Accepts `| json`. Commands without it answer the unconverted-command error. */
  readonly json?: boolean;
  /** Only the `| json` form is modelled (the environment commands). */
  readonly jsonOnly?: boolean;
  readonly render: Render;
}

const text =
  (f: (sw: SimSwitch) => string): Render =>
  (sw) => ({ output: f(sw) });

/** `Ethernet1/1`, `Et1/1,Et3/1`, `Ethernet1/1,3/1` → ports, or undefined if one does not exist. */
function portsFrom(sw: SimSwitch, spec: string): SimPort[] | undefined {
  const out: SimPort[] = [];
  for (const item of spec.split(',')) {
    const m = /^(?:ethernet|et|e)?(\d+)\/(\d+)$/i.exec(item);
    const p = m ? sw.ports.find((x) => x.port === Number(m[1]) && Number(m[2]) === 1) : undefined;
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

const COMMANDS: readonly Command[] = [
  {
    words: ['terminal', 'length', '<n>'],
    render: (_sw, session, args) => {
      session.pagingOff = args[0] === '0';
      return { output: session.pagingOff ? 'Pagination disabled.\n' : `Pagination set to ${args[0]} lines.\n` };
    },
  },
  { words: ['terminal', 'width', '<n>'], render: (_sw, _s, args) => ({ output: `Width set to ${args[0]} columns.\n` }) },
  {
    words: ['enable'],
    render: (_sw, session) => {
      session.mode = 'enable';
      return { output: '' };
    },
  },
  {
    words: ['disable'],
    render: (_sw, session) => {
      session.mode = 'exec';
      return { output: '' };
    },
  },
  { words: ['exit'], render: () => ({ output: '', close: true }) },
  { words: ['quit'], render: () => ({ output: '', close: true }) },
  { words: ['logout'], render: () => ({ output: '', close: true }) },
  { words: ['show', 'hostname'], render: text(showHostname) },
  { words: ['show', 'interfaces'], render: text(showInterfaces) },
  { words: ['show', 'interfaces', 'phy', 'detail'], render: (sw) => ({ output: showPhyDetail(sw, sw.ports) }) },
  {
    words: ['show', 'interfaces', '<ports>', 'phy', 'detail'],
    render: (sw, _s, args) => {
      const ports = portsFrom(sw, args[0] ?? '');
      return { output: ports ? showPhyDetail(sw, ports) : `${INVALID}\n` };
    },
  },
  { words: ['show', 'interfaces', 'transceiver', 'dom'], render: text(showTransceiverDom) },
  { words: ['show', 'interfaces', 'counters', 'discards'], render: text(showDiscards) },
  { words: ['show', 'interfaces', 'counters', 'queue', 'detail'], render: text(showQueueDetail) },
  { words: ['show', 'interfaces', 'counters', 'rates'], render: text(showRates) },
  { words: ['show', 'interfaces', 'status', 'errdisabled'], render: text(showErrdisabled) },
  { words: ['show', 'priority-flow-control', 'counters'], render: text(showPfc) },
  { words: ['show', 'snmp', 'mib', 'ifmib', 'ifindex'], render: text(showIfindex) },
  { words: ['show', 'version'], json: true, render: (sw, _s, _a, json) => ({ output: json ? versionJson(sw) : versionText(sw) }) },
  { words: ['show', 'environment', 'power'], json: true, jsonOnly: true, render: (sw) => ({ output: powerJson(sw) }) },
  { words: ['show', 'system', 'environment', 'temperature'], json: true, jsonOnly: true, render: (sw) => ({ output: temperatureJson(sw) }) },
  { words: ['show', 'system', 'environment', 'cooling'], json: true, jsonOnly: true, render: (sw) => ({ output: coolingJson(sw) }) },
  { words: ['show', 'qos', 'interfaces', 'ecn', 'counters', 'queue'], render: text(showEcn) },
];

function matchCommand(typed: readonly string[]): { cmd: Command; args: string[] } | undefined {
  for (const cmd of COMMANDS) {
    if (cmd.words.length !== typed.length) continue;
    const args: string[] = [];
    let ok = true;
    for (let i = 0; i < typed.length && ok; i++) {
      const word = cmd.words[i] ?? '';
      const t = typed[i] ?? '';
      if (word === '<n>') {
        ok = /^\d+$/.test(t);
        args.push(t);
      } else if (word === '<ports>') {
        ok = /^(?:ethernet|et|e)?\d/i.test(t);
        args.push(t);
      } else {
        ok = t !== '' && word.startsWith(t.toLowerCase());
      }
    }
    if (ok) return { cmd, args };
  }
  return undefined;
}

export const aristaEosSimCli: SimCli = {
  os: 'arista_eos',
  newSession: () => ({ mode: 'exec', pagingOff: false }),
  banner: (sw) => `Last login: ${ctime(sw.clockMs - 3_600_000)} from 192.0.2.1`,
  prompt: (sw, session) => `${sw.name}${session.mode === 'enable' ? '#' : '>'}`,
  morePrompt: ' --More-- ',
  run(sw, session, line) {
    const [left = '', ...pipes] = line.split('|');
    const typed = left.trim().split(/\s+/).filter((w) => w !== '');
    if (typed.length === 0) return { output: '' };
    const found = matchCommand(typed);
    if (!found) return { output: `${INVALID}\n` };
    let json = false;
    for (const p of pipes) {
      const filter = p.trim();
      if (filter.length >= 2 && 'json'.startsWith(filter)) json = true;
      else return { output: `${INVALID}\n` };
    }
    if (json && !found.cmd.json) return { output: UNCONVERTED };
    if (!json && found.cmd.jsonOnly) return { output: '% Not supported by the simulator without | json\n' };
    return found.cmd.render(sw, session, found.args, json);
  },
};
