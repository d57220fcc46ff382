/**
 * The simulated Arista switches' eAPI: one HTTPS listener per switch on its own loopback address
 * (all on one port, like ssh-server.ts), answering JSON-RPC 2.0 `runCmds` on POST `/command-api`
 * with JSON rendered from the SimSwitch state in the shapes real EOS answers (`show interfaces`,
 * `phy detail`, `transceiver dom`, counters, hostname; version and environment are the CLI
 * simulator's `| json` answers). Basic authentication against the switch's password (any user).
 * `format: 'text'` answers `{"output": …}` from the CLI simulator.
 *
 * Like EOS, the first command that fails ends the request: JSON-RPC error 1002 (`CLI command 2 of 3
 * 'show foo' failed: invalid command`) or 1003 (a command without a JSON form here), with `data`:
 * the results of the commands before it, then `{"errors": […]}`.
 *
 * TLS: a CA and a server certificate for every switch address (and 127.0.0.1, localhost) made at
 * start with the `openssl` CLI in a temporary directory; the CA is exported (PEM and file) so that
 * clients can verify the switches. Faults per switch: refused logins, a hung request, a delay,
 * refused commands. Loopback only: every address must be in 127.0.0.0/8.
 */
import { execFile } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { aristaEosSimCli } from './render-arista_eos.js';
import { advanceSimSwitch, type SimPort, type SimSwitch } from './state.js';
import { closeAll, listenOn } from '../https.js';

const execFileP = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// JSON as EOS writes it: counters are integers of any size (bigint), floats keep their `.0`.
// ---------------------------------------------------------------------------------------------

/** A number EOS prints as a float. */
class F {
  constructor(readonly v: number) {}
}

/** Raw JSON text spliced in as is (the CLI simulator's `| json` answers). */
class Raw {
  constructor(readonly text: string) {}
}

