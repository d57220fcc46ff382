/**
 * The main command's options and their rules. Every invalid combination is a UsageError with
 * a one-line message; the CLI prints it and exits with code 2.
 */
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { DEFAULT_SWITCH_OS, parseSwitchOs } from '../vendors/select.js';
import { SWITCH_OSES } from '../vendors/switch-driver.js';

export interface AuditFlags {
  networkJson?: string;
  nodeList?: string;
  switchList?: string;
  csxList?: string;
  interval?: string;
  runTime?: string;
  outputDirectory?: string;
  database?: string;
  show1g?: boolean;
  nodes: boolean;
  switches: boolean;
  systems: boolean;
  nodeSshKey?: string;
  local?: boolean;
  knownHosts?: string;
  acceptNewHostKeys?: boolean;
  hostKeyCheck: boolean;
  concurrency: string;
  connectConcurrency: string;
  timeout?: string;
  manyCorrectedPerKib: string;
  storeRaw?: boolean;
  progress?: boolean;
  switchOs?: string[];
  switchTransport?: string[];
  eapiCaFile?: string;
  redfishCaFile?: string;
  redfishInsecure?: boolean;
  fastPoll: boolean;
  labelledPortsOnly?: boolean;
  networkConfigPortsOnly?: boolean;
}

export interface AuditConfig {
  readonly networkJson?: string;
  readonly nodeList?: string;
  readonly switchList?: string;
  readonly csxList?: string;
  readonly intervalS: number;
  readonly runTimeS?: number;
  readonly outputDirectory?: string;
  readonly database?: string;
  readonly minSpeedMbps: number;
  readonly collectNodes: boolean;
  readonly collectSwitches: boolean;
  readonly collectSystems: boolean;
  readonly nodeSshKey?: string;
  readonly local: boolean;
  readonly knownHosts?: string;
  readonly hostKeyPolicy: 'strict' | 'accept-new' | 'off';
  readonly concurrency: number;
  readonly connectConcurrency: number;
  readonly timeoutS: number;
  readonly manyCorrectedPerKib: number;
  readonly storeRaw: boolean;
  /** true = --progress, false = --no-progress, undefined = on a terminal only. */
  readonly progress?: boolean;
  /** Explicit switch OS by switch name (--switch-os NAME=OS; the key DEFAULT_SWITCH_OS holds the default). */
  readonly switchOs: ReadonlyMap<string, string>;
  /** Switch transport by name (--switch-transport NAME=ssh|eapi; DEFAULT_SWITCH_OS holds the default). */
  readonly switchTransport: ReadonlyMap<string, 'ssh' | 'eapi'>;
  readonly eapiCaFile?: string;
  /** CA bundle of the systems' Redfish certificates, for systems whose inventory names none. */
  readonly redfishCaFile?: string;
  /** Do not verify the systems' Redfish certificates. */
  readonly redfishInsecure: boolean;
  /** Arista FEC fast polling (on unless --no-fast-poll). */
  readonly fastPoll: boolean;
  readonly labelledPortsOnly: boolean;
  readonly networkConfigPortsOnly: boolean;
}

