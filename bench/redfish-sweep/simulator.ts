/**
 * The simulated BMCs for bench/redfish-sweep, run as their own process so the benchmark measures
 * linkmon's client CPU alone: `node --import tsx bench/redfish-sweep/simulator.ts --bmcs N
 * [--latency-ms 200]`. It is startRedfishSimulator (src/sim/redfish/server.ts): BMC i listens on
 * simBmcAddress(i) (127.4.x.y), all on one port, over HTTPS with a certificate signed by the
 * simulator's CA, and serves a real BMC tree: the trees of vendorTrees() in turn (the shared real
 * Dell and HPE captures when `../shared/fixtures` is beside the repository, and the committed
 * Supermicro and Lenovo trees of the redfish_bmc collector). Every answer is delayed by
 * --latency-ms. The password every BMC requires is read from the environment
 * (LINKMON_BENCH_REDFISH_SIM_PASSWORD), never from argv; basic and session authentication both work.
 *
 * Protocol, one JSON object per line on stdout:
 *   ready  {"type":"ready","pid","port","latencyMs","keepAliveTimeoutMs","caFile","caPem","bmcs","trees","startMs"}
 *          once every BMC listens (bmcs: address and vendor of each; trees: per vendor, its
 *          directory relative to the repository, where it comes from, and the requests one
 *          collection makes, by level; keepAliveTimeoutMs: how long a BMC keeps an idle connection)
 *   usage  {"type":"usage","cpuUserUs","cpuSystemUs","maxRssKb","requests","requestsByVendor",
 *          "connections","maxInFlight","activeSessions","sessionsCreated","sessionsDeleted"}
 *          answer to a `usage` line on stdin, and the last line before exiting
 * It stops on SIGTERM, SIGINT, a `stop` line or the end of stdin (so it never outlives the bench).
 * The CA file lives in the simulator's temporary directory until it stops. Loopback only.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCaptureTree, startRedfishSimulator, type RedfishSimulator, type RedfishTree } from '../../src/sim/redfish/server.js';
import { intOption, runIfMain, say, serveSimProtocol } from '../lib/sim-child.js';

export const PASSWORD_ENV = 'LINKMON_BENCH_REDFISH_SIM_PASSWORD';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** BMC i's loopback address: 127.4.0.1, 127.4.0.2, … */
export function simBmcAddress(i: number): string {
  const n = i + 1;
  return `127.4.${(n >> 8) & 255}.${n & 255}`;
}

export interface VendorTree {
  /** Short name: dell, hpe, supermicro, lenovo. */
  readonly name: string;
  /** The `vendor` label node_ipmi_info must carry for this tree. */
  readonly vendorLabel: string;
  /** Absolute directory of the capture (redfish_v1*.json and expected.prom). */
  readonly dir: string;
  readonly source: 'shared' | 'committed';
}

/**
 * The BMC trees the benchmark serves, in the order BMCs cycle through them: the shared real
 * captures (`<repo>/../shared/fixtures/cluster-captures/bmc-redfish/{dell,hpe}`) when present,
 * then the committed Supermicro and Lenovo trees.
 */
export function vendorTrees(repo = REPO): VendorTree[] {
  const shared = path.resolve(repo, '..', 'shared', 'fixtures', 'cluster-captures', 'bmc-redfish');
  const committed = path.join(repo, 'src', 'collectors', 'redfish_bmc', 'testdata');
  const trees: VendorTree[] = [];
  for (const [name, vendorLabel] of [['dell', 'Dell'], ['hpe', 'HPE']] as const) {
    const dir = path.join(shared, name);
    if (existsSync(dir)) trees.push({ name, vendorLabel, dir, source: 'shared' });
  }
  for (const [name, vendorLabel] of [['supermicro', 'Supermicro'], ['lenovo', 'Lenovo']] as const) {
    trees.push({ name, vendorLabel, dir: path.join(committed, name), source: 'committed' });
  }
  return trees;
}

/**
 * The requests one collectRedfishBmc makes against a tree, by dependency level: the service root
 * and the two collections at once; then every member given only as a link; then the Thermal and
 * Power resource of each chassis that links them (a link the tree lacks is still one request,
 * answered 404). Collections must fit on one page (the simulator serves them whole).
 */
export function collectionLevels(tree: RedfishTree): number[] {
  const collection = (p: string): unknown[] => {
    const body = tree.get(p) as Record<string, unknown> | undefined;
    if (body === undefined) return [];
    if (body['Members@odata.nextLink'] !== undefined) throw new Error(`${p} is paged: the request model does not follow pages`);
    return Array.isArray(body.Members) ? (body.Members as unknown[]) : [];
  };
  const linkOnly = (m: unknown): string | undefined => {
    if (typeof m !== 'object' || m === null) return undefined;
    const o = m as Record<string, unknown>;
    return typeof o['@odata.id'] === 'string' && Object.keys(o).every((k) => k.startsWith('@odata.')) ? o['@odata.id'] : undefined;
  };
  const systems = collection('/redfish/v1/Systems');
  const chassis = collection('/redfish/v1/Chassis');
  const members = [...systems, ...chassis].filter((m) => linkOnly(m) !== undefined).length;
  let subs = 0;
  for (const m of chassis) {
    const id = linkOnly(m);
    const body = (id === undefined ? m : tree.get(id.replace(/\/+$/, ''))) as Record<string, unknown> | undefined;
    for (const prop of ['Thermal', 'Power']) {
      const l = body?.[prop] as Record<string, unknown> | undefined;
      if (typeof l?.['@odata.id'] === 'string' && l['@odata.id'] !== '') subs++;
    }
  }
  return [3, members, subs].filter((n) => n > 0);
}