function toJson(v: unknown): string {
  if (v instanceof F) return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
  if (v instanceof Raw) return v.text;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map(toJson).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${toJson(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

function portName(p: SimPort): string {
  return `Ethernet${p.port}/1`;
}

function linkWords(p: SimPort): { protocol: string; status: string } {
  if (!p.adminUp) return { protocol: 'down', status: 'disabled' };
  if (p.errdisabled !== undefined) return { protocol: 'down', status: 'errdisabled' };
  if (!p.operUp) return { protocol: 'down', status: 'notconnect' };
  return { protocol: 'up', status: 'connected' };
}

/** Packets per second at the simulator's 4096-byte average packet. */
function pps(kbps: number): number {
  return round2((kbps * 1000) / 8 / 4096);
}

function nowS(sw: SimSwitch): number {
  return sw.clockMs / 1000;
}

function showInterfaces(sw: SimSwitch): unknown {
  const interfaces: Record<string, unknown> = {};
  for (const p of sw.ports) {
    const w = linkWords(p);
    const rx = p.operUp ? p.rxKbps : 0;
    const tx = p.operUp ? p.txKbps : 0;
    const clamp = (x: bigint): bigint => (x < 0n ? 0n : x);
    interfaces[portName(p)] = {
      name: portName(p),
      forwardingModel: 'dataLink',
      lineProtocolStatus: w.protocol,
      interfaceStatus: w.status,
      hardware: 'ethernet',
      interfaceAddress: [],
      physicalAddress: p.mac,
      burnedInAddress: p.mac,
      description: p.description,
      bandwidth: p.speedMbps * 1_000_000,
      mtu: 9214,
      l3MtuConfigured: false,
      l2Mru: 0,
      lastStatusChangeTimestamp: new F(round2(nowS(sw) - p.lastChangeAgeS)),
      interfaceStatistics: {
        updateInterval: new F(5),
        inBitsRate: new F(rx * 1000),
        inPktsRate: new F(pps(rx)),
        outBitsRate: new F(tx * 1000),
        outPktsRate: new F(pps(tx)),
      },
      interfaceCounters: {
        inOctets: p.rxBytes,
        inUcastPkts: clamp(p.rxPackets - p.rxMulticast - p.rxBroadcast),
        inMulticastPkts: p.rxMulticast,
        inBroadcastPkts: p.rxBroadcast,
        inDiscards: p.inDiscards,
        inTotalPkts: p.rxPackets,
        outOctets: p.txBytes,
        outUcastPkts: clamp(p.txPackets - p.rxMulticast),
        outMulticastPkts: p.rxMulticast,
        outBroadcastPkts: 0,
        outDiscards: p.outDiscards,
        outTotalPkts: p.txPackets,
        linkStatusChanges: p.linkChanges,
        totalInErrors: p.inputErrors,
        totalOutErrors: 0,
        inputErrorsDetail: {
          runtFrames: p.runts,
          giantFrames: p.giants,
          fcsErrors: p.crcErrors,
          alignmentErrors: p.alignmentErrors,
          symbolErrors: p.symbolErrors,
          rxPause: 0,
        },
        outputErrorsDetail: { collisions: 0, lateCollisions: 0, deferredTransmissions: 0, txPause: 0 },
        counterRefreshTime: new F(round2(nowS(sw))),
      },
      duplex: 'duplexFull',
      autoNegotiate: 'off',
      loopbackMode: 'loopbackNone',
      lanes: 0,
    };
  }
  interfaces.Management1 = {
    name: 'Management1',
    forwardingModel: 'routed',
    lineProtocolStatus: 'up',
    interfaceStatus: 'connected',
    hardware: 'ethernet',
    interfaceAddress: [{ primaryIp: { address: '192.0.2.10', maskLen: 24 }, secondaryIpsOrderedList: [], broadcastAddress: '255.255.255.255' }],
    physicalAddress: sw.systemMac,
    burnedInAddress: sw.systemMac,
    description: '',
    bandwidth: 1_000_000_000,
    mtu: 1500,
    lastStatusChangeTimestamp: new F(round2(nowS(sw) - sw.uptimeS)),
    interfaceCounters: { inOctets: 251941320, inUcastPkts: 2431036, inMulticastPkts: 83924, inBroadcastPkts: 293699, linkStatusChanges: 1 },
    duplex: 'duplexFull',
    autoNegotiate: 'success',
    loopbackMode: 'loopbackNone',
  };
  return { interfaces };
}

function register(value: bigint, changes: number, at: number): unknown {
  return { value, changes, lastChange: new F(changes === 0 ? 0 : round2(at)) };
}

function showPhyDetail(sw: SimSwitch, ports: readonly SimPort[]): unknown {
  const statuses: Record<string, unknown> = {};
  for (const p of ports) {
    const stale = p.errdisabled !== undefined;
    const since = nowS(sw) - p.lastChangeAgeS;
    const status: Record<string, unknown> = {
      description: { phyChipName: 'BCM56965-TSCF', location: 'line' },
      chip: { modelName: 'Bcm56965-tscf', hwRev: 'A', oui: 0x00c086, model: 0x37, rev: 0xc2d5 },
      operSpeed: p.operUp ? `speed${p.speedMbps / 1000}Gbps` : 'speedUnknown',
      phyState: { value: p.operUp ? 'linkUp' : stale ? 'errDisabled' : 'linkDown', changes: p.linkChanges, lastChange: new F(round2(since)) },
    };
    // A stale PHY (errdisabled port) has no FEC reading, as in the CLI's phy detail.
    if (!stale) {
      status.fec = {
        encoding: 'reedSolomon',
        correctedCodewords: register(p.fecCorrectedLast, p.fecCorrectedChanges, nowS(sw) - 1),
        uncorrectedCodewords: register(p.fecUncorrectedLast, p.fecUncorrectedChanges, nowS(sw) - 1),
        laneMap: { '0': 0, '1': 1, '2': 2, '3': 3 },
      };
    }
    statuses[portName(p)] = { phyStatuses: [status], interfaceState: {}, transceiver: {}, macFaults: {} };
  }
  return { interfacePhyStatuses: statuses };
}

function showTransceiverDom(sw: SimSwitch): unknown {
  const interfaces: Record<string, unknown> = {};
  for (const p of sw.ports) {
    const o = p.optics;
    if (!o) {
      interfaces[portName(p)] = { displayName: portName(p) };
      continue;
    }
    const channels = (get: (i: number) => number): Record<string, F> =>
      Object.fromEntries(o.lanes.map((_, i) => [String(i + 1), new F(get(i))]));
    interfaces[portName(p)] = {
      displayName: portName(p),
      vendorSn: o.serial,
      mediaType: o.type,
      updateTime: new F(round2(nowS(sw) - 1)),
      parameters: {
        temperature: { unit: 'C', channels: { '-': new F(o.temperatureC) } },
        voltage: { unit: 'V', channels: { '-': new F(o.voltageV) } },
        txBias: { unit: 'mA', channels: channels((i) => o.lanes[i]?.biasMa ?? 0) },
        txPower: { unit: 'dBm', channels: channels((i) => o.lanes[i]?.txPowerDbm ?? 0) },
        rxPower: { unit: 'dBm', channels: channels((i) => o.lanes[i]?.rxPowerDbm ?? 0) },
      },
    };
  }
  return { interfaces };
}

function showTransceiver(sw: SimSwitch): unknown {
  const interfaces: Record<string, unknown> = {};
  for (const p of sw.ports) {
    const o = p.optics;
    const lane = o?.lanes[0];
    if (!o || !lane) continue;
    interfaces[portName(p)] = {
      mediaType: o.type,
      vendorSn: o.serial,
      temperature: new F(o.temperatureC),
      voltage: new F(o.voltageV),
      txBias: new F(lane.biasMa),
      txPower: new F(lane.txPowerDbm),
      rxPower: new F(lane.rxPowerDbm),
      updateTime: new F(round2(nowS(sw) - 1)),
    };
  }
  return { interfaces };
}

function showDiscards(sw: SimSwitch): unknown {
  const interfaces: Record<string, unknown> = {};
  let totalIn = 0n;
  let totalOut = 0n;
  for (const p of sw.ports) {
    interfaces[portName(p)] = { inDiscards: p.inDiscards, outDiscards: p.outDiscards };
    totalIn += p.inDiscards;
    totalOut += p.outDiscards;
  }
  interfaces.Management1 = { inDiscards: 0, outDiscards: 0 };
  return { inDiscardsTotal: totalIn, interfaces, outDiscardsTotal: totalOut };
}

function showErrors(sw: SimSwitch): unknown {
  const counters: Record<string, unknown> = {};
  for (const p of sw.ports) {
    counters[portName(p)] = {
      inErrors: p.inputErrors,
      frameTooLongs: p.giants,
      outErrors: 0,
      frameTooShorts: p.runts,
      fcsErrors: p.crcErrors,
      alignmentErrors: p.alignmentErrors,
      symbolErrors: p.symbolErrors,
    };
  }
  counters.Management1 = { inErrors: 0, frameTooLongs: 0, outErrors: 0, frameTooShorts: 0, fcsErrors: 0, alignmentErrors: 0, symbolErrors: 0 };
  return { interfaceErrorCounters: counters };
}

/** The CLI simulator's `| json` answer of a command (the same JSON as eAPI). */
function viaCli(command: string): (sw: SimSwitch) => unknown {
  return (sw) => {
    const session = aristaEosSimCli.newSession();
    session.pagingOff = true;
    return new Raw(aristaEosSimCli.run(sw, session, `${command} | json`).output.trim());
  };
}

/** `Ethernet1/1,Et3/1` → ports, or undefined when one does not exist. */
function portsFrom(sw: SimSwitch, spec: string): SimPort[] | undefined {
  const out: SimPort[] = [];
  for (const item of spec.split(',')) {
    const m = /^(?:ethernet|et|e)?(\d+)\/(\d+)$/i.exec(item.trim());
    const p = m ? sw.ports.find((x) => x.port === Number(m[1]) && Number(m[2]) === 1) : undefined;
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

interface Command {
  readonly words: readonly string[];
  /** JSON answer; undefined: the command has no JSON form here (EOS: unconverted). */
  readonly json?: (sw: SimSwitch, args: string[]) => unknown;
}

const COMMANDS: readonly Command[] = [
  { words: ['enable'], json: () => ({}) },
  { words: ['show', 'hostname'], json: (sw) => ({ hostname: sw.name, fqdn: sw.name }) },
  { words: ['show', 'interfaces'], json: showInterfaces },
  { words: ['show', 'interfaces', 'phy', 'detail'], json: (sw) => showPhyDetail(sw, sw.ports) },
  { words: ['show', 'interfaces', '<ports>', 'phy', 'detail'], json: (sw, args) => showPhyDetail(sw, portsFrom(sw, args[0] ?? '') ?? []) },
  { words: ['show', 'interfaces', 'transceiver', 'dom'], json: showTransceiverDom },
  { words: ['show', 'interfaces', 'transceiver'], json: showTransceiver },
  { words: ['show', 'interfaces', 'counters', 'discards'], json: showDiscards },
  { words: ['show', 'interfaces', 'counters', 'errors'], json: showErrors },
  { words: ['show', 'version'], json: viaCli('show version') },
  { words: ['show', 'environment', 'power'], json: viaCli('show environment power') },
  { words: ['show', 'system', 'environment', 'temperature'], json: viaCli('show system environment temperature') },
  { words: ['show', 'system', 'environment', 'cooling'], json: viaCli('show system environment cooling') },
  // Text only in the simulator (format 'text' answers them through the CLI simulator).
  { words: ['show', 'priority-flow-control', 'counters'] },
  { words: ['show', 'snmp', 'mib', 'ifmib', 'ifindex'] },
  { words: ['show', 'interfaces', 'counters', 'queue', 'detail'] },
  { words: ['show', 'interfaces', 'counters', 'rates'] },
  { words: ['show', 'interfaces', 'status', 'errdisabled'] },
  { words: ['show', 'qos', 'interfaces', 'ecn', 'counters', 'queue'] },
];

function wordMatches(word: string, typed: string, sw: SimSwitch): boolean {
  if (word === '<ports>') return portsFrom(sw, typed) !== undefined;
  return typed !== '' && word.startsWith(typed.toLowerCase());
}

type Matched = { readonly ok: true; readonly cmd: Command; readonly args: string[] } | { readonly ok: false; readonly error: string };

function matchCommand(sw: SimSwitch, line: string): Matched {
  const typed = line.trim().split(/\s+/).filter((w) => w !== '');
  let best = 0;
  for (const cmd of COMMANDS) {
    let k = 0;
    while (k < typed.length && k < cmd.words.length && wordMatches(cmd.words[k] ?? '', typed[k] ?? '', sw)) k++;
    if (k === typed.length && k === cmd.words.length) {
      const args = cmd.words.flatMap((w, i) => (w === '<ports>' ? [typed[i] ?? ''] : []));
      return { ok: true, cmd, args };
    }
    best = Math.max(best, k);
  }
  if (typed.length === 0) return { ok: false, error: 'Incomplete command' };
  if (best >= typed.length) return { ok: false, error: 'Incomplete command' };
  return { ok: false, error: `Invalid input (at token ${best}: '${typed[best] ?? ''}')` };
}

/** One command's answer: its result (JSON text) or the reason EOS would refuse it. */
export type EapiCommandAnswer =
  | { readonly ok: true; readonly json: string }
  | { readonly ok: false; readonly code: 1002 | 1003; readonly reason: string; readonly errors: readonly string[] };

/**
 * Renders one command as eAPI answers it, from the switch's state as it is (callers advance it).
 * `format: 'text'` gives `{"output": …}` from the CLI simulator.
 */
export function renderAristaEapi(sw: SimSwitch, command: string, format: 'json' | 'text' = 'json'): EapiCommandAnswer {
  const m = matchCommand(sw, command);
  if (!m.ok) return { ok: false, code: 1002, reason: 'invalid command', errors: [m.error] };
  if (format === 'text') {
    if (m.cmd.words[0] === 'enable') return { ok: true, json: toJson({ output: '' }) };
    const session = aristaEosSimCli.newSession();
    session.pagingOff = true;
    const out = aristaEosSimCli.run(sw, session, command).output;
    if (out.startsWith('% ')) return { ok: false, code: 1002, reason: 'invalid command', errors: [out.trim().replace(/^% /, '')] };
    return { ok: true, json: toJson({ output: out }) };
  }
  if (!m.cmd.json) return { ok: false, code: 1003, reason: 'unconverted command', errors: ['This is an unconverted command'] };
  return { ok: true, json: toJson(m.cmd.json(sw, m.args)) };
}

// ---------------------------------------------------------------------------------------------
// TLS material
// ---------------------------------------------------------------------------------------------

export interface SimTls {
  readonly keyPem: string;
  readonly certPem: string;
  /** The CA that signed `certPem`: what clients trust. */
  readonly caPem: string;
}

/** True when the `openssl` CLI can be run. */
export async function opensslAvailable(): Promise<boolean> {
  try {
    await execFileP('openssl', ['version'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh CA (P-256, valid 7 days) and a server certificate it signed for the given loopback
 * addresses (plus 127.0.0.1 and localhost), made with the `openssl` CLI in `dir`.
 */
export async function generateSimTls(addresses: readonly string[], dir: string): Promise<SimTls> {
  const run = async (args: string[]): Promise<void> => {
    try {
      await execFileP('openssl', args, { cwd: dir, timeout: 60_000 });
    } catch (err) {
      const e = err as Error & { code?: string; stderr?: string };
      if (e.code === 'ENOENT') throw new Error('the eAPI simulator needs the openssl CLI to make its TLS certificate (or pass `tls`)');
      throw new Error(`openssl ${args[0] ?? ''} failed: ${(e.stderr ?? e.message).trim()}`);
    }
  };
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(['req', '-x509', ...curve, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '7', '-sha256', '-subj', '/CN=linkmon sim eAPI CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run(['req', '-new', ...curve, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=linkmon sim eAPI']);
  const ips = [...new Set(['127.0.0.1', ...addresses])];
  await writeFile(
    path.join(dir, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${[...ips.map((a) => `IP:${a}`), 'DNS:localhost'].join(',')}`,
      '',
    ].join('\n'),
  );
  await run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-out', 'server.pem', '-days', '7', '-sha256', '-extfile', 'server.ext']);
  const [keyPem, certPem, caPem] = await Promise.all(['server.key', 'server.pem', 'ca.pem'].map((f) => readFile(path.join(dir, f), 'utf8')));
  return { keyPem: keyPem ?? '', certPem: certPem ?? '', caPem: caPem ?? '' };
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

export interface EapiFaults {
  /** Every request gets HTTP 401. */
  wrongPassword?: boolean;
  /** Requests are read but never answered (a wedged eAPI). */
  hang?: boolean;
  /** Delay before each answer, in ms. */
  delayMs?: number;
  /** Commands answered `invalid command` (as typed, or their full words), like an older EOS. */
  refuse?: readonly string[];
}

export interface EapiSimSwitchSpec {
  readonly sw: SimSwitch;
  /** Loopback address, e.g. 127.2.0.1. */
  readonly address: string;
  /** The password requests must carry (any user name is accepted). */
  readonly password: string;
  readonly faults?: EapiFaults;
}

export interface EapiSimCounters {
  /** TLS connections accepted (keep-alive clients make one per switch). */
  connections: number;
  /** runCmds requests answered (any outcome but 401). */
  requests: number;
  /** Commands run. */
  commands: number;
}

export interface EapiSimSwitchHandle {
  readonly sw: SimSwitch;
  readonly address: string;
  /** Read at every request: change it (or call setFaults) to inject a fault at runtime. */
  faults: EapiFaults;
  readonly stats: EapiSimCounters;
}

export interface EapiSimulator {
  readonly port: number;
  /** PEM of the CA that signed the switches' certificate. */
  readonly caPem: string;
  /** The same CA as a file (removed by stop()). */
  readonly caFile: string;
  /** PEM of the switches' certificate. */
  readonly certPem: string;
  get(nameOrAddress: string): EapiSimSwitchHandle;
  setFaults(nameOrAddress: string, faults: EapiFaults): void;
  stop(): Promise<void>;
}

function assertLoopback(address: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) throw new Error(`simulator address ${address} is not in 127.0.0.0/8`);
}

const MAX_BODY = 1024 * 1024;

function passwordOk(header: string | undefined, password: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const given = Buffer.from(decoded.slice(colon + 1));
  const want = Buffer.from(password);
  return given.length === want.length && timingSafeEqual(given, want);
}

function rpcError(id: unknown, code: number, message: string, data?: readonly string[]): string {
  const err = `{"code": ${code}, "message": ${JSON.stringify(message)}${data ? `, "data": [${data.join(', ')}]` : ''}}`;
  return `{"jsonrpc": "2.0", "id": ${JSON.stringify(id ?? null)}, "error": ${err}}`;
}

/** Answers one runCmds body for a switch (the switch advanced to now first). */
function runCmds(h: EapiSimSwitchHandle, body: string): string {
  let req: unknown;
  try {
    req = JSON.parse(body);
  } catch {
    return rpcError(null, -32700, 'Parse error');
  }
  if (typeof req !== 'object' || req === null || Array.isArray(req)) return rpcError(null, -32600, 'Invalid Request');
  const r = req as Record<string, unknown>;
  if (r.method !== 'runCmds') return rpcError(r.id, -32601, 'Method not found');
  const params = r.params as Record<string, unknown> | undefined;
  const rawCmds = params?.cmds;
  if (!Array.isArray(rawCmds) || rawCmds.length === 0) return rpcError(r.id, -32602, "Invalid params: 'cmds' must be a non-empty list");
  const format = params?.format === 'text' ? 'text' : 'json';
  if (params?.format !== undefined && params.format !== 'json' && params.format !== 'text') {
    return rpcError(r.id, -32602, `Invalid params: unknown format ${JSON.stringify(params.format)}`);
  }
  const cmds = rawCmds.map((c) => (typeof c === 'string' ? c : typeof c === 'object' && c !== null && typeof (c as { cmd?: unknown }).cmd === 'string' ? (c as { cmd: string }).cmd : ''));
  advanceSimSwitch(h.sw, Date.now());
  const results: string[] = [];
  const refuse = new Set((h.faults.refuse ?? []).map((c) => c.trim().toLowerCase()));
  for (let k = 0; k < cmds.length; k++) {
    const cmd = cmds[k] ?? '';
    h.stats.commands++;
    const a: EapiCommandAnswer = refuse.has(cmd.trim().toLowerCase())
      ? { ok: false, code: 1002, reason: 'invalid command', errors: [`Invalid input (at token 0: '${cmd.trim().split(/\s+/)[0] ?? ''}')`] }
      : renderAristaEapi(h.sw, cmd, format);
    if (!a.ok) {
      const failed = `{"errors": [${a.errors.map((e) => JSON.stringify(e)).join(', ')}]}`;
      return rpcError(r.id, a.code, `CLI command ${k + 1} of ${cmds.length} '${cmd}' failed: ${a.reason}`, [...results, failed]);
    }
    results.push(a.json);
  }
  return `{"jsonrpc": "2.0", "id": ${JSON.stringify(r.id ?? null)}, "result": [${results.join(', ')}]}`;
}

export async function startEapiSimulator(opts: {
  switches: readonly EapiSimSwitchSpec[];
  /** One port for every switch; 0 picks a free one (on the first address) for all. */
  port: number;
  /** TLS material; made with openssl when absent. */
  tls?: SimTls;
}): Promise<EapiSimulator> {
  for (const s of opts.switches) assertLoopback(s.address);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-eapi-sim-'));
  const servers: https.Server[] = [];
  try {
    const material = opts.tls ?? (await generateSimTls(opts.switches.map((s) => s.address), dir));
    const caFile = path.join(dir, 'eapi-ca.pem');
    await writeFile(caFile, material.caPem);
    const handles = new Map<string, EapiSimSwitchHandle>();
    const passwords = new WeakMap<EapiSimSwitchHandle, string>();

    const serve = (h: EapiSimSwitchHandle) => (req: IncomingMessage, res: ServerResponse) => {
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
        res.end(body);
      };
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (d: Buffer) => {
        size += d.length;
        if (size <= MAX_BODY) chunks.push(d);
      });
      req.on('error', () => undefined);
      req.on('end', () => {
        if ((req.url ?? '').split('?')[0] !== '/command-api') return send(404, '{"error": "not found"}');
        if (req.method !== 'POST') return send(405, '{"error": "method not allowed"}', { allow: 'POST' });
        if (h.faults.wrongPassword || !passwordOk(req.headers.authorization, passwords.get(h) ?? '')) {
          return send(401, '{"error": "Unauthorized"}', { 'www-authenticate': 'Basic realm="eAPI"' });
        }
        if (size > MAX_BODY) return send(413, '{"error": "request too large"}');
        if (h.faults.hang) return; // never answered; stop() ends the connection
        const answer = (): void => {
          h.stats.requests++;
          send(200, runCmds(h, Buffer.concat(chunks).toString('utf8')));
        };
        const delay = h.faults.delayMs ?? 0;
        if (delay > 0) setTimeout(answer, delay);
        else answer();
      });
    };

    let port = opts.port;
    for (const spec of opts.switches) {
      if (handles.has(spec.address) || handles.has(spec.sw.name)) throw new Error(`switch ${spec.sw.name} (${spec.address}) is listed twice`);
      const h: EapiSimSwitchHandle = { sw: spec.sw, address: spec.address, faults: { ...spec.faults }, stats: { connections: 0, requests: 0, commands: 0 } };
      passwords.set(h, spec.password);
      handles.set(spec.address, h);
      handles.set(spec.sw.name, h);
      const server = https.createServer({ key: material.keyPem, cert: material.certPem }, serve(h));
      server.on('tlsClientError', () => undefined);
      server.on('secureConnection', () => {
        h.stats.connections++;
      });
      servers.push(server);
      port = await listenOn(server, port, spec.address);
    }

    const get = (nameOrAddress: string): EapiSimSwitchHandle => {
      const h = handles.get(nameOrAddress);
      if (!h) throw new Error(`no simulated eAPI switch ${nameOrAddress}`);
      return h;
    };
    return {
      port,
      caPem: material.caPem,
      caFile,
      certPem: material.certPem,
      get,
      setFaults(nameOrAddress, faults) {
        get(nameOrAddress).faults = { ...faults };
      },
      async stop() {
        await closeAll(servers);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await closeAll(servers);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