function number(flag: string, text: string, opts: { min: number; integer?: boolean }): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag} must be a number, not "${text}"`);
  if (opts.integer && !Number.isInteger(v)) throw new UsageError(`${flag} must be a whole number, not "${text}"`);
  if (v < opts.min) throw new UsageError(`${flag} must be at least ${opts.min}, not ${text}`);
  return v;
}

/** The file must be a readable regular file (root passes access checks, so really open it). */
function readable(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${flag} ${file}: is a directory`);
    closeSync(openSync(file, 'r'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message}`);
  }
}

/** Default per-device deadline: the interval, capped to 60 s and at least 5 s. */
export function defaultTimeoutS(intervalS: number): number {
  return Math.min(60, Math.max(5, intervalS > 0 ? intervalS : 30));
}

export function validateAuditFlags(f: AuditFlags): AuditConfig {
  if (f.interval === undefined) throw new UsageError('-i/--interval is required (seconds between samples; 0 = one sample)');
  const intervalS = number('-i/--interval', f.interval, { min: 0 });
  const runTimeS = f.runTime === undefined ? undefined : number('-t/--run-time', f.runTime, { min: 0 });
  const hasOutput = f.outputDirectory !== undefined || f.database !== undefined;

  if (runTimeS !== undefined) {
    if (intervalS === 0) throw new UsageError('-t/--run-time needs -i greater than 0 (-i 0 takes a single sample)');
    if (!hasOutput) throw new UsageError('multi-sample mode (-t) writes to -o and/or -d; stdout alone is not allowed');
    if (runTimeS < intervalS) throw new UsageError(`-t/--run-time (${runTimeS} s) must be at least -i/--interval (${intervalS} s)`);
  }
  if (intervalS === 0 && !hasOutput) throw new UsageError('-i 0 takes a single sample, which needs -o and/or -d to be written to');

  if (f.outputDirectory !== undefined && existsSync(f.outputDirectory)) {
    throw new UsageError(`-o/--output-directory ${f.outputDirectory} already exists (it must not)`);
  }
  if (!f.nodes && !f.switches && !f.systems) throw new UsageError('--no-nodes, --no-switches and --no-systems together leave nothing to collect');
  if (f.local && !f.nodes) throw new UsageError('--local collects this machine as a node; it cannot be combined with --no-nodes');
  if (f.local && f.nodeList !== undefined) throw new UsageError('--local and -n/--node-list are exclusive: --local collects this machine only');
  if (!f.local && f.networkJson === undefined && f.nodeList === undefined && f.switchList === undefined && f.csxList === undefined) {
    throw new UsageError('nothing to monitor: give -j/--network-json, -n/--node-list, -s/--switch-list, -c/--csx-list or --local');
  }
  if (f.acceptNewHostKeys && !f.hostKeyCheck) throw new UsageError('--accept-new-host-keys and --no-host-key-check are exclusive');
  readable('-j/--network-json', f.networkJson);
  readable('-n/--node-list', f.nodeList);
  readable('-s/--switch-list', f.switchList);
  readable('-c/--csx-list', f.csxList);
  readable('-k/--node-ssh-key', f.nodeSshKey);

  const switchOs = new Map<string, string>();
  for (const spec of f.switchOs ?? []) {
    // NAME=OS for one switch; a bare OS is the default for switches no other rule identifies.
    const eq = spec.indexOf('=');
    const name = eq < 0 ? DEFAULT_SWITCH_OS : spec.slice(0, eq).trim();
    const os = spec.slice(eq + 1).trim();
    if (eq === 0 || os === '') throw new UsageError(`--switch-os takes NAME=OS or OS, not "${spec}"`);
    if (parseSwitchOs(os) === undefined) throw new UsageError(`--switch-os ${spec}: unknown OS "${os}" (known: ${SWITCH_OSES.join(', ')})`);
    switchOs.set(name, os);
  }
  const switchTransport = new Map<string, 'ssh' | 'eapi'>();
  for (const spec of f.switchTransport ?? []) {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? DEFAULT_SWITCH_OS : spec.slice(0, eq).trim();
    const t = spec.slice(eq + 1).trim();
    if (eq === 0 || (t !== 'ssh' && t !== 'eapi')) throw new UsageError(`--switch-transport takes NAME=ssh|eapi or ssh|eapi, not "${spec}"`);
    switchTransport.set(name, t);
  }
  readable('--eapi-ca-file', f.eapiCaFile);
  readable('--redfish-ca-file', f.redfishCaFile);
  if (f.redfishCaFile !== undefined && f.redfishInsecure) throw new UsageError('--redfish-ca-file and --redfish-insecure are exclusive');
  if (f.networkConfigPortsOnly && f.networkJson === undefined) {
    throw new UsageError('--network-config-ports-only needs -j/--network-json (it lists the cabled ports)');
  }
  const timeoutS = f.timeout === undefined ? defaultTimeoutS(intervalS) : number('--timeout', f.timeout, { min: 0.1 });
  return {
    networkJson: f.networkJson,
    nodeList: f.nodeList,
    switchList: f.switchList,
    csxList: f.csxList,
    intervalS,
    runTimeS,
    outputDirectory: f.outputDirectory,
    database: f.database,
    minSpeedMbps: f.show1g ? 0 : 100_000,
    collectNodes: f.nodes,
    collectSwitches: f.switches,
    collectSystems: f.systems,
    nodeSshKey: f.nodeSshKey,
    local: f.local ?? false,
    knownHosts: f.knownHosts,
    hostKeyPolicy: !f.hostKeyCheck ? 'off' : f.acceptNewHostKeys ? 'accept-new' : 'strict',
    concurrency: number('--concurrency', f.concurrency, { min: 1, integer: true }),
    connectConcurrency: number('--connect-concurrency', f.connectConcurrency, { min: 1, integer: true }),
    timeoutS,
    manyCorrectedPerKib: number('--many-corrected-per-kib', f.manyCorrectedPerKib, { min: 0 }),
    storeRaw: f.storeRaw ?? false,
    progress: f.progress,
    switchOs,
    switchTransport,
    eapiCaFile: f.eapiCaFile,
    redfishCaFile: f.redfishCaFile,
    redfishInsecure: f.redfishInsecure ?? false,
    fastPoll: f.fastPoll,
    labelledPortsOnly: f.labelledPortsOnly ?? false,
    networkConfigPortsOnly: f.networkConfigPortsOnly ?? false,
  };
}