export interface SimTree {
  readonly name: string;
  readonly vendorLabel: string;
  /** Directory relative to the repository root. */
  readonly dir: string;
  readonly source: 'shared' | 'committed';
  /** Requests of one collection by dependency level (collectionLevels), basic authentication. */
  readonly levels: readonly number[];
}

export interface SimReady {
  readonly type: 'ready';
  readonly pid: number;
  readonly port: number;
  readonly latencyMs: number;
  /** A BMC closes a connection idle for longer than this (Node's HTTP server default). */
  readonly keepAliveTimeoutMs: number;
  /** PEM of the CA that signed every BMC's certificate, and the same as a file (until the simulator stops). */
  readonly caFile: string;
  readonly caPem: string;
  readonly bmcs: readonly { readonly address: string; readonly vendor: string }[];
  readonly trees: readonly SimTree[];
  readonly startMs: number;
}

export interface SimUsage {
  readonly type: 'usage';
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  readonly maxRssKb: number;
  /** HTTP requests received so far, all BMCs together, and by vendor tree. */
  readonly requests: number;
  readonly requestsByVendor: Readonly<Record<string, number>>;
  /** TCP connections accepted so far (each one a TLS handshake). */
  readonly connections: number;
  /** The most requests in flight at once to one BMC, over every BMC, since the start. */
  readonly maxInFlight: number;
  /** Sessions open now, all BMCs together; created and deleted so far. */
  readonly activeSessions: number;
  readonly sessionsCreated: number;
  readonly sessionsDeleted: number;
}

/** TCP connections accepted by this process (every BMC's server), counted once main() runs. */
let connections = 0;

function usage(sim: RedfishSimulator, bmcs: readonly { address: string; vendor: string }[]): SimUsage {
  const cpu = process.cpuUsage();
  const requestsByVendor: Record<string, number> = {};
  let requests = 0;
  let maxInFlight = 0;
  let activeSessions = 0;
  let sessionsCreated = 0;
  let sessionsDeleted = 0;
  for (const b of bmcs) {
    const s = sim.get(b.address).stats;
    requests += s.requests;
    requestsByVendor[b.vendor] = (requestsByVendor[b.vendor] ?? 0) + s.requests;
    maxInFlight = Math.max(maxInFlight, s.maxInFlight);
    activeSessions += s.activeSessions;
    sessionsCreated += s.sessionsCreated;
    sessionsDeleted += s.sessionsDeleted;
  }
  return {
    type: 'usage',
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
    requests,
    requestsByVendor,
    connections,
    maxInFlight,
    activeSessions,
    sessionsCreated,
    sessionsDeleted,
  };
}

async function start(specs: Parameters<typeof startRedfishSimulator>[0]['bmcs']): Promise<RedfishSimulator> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // Port 0: a port free on the first address, then bound on every other one.
      return await startRedfishSimulator({ bmcs: specs, port: 0 });
    } catch (err) {
      // Another process holds that port on one of the addresses: try another port.
      if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
      lastError = err;
    }
  }
  throw lastError;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      bmcs: { type: 'string' },
      'latency-ms': { type: 'string' },
    },
    strict: true,
  });
  const count = intOption('bmcs', values.bmcs, 200, 1);
  if (count > 65_000) throw new Error('--bmcs: at most 65000 BMCs (127.4.0.1 … 127.4.253.232)');
  const latencyMs = intOption('latency-ms', values['latency-ms'], 200, 0);
  const password = process.env[PASSWORD_ENV];
  if (!password) throw new Error(`${PASSWORD_ENV} is not set`);

  diagnosticsChannel.subscribe('net.server.socket', () => {
    connections++;
  });
  const started = performance.now();
  const vendors = vendorTrees();
  const trees = await Promise.all(vendors.map((v) => loadCaptureTree(v.dir)));
  const bmcs = Array.from({ length: count }, (_, i) => ({ address: simBmcAddress(i), vendor: (vendors[i % vendors.length] as VendorTree).name }));
  const sim = await start(
    bmcs.map((b, i) => ({
      address: b.address,
      password,
      // One tree object per vendor, shared by its BMCs (the simulator only reads it).
      tree: trees[i % trees.length] as RedfishTree,
      faults: { delayMs: latencyMs },
    })),
  );
  serveSimProtocol({ stop: () => sim.stop(), usage: () => usage(sim, bmcs) });

  const ready: SimReady = {
    type: 'ready',
    pid: process.pid,
    port: sim.port,
    latencyMs,
    // startRedfishSimulator leaves the servers' keep-alive timeout at Node's default.
    keepAliveTimeoutMs: https.createServer().keepAliveTimeout,
    caFile: sim.caFile,
    caPem: sim.caPem,
    bmcs,
    trees: vendors.map((v, i) => ({
      name: v.name,
      vendorLabel: v.vendorLabel,
      dir: path.relative(REPO, v.dir),
      source: v.source,
      levels: collectionLevels(trees[i] as RedfishTree),
    })),
    startMs: Math.round(performance.now() - started),
  };
  say(ready);
}

// Importing this file (for its types, vendorTrees and PASSWORD_ENV) must not start a simulator.
runIfMain(import.meta.url, main);
