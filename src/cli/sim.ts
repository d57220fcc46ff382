/**
 * `linkmon sim`: a simulated fabric on loopback for demos, tests and benchmarks: switches (SSH
 * CLIs, optionally Arista eAPI) and CS-X systems (Redfish over HTTPS). Writes what a client needs
 * (network JSON with credentials, host lists, known_hosts, the systems' CA certificate) and
 * injects events on a schedule. Runs until interrupted or --duration passes.
 */
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { CSX_PORTS, createCsxSystem, type CsxEvent, type CsxSystem } from '../sim/redfish/csx.js';
import { startRedfishSimulator, type RedfishSimulator } from '../sim/redfish/server.js';
import { startFabric, type Fabric } from '../sim/switch/fabric.js';
import { applySimEvent, type SimEvent } from '../sim/switch/state.js';
import { parseSwitchOs } from '../vendors/select.js';
import type { SwitchOs } from '../vendors/switch-driver.js';
import type { CliIo } from './audit.js';
import { EXIT_OK } from './audit.js';

export interface SimFlags {
  switches: string;
  systems?: string;
  ports: string;
  os?: string;
  port?: string;
  networkJson?: string;
  switchList?: string;
  csxList?: string;
  knownHosts?: string;
  event?: string[];
  duration?: string;
  eapi?: boolean;
}

export interface ScheduledSwitchEvent {
  readonly atMs: number;
  /** 0-based switch index. */
  readonly switchIndex: number;
  readonly event: SimEvent;
}

export interface ScheduledSystemEvent {
  readonly atMs: number;
  /** 0-based CS-X system index (csx1 is 0). */
  readonly systemIndex: number;
  readonly event: CsxEvent;
}

export type ScheduledEvent = ScheduledSwitchEvent | ScheduledSystemEvent;

/** Most CS-X systems one `linkmon sim` runs (one HTTPS listener and certificate name each). */
export const MAX_SIM_SYSTEMS = 4096;

/** Name of simulated system i (0-based): csx1, csx2, … */
export function simSystemName(i: number): string {
  return `csx${i + 1}`;
}

/** Loopback address of simulated system i (0-based): 127.3.0.1 onwards. */
export function simSystemAddress(i: number): string {
  const n = i + 1;
  return `127.3.${(n >> 8) & 255}.${n & 255}`;
}

function int(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return v;
}

const KINDS = ['flap', 'fec', 'fec_uncorrected', 'crc', 'down', 'up'] as const;
type Kind = (typeof KINDS)[number];

/** N when the spec gives none: flaps, or errors. */
const DEFAULT_COUNT: Readonly<Record<Kind, number>> = { flap: 1, fec: 1000, fec_uncorrected: 10, crc: 10, down: 1, up: 1 };

/**
 * `AT:TARGET:PORT:KIND[:N]` — seconds after start; TARGET a 1-based switch number or a system name
 * (`csx2`); 1-based port; KIND flap|fec|fec_uncorrected|crc|down|up; N flaps or errors.
 */
