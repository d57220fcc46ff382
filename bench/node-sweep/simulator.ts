/**
 * The simulated cluster for bench/node-sweep, run as its own process so the benchmark measures
 * linkmon's client CPU alone: `node --import tsx bench/node-sweep/simulator.ts --nodes N
 * [--interfaces 4] [--counters 200]`. The password every node requires is read from the
 * environment (LINKMON_BENCH_SIM_PASSWORD), never from argv.
 *
 * Protocol, one JSON object per line on stdout:
 *   ready  {"type":"ready","pid","port","nodes","addresses","knownHosts","startMs"}  once every node listens
 *   usage  {"type":"usage","cpuUserUs","cpuSystemUs","maxRssKb","execs"}
 *          answer to a `usage` line on stdin, and the last line before exiting
 * It stops on SIGTERM, SIGINT, a `stop` line or the end of stdin (so it never outlives the bench).
 * Loopback only: node i listens on simAddress(i) (127.1.x.y), all on one port.
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { simAddress, startNodeSimulator, type NodeSimulator, type SimNode } from '../../src/sim/node-ssh-server.js';
import { runIfMain, say, serveSimProtocol } from '../lib/sim-child.js';

export const PASSWORD_ENV = 'LINKMON_BENCH_SIM_PASSWORD';

export interface SimReady {
  readonly type: 'ready';
  readonly pid: number;
  readonly port: number;
  readonly nodes: number;
  /** Node i's address (simAddress(i)), in order. */
  readonly addresses: readonly string[];
  readonly knownHosts: string;
  readonly startMs: number;
}

export interface SimUsage {
  readonly type: 'usage';
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  readonly maxRssKb: number;
  /** Samples answered so far, all nodes together. */
  readonly execs: number;
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not "${text}"`);
  return n;
}

/** A port free on the first node's address (the others are checked when they listen). */
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

async function start(nodes: readonly SimNode[]): Promise<NodeSimulator> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(simAddress(0));
    try {
      return await startNodeSimulator({ nodes, port });
    } catch (err) {
      // Another process holds this port on one of the addresses: try another port.
      if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
      lastError = err;
    }
  }
  throw lastError;
}

function usage(sim: NodeSimulator | undefined): SimUsage {
  const cpu = process.cpuUsage();
  let execs = 0;
  for (const n of sim?.execs.values() ?? []) execs += n;
  return {
    type: 'usage',
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
    execs,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      nodes: { type: 'string' },
      interfaces: { type: 'string' },
      counters: { type: 'string' },
    },
    strict: true,
  });
  const count = positiveInt('nodes', values.nodes, 10);
  const interfaces = positiveInt('interfaces', values.interfaces, 4);
  const extraCounters = values.counters === undefined ? 200 : Number(values.counters);
  if (!Number.isInteger(extraCounters) || extraCounters < 0) throw new Error(`--counters must be an integer ≥ 0, not "${values.counters}"`);
  const password = process.env[PASSWORD_ENV];
  if (!password) throw new Error(`${PASSWORD_ENV} is not set`);

  const started = performance.now();
  const nodes: SimNode[] = Array.from({ length: count }, (_, i) => ({
    address: simAddress(i),
    password,
    spec: { hostname: `sim-node-${String(i).padStart(4, '0')}`, interfaces, extraCounters },
  }));
  const sim = await start(nodes);
  serveSimProtocol({ stop: () => sim.stop(), usage: () => usage(sim) });

  const ready: SimReady = {
    type: 'ready',
    pid: process.pid,
    port: sim.port,
    nodes: count,
    addresses: nodes.map((n) => n.address),
    knownHosts: sim.knownHosts,
    startMs: Math.round(performance.now() - started),
  };
  say(ready);
}

// Importing this file (for its types and PASSWORD_ENV) must not start a simulator.
runIfMain(import.meta.url, main);
