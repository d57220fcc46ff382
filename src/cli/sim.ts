/**
 * `linkmon sim`: a simulated fabric on loopback for demos, tests and benchmarks. Writes what a
 * client needs (network JSON with credentials, host list, known_hosts) and injects events on a
 * schedule. Runs until interrupted or --duration passes.
 */
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import { UsageError } from '../core/errors.js';
import { startFabric, type Fabric } from '../sim/switch/fabric.js';
import { applySimEvent, type SimEvent } from '../sim/switch/state.js';
import { parseSwitchOs } from '../vendors/select.js';
import type { SwitchOs } from '../vendors/switch-driver.js';
import type { CliIo } from './audit.js';
import { EXIT_OK } from './audit.js';

export interface SimFlags {
  switches: string;
  ports: string;
  os?: string;
  port?: string;
  networkJson?: string;
  switchList?: string;
  knownHosts?: string;
  event?: string[];
  duration?: string;
  eapi?: boolean;
}

export interface ScheduledEvent {
  readonly atMs: number;
  /** 0-based switch index. */
  readonly switchIndex: number;
  readonly event: SimEvent;
}

function int(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return v;
}

/** `AT:SWITCH:PORT:KIND[:N]` — seconds after start, 1-based switch and port, flap|fec|fec_uncorrected|crc|down|up. */
export function parseEventSpec(spec: string, switches: number, ports: number): ScheduledEvent {
  const parts = spec.split(':');
  if (parts.length < 4 || parts.length > 5) throw new UsageError(`--event takes AT:SWITCH:PORT:KIND[:N], not "${spec}"`);
  const [at, sw, port, kind, n] = parts as [string, string, string, string, string | undefined];
  const atS = Number(at);
  if (!Number.isFinite(atS) || atS < 0) throw new UsageError(`--event ${spec}: the time must be seconds ≥ 0`);
  const switchIndex = int(`--event ${spec}: switch`, sw, 1, switches) - 1;
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
  return { atMs: atS * 1000, switchIndex, event };
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

export async function runSim(f: SimFlags, io: CliIo): Promise<number> {
  const switches = int('--switches', f.switches, 1, 60_000);
  const ports = int('--ports', f.ports, 1, 512);
  const oses: SwitchOs[] = [];
  for (const name of (f.os ?? 'arista_eos,mellanox_onyx,hp_comware').split(',')) {
    const os = parseSwitchOs(name);
    if (!os) throw new UsageError(`--os: unknown switch OS "${name}"`);
    oses.push(os);
  }
  const events = (f.event ?? []).map((e) => parseEventSpec(e, switches, ports)).sort((a, b) => a.atMs - b.atMs);
  const durationMs = f.duration === undefined ? undefined : int('--duration', f.duration, 1) * 1000;
  const password = io.env.LINKMON_SIM_PASSWORD || 'linkmon-sim';

  let fabric: Fabric | undefined;
  for (let attempt = 0; attempt < 5 && !fabric; attempt++) {
    const port = f.port === undefined ? await freePort() : int('--port', f.port, 1, 65535);
    try {
      fabric = await startFabric({ switches, ports, oses, port, password, ...(f.eapi ? { eapiPort: 0 } : {}) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || f.port !== undefined) throw err;
    }
  }
  if (!fabric) throw new UsageError('could not find a free port for the simulator');
  const fab = fabric;
  try {
    if (f.knownHosts) await writeFile(f.knownHosts, fab.sim.knownHosts, { mode: 0o600 });
    if (f.switchList) await writeFile(f.switchList, fab.hostList());
    if (f.networkJson) await writeFile(f.networkJson, `${JSON.stringify(fab.networkJson(), null, 2)}\n`, { mode: 0o600 });
    const first = fab.switches[0]?.address;
    const last = fab.switches[fab.switches.length - 1]?.address;
    io.stderr.write(
      `linkmon sim: ${switches} switch(es) × ${ports} ports (${oses.join(', ')}) on ${first}…${last} port ${fab.sim.port}` +
        `${f.networkJson ? `; network JSON ${f.networkJson}` : ''}${f.switchList ? `; host list ${f.switchList}` : ''}` +
        `${f.knownHosts ? `; known_hosts ${f.knownHosts}` : ''}` +
        `${fab.eapi ? `; Arista eAPI on HTTPS port ${fab.eapi.port} (CA ${fab.eapi.caFile})` : ''}\n`,
    );

    const started = Date.now();
    const timers = events.map((e) =>
      setTimeout(() => {
        const target = fab.switches[e.switchIndex];
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
    await fab.stop();
  }
  return EXIT_OK;
}
