/**
 * The in-process node simulator (src/sim) wired up for end-to-end tests of the built CLI: a free
 * port, a temp dir with a known_hosts file and a node list, and the expected counter values of any
 * sample, read straight from the generator's text (never through linkmon's own parsers).
 *
 * Loopback only: every simulated node listens on its own 127.1.x.y address.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simNodeOutput, type SimNodeSpec } from '../../src/sim/node-output.js';
import { simAddress, startNodeSimulator, type NodeSimulator, type SimNode } from '../../src/sim/node-ssh-server.js';

export { simAddress };
export type { SimNode, SimNodeSpec };

/** Password of the simulated nodes; passed to the CLI in NODE_PASSWORD only (never on argv). */
export const SIM_PASSWORD = 'sim-Pa55word-7f3c91';

/** A port the kernel considers free right now (bound on 127.0.0.1:0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the simulator on a free port; retries with another port when one is taken (EADDRINUSE). */
export async function startSimOnFreePort(nodes: readonly SimNode[], attempts = 10): Promise<NodeSimulator> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = await freePort();
    try {
      return await startNodeSimulator({ nodes, port });
    } catch (err) {
      last = err;
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error(`no free port for the node simulator after ${attempts} attempts: ${String(last)}`);
}

/** A running simulator plus a temp dir holding known_hosts and nodes.txt. */
export interface SimCluster {
  readonly sim: NodeSimulator;
  readonly port: number;
  readonly nodes: readonly SimNode[];
  readonly dir: string;
  /** known_hosts with every simulated node. */
  readonly knownHosts: string;
  /** nodes.txt with `root@<address>:<port>` for every simulated node. */
  readonly nodeList: string;
  /** Environment for the child: NODE_PASSWORD (no agent: runCli clears SSH_AUTH_SOCK). */
  readonly env: Record<string, string>;
  /** `user@address:port` of a simulated node. */
  entry(address: string): string;
  /** Writes a file into the temp dir and returns its path. */
  file(name: string, content: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startSimCluster(nodes: readonly SimNode[], prefix = 'linkmon-sim-'): Promise<SimCluster> {
  const sim = await startSimOnFreePort(nodes);
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const port = sim.port;
  const entry = (address: string): string => `root@${address}:${port}`;
  const file = async (name: string, content: string): Promise<string> => {
    const p = path.join(dir, name);
    await writeFile(p, content);
    return p;
  };
  try {
    const knownHosts = await file('known_hosts', sim.knownHosts);
    const nodeList = await file('nodes.txt', `# simulated nodes\n${nodes.map((n) => entry(n.address)).join('\n')}\n`);
    return {
      sim,
      port,
      nodes,
      dir,
      knownHosts,
      nodeList,
      env: { NODE_PASSWORD: SIM_PASSWORD },
      entry,
      file,
      async stop() {
        await sim.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A normal simulated node `i` with `interfaces` 100G ports and the shared password. */
export function simNode(i: number, spec: Partial<SimNodeSpec> = {}, extra: Partial<Omit<SimNode, 'address' | 'spec'>> = {}): SimNode {
  return {
    address: simAddress(i),
    spec: { hostname: `simnode${i}`, interfaces: 2, ...spec },
    password: SIM_PASSWORD,
    ...extra,
  };
}

/** Interface names the generator uses: ens1f0, ens1f1, ens2f0, … */
export function simInterfaceNames(spec: SimNodeSpec): string[] {
  return Array.from({ length: spec.interfaces }, (_, i) => `ens${1 + (i >> 1)}f${i & 1}`);
}

/** What the generator printed for one interface in one sample. */
export interface SimInterfaceValues {
  /** `@@lm:sys <name> <value>` lines. */
  readonly sys: Readonly<Record<string, string>>;
  /** `@@lm:stat <name> <value>` lines (sysfs statistics). */
  readonly stats: Readonly<Record<string, bigint>>;
  /** `name: value` lines of the ethtool -S section. */
  readonly ethtoolS: Readonly<Record<string, bigint>>;
}

/**
 * Splits `simNodeOutput(spec, sample)` into per-interface values by reading its text frames, so
 * tests compare linkmon's results against what the simulator really sent.
 */
export function simExpected(spec: SimNodeSpec, sample: number): Map<string, SimInterfaceValues> {
  const out = new Map<string, { sys: Record<string, string>; stats: Record<string, bigint>; ethtoolS: Record<string, bigint> }>();
  let current: { sys: Record<string, string>; stats: Record<string, bigint>; ethtoolS: Record<string, bigint> } | undefined;
  let section = '';
  for (const line of simNodeOutput(spec, sample).split('\n')) {
    const frame = /^@@lm:(\S+)(?: (.*))?$/.exec(line);
    if (frame) {
      const [, kind, rest = ''] = frame;
      if (kind === 'if') {
        current = { sys: {}, stats: {}, ethtoolS: {} };
        out.set(rest, current);
        section = '';
      } else if (kind === 'sys' && current) {
        const [name = '', value = ''] = rest.split(' ');
        current.sys[name] = value;
      } else if (kind === 'stat' && current) {
        const [name = '', value = '0'] = rest.split(' ');
        current.stats[name] = BigInt(value);
      } else if (kind === 'cmd') {
        section = rest.split(' ')[0] ?? '';
      }
      continue;
    }
    const counter = /^\s+([A-Za-z0-9_]+): (\d+)$/.exec(line);
    if (counter && current && section === 'ethtool_s') current.ethtoolS[counter[1] as string] = BigInt(counter[2] as string);
  }
  return out;
}