export function parseEventSpec(spec: string, switches: number, ports: number, systems = 0): ScheduledEvent {
  const parts = spec.split(':');
  if (parts.length < 4 || parts.length > 5) throw new UsageError(`--event takes AT:SWITCH:PORT:KIND[:N] or AT:SYSTEM:PORT:KIND[:N], not "${spec}"`);
  const [at, target, port, kind, n] = parts as [string, string, string, string, string | undefined];
  const atS = Number(at);
  if (!Number.isFinite(atS) || atS < 0) throw new UsageError(`--event ${spec}: the time must be seconds ≥ 0`);
  const atMs = atS * 1000;
  const system = /^csx(\d+)$/i.exec(target);
  if (system) {
    if (systems === 0) throw new UsageError(`--event ${spec}: no CS-X systems are simulated (give --systems)`);
    const index = Number(system[1]) - 1;
    if (index < 0 || index >= systems) throw new UsageError(`--event ${spec}: system must be csx1 to ${simSystemName(systems - 1)}, not "${target}"`);
    const p = int(`--event ${spec}: port`, port, 1, CSX_PORTS) - 1;
    const count = n === undefined ? undefined : int(`--event ${spec}: count`, n, 1);
    if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--event ${spec}: unknown kind "${kind}" (${KINDS.join(', ')})`);
    const k = kind as Kind;
    const event: CsxEvent = k === 'down' || k === 'up' ? { kind: k, port: p } : { kind: k, port: p, count: count ?? DEFAULT_COUNT[k] };
    return { atMs, systemIndex: index, event };
  }
  if (!/^\d+$/.test(target) && systems > 0) throw new UsageError(`--event ${spec}: the target must be a switch number or a system name (csx1…), not "${target}"`);
  if (switches === 0) throw new UsageError(`--event ${spec}: no switches are simulated (--switches 0); name a system (csx1…)`);
  const switchIndex = int(`--event ${spec}: switch`, target, 1, switches) - 1;
  const p = int(`--event ${spec}: port`, port, 1, ports) - 1;
  const count = n === undefined ? undefined : int(`--event ${spec}: count`, n, 1);
  let event: SimEvent;
  switch (kind) {
    case 'flap':
      event = { kind: 'flap', port: p, times: count ?? 1 };
      break;
    case 'fec':
      event = { kind: 'fec_burst', port: p, corrected: count ?? 1000, updates: 3 };
      break;
    case 'fec_uncorrected':
      event = { kind: 'fec_burst', port: p, corrected: 0, uncorrected: count ?? 10, updates: 1 };
      break;
    case 'crc':
      event = { kind: 'crc', port: p, count: count ?? 10 };
      break;
    case 'down':
      event = { kind: 'port_down', port: p };
      break;
    case 'up':
      event = { kind: 'port_up', port: p };
      break;
    default:
      throw new UsageError(`--event ${spec}: unknown kind "${kind}" (flap, fec, fec_uncorrected, crc, down, up)`);
  }
  return { atMs, switchIndex, event };
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** CS-X systems on loopback behind one Redfish simulator (one port for all). */
interface SimSystems {
  readonly sim: RedfishSimulator;
  readonly systems: readonly { readonly sys: CsxSystem; readonly address: string }[];
}

async function startSystems(count: number, port: number, password: string): Promise<SimSystems> {
  const systems = Array.from({ length: count }, (_, i) => ({ sys: createCsxSystem({ name: simSystemName(i), seed: i + 1 }), address: simSystemAddress(i) }));
  const sim = await startRedfishSimulator({
    bmcs: systems.map((s) => ({ address: s.address, password, tree: s.sys.tree, dynamic: (p: string) => s.sys.dynamic(p) })),
    port,
  });
  return { sim, systems };
}

/** `dir/name-csx-ca.pem` beside `file` (absolute). */
function caFileBeside(file: string): string {
  const abs = path.resolve(file);
  return path.join(path.dirname(abs), `${path.basename(abs, path.extname(abs))}-csx-ca.pem`);
}

export async function runSim(f: SimFlags, io: CliIo): Promise<number> {
  const systems = int('--systems', f.systems ?? '0', 0, MAX_SIM_SYSTEMS);
  // No switches is allowed when there are systems to simulate.
  const switches = int('--switches', f.switches, systems > 0 ? 0 : 1, 60_000);
  const ports = int('--ports', f.ports, 1, 512);
  const oses: SwitchOs[] = [];
  for (const name of (f.os ?? 'arista_eos,mellanox_onyx,hp_comware').split(',')) {
    const os = parseSwitchOs(name);
    if (!os) throw new UsageError(`--os: unknown switch OS "${name}"`);
    oses.push(os);
  }
  const events = (f.event ?? []).map((e) => parseEventSpec(e, switches, ports, systems)).sort((a, b) => a.atMs - b.atMs);
  const durationMs = f.duration === undefined ? undefined : int('--duration', f.duration, 1) * 1000;
  const fixedPort = f.port === undefined ? undefined : int('--port', f.port, 1, 65535);
  const password = io.env.LINKMON_SIM_PASSWORD || 'linkmon-sim';

  let fabric: Fabric | undefined;
  for (let attempt = 0; attempt < 5 && switches > 0 && !fabric; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      fabric = await startFabric({ switches, ports, oses, port, password, ...(f.eapi ? { eapiPort: 0 } : {}) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || fixedPort !== undefined) throw err;
    }
  }
  if (switches > 0 && !fabric) throw new UsageError('could not find a free port for the simulator');
  const fab = fabric;
  let csx: SimSystems | undefined;
  try {
    for (let attempt = 0; attempt < 5 && systems > 0 && !csx; attempt++) {
      try {
        csx = await startSystems(systems, fixedPort ?? 0, password);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || fixedPort !== undefined || attempt === 4) throw err;
      }
    }
  } catch (err) {
    await fab?.stop();
    throw err;
  }
  const sys = csx;
  try {
    const caOut = sys && (f.networkJson ?? f.csxList) !== undefined ? caFileBeside(f.networkJson ?? f.csxList ?? '') : undefined;
    if (sys && caOut) await writeFile(caOut, sys.sim.caPem);
    if (fab && f.knownHosts) await writeFile(f.knownHosts, fab.sim.knownHosts, { mode: 0o600 });
    if (fab && f.switchList) await writeFile(f.switchList, fab.hostList());
    if (sys && f.csxList) {
      await writeFile(
        f.csxList,
        `# linkmon sim: ${systems} CS-X system(s); password in CSX_PASSWORD; CA certificate ${caOut ?? sys.sim.caFile}\n` +
          `${sys.systems.map((s) => `${s.address}:${sys.sim.port}`).join('\n')}\n`,
      );
    }
    if (f.networkJson) {
      const doc = {
        ...(fab ? fab.networkJson() : { switches: [] }),
        ...(sys
          ? {
              systems: sys.systems.map((s) => ({
                name: s.sys.name,
                management_address: s.address,
                redfish_port: sys.sim.port,
                redfish_ca_file: caOut ?? sys.sim.caFile,
                username: 'admin',
                password,
              })),
            }
          : {}),
      };
      await writeFile(f.networkJson, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    }
    if (fab) {
      const first = fab.switches[0]?.address;
      const last = fab.switches[fab.switches.length - 1]?.address;
      io.stderr.write(
        `linkmon sim: ${switches} switch(es) × ${ports} ports (${oses.join(', ')}) on ${first}…${last} port ${fab.sim.port}` +
          `${f.networkJson ? `; network JSON ${f.networkJson}` : ''}${f.switchList ? `; host list ${f.switchList}` : ''}` +
          `${f.knownHosts ? `; known_hosts ${f.knownHosts}` : ''}` +
          `${fab.eapi ? `; Arista eAPI on HTTPS port ${fab.eapi.port} (CA ${fab.eapi.caFile})` : ''}\n`,
      );
    }
    if (sys) {
      const first = sys.systems[0]?.address;
      const last = sys.systems[sys.systems.length - 1]?.address;
      io.stderr.write(
        `linkmon sim: ${systems} CS-X system(s) × ${CSX_PORTS} ports (Redfish) on ${first}…${last} HTTPS port ${sys.sim.port} (CA ${caOut ?? sys.sim.caFile})` +
          `${f.networkJson && !fab ? `; network JSON ${f.networkJson}` : ''}${f.csxList ? `; host list ${f.csxList}` : ''}\n`,
      );
    }

    const started = Date.now();
    const timers = events.map((e) =>
      setTimeout(() => {
        if ('systemIndex' in e) {
          const target = sys?.systems[e.systemIndex];
          if (!target) return;
          target.sys.apply(e.event);
          io.stderr.write(`linkmon sim: ${target.sys.name} port ${e.event.port + 1}: ${e.event.kind}\n`);
          return;
        }
        const target = fab?.switches[e.switchIndex];
        if (!target) return;
        applySimEvent(target.sw, e.event);
        io.stderr.write(`linkmon sim: ${target.sw.name} port ${e.event.port + 1}: ${e.event.kind}\n`);
      }, Math.max(0, started + e.atMs - Date.now())),
    );
    await new Promise<void>((resolve) => {
      const done = (): void => resolve();
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', done, { once: true });
      if (durationMs !== undefined) setTimeout(done, durationMs).unref();
    });
    for (const t of timers) clearTimeout(t);
  } finally {
    await Promise.all([fab?.stop(), sys?.sim.stop()]);
  }
  return EXIT_OK;
}
