/**
 * The simulated switch fabric for bench/switch-sweep, run as its own process so the benchmark
 * measures linkmon's client CPU alone: `node --import tsx bench/switch-sweep/simulator.ts
 * --switches N [--ports 64] [--oses arista_eos,mellanox_onyx,hp_comware]`. It is startFabric
 * (src/sim/switch/fabric.ts): switch i runs oses[i % oses.length] on 127.2.x.y, all on one port,
 * speaking its OS's interactive CLI over ssh2. The password every switch requires is read from the
 * environment (LINKMON_BENCH_SWITCH_SIM_PASSWORD), never from argv.
 *
 * Protocol, one JSON object per line on stdout:
 *   ready  {"type":"ready","pid","port","switches","ports","targets","knownHosts","startMs"}  once every switch listens
 *          (targets: name, os, vendor as the fabric's network JSON gives it, address, user)
 *   usage  {"type":"usage","cpuUserUs","cpuSystemUs","maxRssKb","commands","logins","commandsByOs"}
 *          answer to a `usage` line on stdin, and the last line before exiting
 * It stops on SIGTERM, SIGINT, a `stop` line or the end of stdin (so it never outlives the bench).
 * Loopback only: switch i listens on simSwitchAddress(i) (127.2.x.y).
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { startFabric, type Fabric } from '../../src/sim/switch/fabric.js';
import { simSwitchAddress } from '../../src/sim/switch/ssh-server.js';
import { SWITCH_OSES, type SwitchOs } from '../../src/vendors/switch-driver.js';
import { runIfMain, say, serveSimProtocol } from '../lib/sim-child.js';

export const PASSWORD_ENV = 'LINKMON_BENCH_SWITCH_SIM_PASSWORD';

export interface SimTarget {
  /** The switch's name (selects its OS by linkmon's hostname rules). */
  readonly name: string;
  readonly os: SwitchOs;
  /** As the fabric's network JSON gives it: 'arista' or 'hpe'. */
  readonly vendor: string;
  readonly address: string;
  readonly user: string;
}

export interface SimReady {
  readonly type: 'ready';
  readonly pid: number;
  readonly port: number;
  readonly switches: number;
  readonly ports: number;
  readonly targets: readonly SimTarget[];
  readonly knownHosts: string;
  readonly startMs: number;
}

export interface SimUsage {
  readonly type: 'usage';
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  readonly maxRssKb: number;
  /** Command lines answered so far (setup, sweep and exit lines), all switches together. */
  readonly commands: number;
  /** Successful logins so far. */
  readonly logins: number;
  readonly commandsByOs: Readonly<Record<string, number>>;
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not "${text}"`);
  return n;
}

/** A port free on the first switch's address (the others are checked when they listen). */
function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, address, () => {
      const addr = probe.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function start(switches: number, ports: number, oses: readonly SwitchOs[], password: string): Promise<Fabric> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(simSwitchAddress(0));
    try {
      return await startFabric({ switches, ports, oses, port, password });
    } catch (err) {
      // Another process holds this port on one of the addresses: try another port.
      if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
      lastError = err;
    }
  }
  throw lastError;
}

function usage(fabric: Fabric | undefined): SimUsage {
  const cpu = process.cpuUsage();
  const commandsByOs: Record<string, number> = {};
  for (const { sw } of fabric?.switches ?? []) {
    const c = fabric?.sim.stats.bySwitch.get(sw.name)?.commands ?? 0;
    commandsByOs[sw.os] = (commandsByOs[sw.os] ?? 0) + c;
  }
  return {
    type: 'usage',
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
    commands: fabric?.sim.stats.commands ?? 0,
    logins: fabric?.sim.stats.logins ?? 0,
    commandsByOs,
  };
}

function parseOses(text: string | undefined): SwitchOs[] {
  if (text === undefined) return [...SWITCH_OSES];
  const oses = text.split(',').map((s) => s.trim());
  for (const os of oses) {
    if (!(SWITCH_OSES as readonly string[]).includes(os)) throw new Error(`--oses: unknown OS "${os}" (known: ${SWITCH_OSES.join(', ')})`);
  }
  return oses as SwitchOs[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      switches: { type: 'string' },
      ports: { type: 'string' },
      oses: { type: 'string' },
    },
    strict: true,
  });
  const count = positiveInt('switches', values.switches, 10);
  const ports = positiveInt('ports', values.ports, 64);
  const oses = parseOses(values.oses);
  const password = process.env[PASSWORD_ENV];
  if (!password) throw new Error(`${PASSWORD_ENV} is not set`);

  const started = performance.now();
  const fabric = await start(count, ports, oses, password);
  serveSimProtocol({ stop: () => fabric.stop(), usage: () => usage(fabric) });

  // The vendor field exactly as the fabric's network JSON (`linkmon sim -j`) gives it.
  const net = fabric.networkJson() as { switches: { name: string; vendor: string; management_address: string; username: string }[] };
  const osByName = new Map(fabric.switches.map((s) => [s.sw.name, s.sw.os]));
  const ready: SimReady = {
    type: 'ready',
    pid: process.pid,
    port: fabric.sim.port,
    switches: count,
    ports,
    targets: net.switches.map((s) => ({
      name: s.name,
      os: osByName.get(s.name) as SwitchOs,
      vendor: s.vendor,
      address: s.management_address,
      user: s.username,
    })),
    knownHosts: fabric.sim.knownHosts,
    startMs: Math.round(performance.now() - started),
  };
  say(ready);
}

// Importing this file (for its types and PASSWORD_ENV) must not start a simulator.
runIfMain(import.meta.url, main);
