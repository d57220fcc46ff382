/**
 * Real-peer harness: a throwaway network namespace acting as a "remote host" with real veth
 * links whose carrier can be flapped. Needs root; use `netnsAvailable()` with
 * `describe.skipIf` so the skip is visible.
 *
 * Layout of `createTestNamespace({ vethPairs: 2 })`:
 *
 *   root ns                          namespace lmt-<pid>-<rnd>
 *   lmh-<pid>-<rnd> 10.250.x.y+1/30 ==== mgmt0 10.250.x.y+2/30
 *                                     lo (up)
 *                                     lmA0 <==> lmB0   (both up, no addresses)
 *                                     lmA1 <==> lmB1
 *
 * Kernel facts (RUNBOOK section 7): inside `ip netns exec`, /sys/class/net shows only the
 * namespace's interfaces; a fresh veth pair shows carrier_changes=2 on both ends; flapping one
 * end counts on both ends (+2 per down/up); reading `carrier` of an admin-down interface fails
 * with EINVAL; there is no `dummy` module and veth has no `carrier off`.
 */

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { pidAlive } from './process.js';

const IP_BIN = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find(isExecutable) ?? 'ip';
const MGMT_NS_IF = 'mgmt0';
const FLAP_TIMEOUT_MS = 5_000;
const KILL_GRACE_MS = 2_000;

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code; 128 + signal number when the command was killed by a signal. */
  code: number;
}

export interface TestNamespace {
  /** Namespace name, `lmt-<pid>-<random>`, at most 15 characters. */
  name: string;
  /** Root-namespace end of the management veth (`.1` of the /30). */
  hostAddress: string;
  /** Namespace end of the management veth (`.2` of the /30), reachable from the root namespace. */
  nsAddress: string;
  /** Root-namespace interface name of the management veth (`lmh-<pid>-<random>`). */
  hostInterface: string;
  /** Namespace-side interface name of the management veth (`mgmt0`). */
  nsInterface: string;
  /** The veth pairs created inside the namespace: `{ a: 'lmA0', b: 'lmB0' }`, ... */
  links: { a: string; b: string }[];
  /** Runs `ip netns exec <name> ...cmd` (argv, no shell); never throws on a non-zero exit. */
  exec(cmd: string[]): Promise<ExecResult>;
  /** Reads /sys/class/net/<ifname>/<attr> as seen inside the namespace (trimmed). Throws on read errors (e.g. EINVAL). */
  readSysfs(ifname: string, attr: string): Promise<string>;
  /** `ip link set <ifname> down` then `up`, `times` times; waits until carrier_changes grew by 2 per flap. */
  flap(ifname: string, times?: number): Promise<void>;
  /** Kills processes left in the namespace (only those), deletes it and the host-side veth. Idempotent. */
  destroy(): Promise<void>;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function signalCode(sig: NodeJS.Signals | null): number {
  if (!sig) return -1;
  const n = (osConstants.signals as Record<string, number>)[sig];
  return n === undefined ? -1 : 128 + n;
}

/** execFile-like (argv only, never a shell); resolves with the exit code instead of throwing. */
function run(file: string, args: readonly string[], timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? signalCode(sig) });
    });
  });
}

async function ip(args: readonly string[]): Promise<string> {
  const r = await run(IP_BIN, args);
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function randomSuffix(len: number): string {
  const bytes = randomBytes(len);
  let s = '';
  for (const b of bytes) s += BASE36[b % 36];
  return s;
}

/** `<prefix>-<pid>-<random>` padded with random base36 to exactly 15 characters (IFNAMSIZ - 1). */
function uniqueName(prefix: string, suffix: string): string {
  const head = `${prefix}-${process.pid}-`;
  return `${head}${suffix}`.slice(0, 15);
}

async function namespaceExists(name: string): Promise<boolean> {
  const out = await ip(['netns', 'list']);
  return out.split('\n').some((line) => line.split(' ')[0] === name);
}

// ---------------------------------------------------------------------------------------------
// Address plan: a random /30 out of 10.250.0.0/16, not overlapping anything configured here.

function ipv4ToInt(addr: string): number {
  const parts = addr.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${addr}`);
  }
  return (((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number)) >>> 0;
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function prefixMask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** IPv4 networks (address/prefix) per interface, from `ip -br addr` (root namespace). */
async function configuredIpv4(): Promise<{ ifname: string; addr: number; prefix: number }[]> {
  const out = await ip(['-br', 'addr']);
  const result: { ifname: string; addr: number; prefix: number }[] = [];
  for (const line of out.split('\n')) {
    const [ifname, , ...addrs] = line.trim().split(/\s+/);
    if (!ifname) continue;
    for (const a of addrs) {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(a);
      if (m) result.push({ ifname: ifname.split('@')[0] as string, addr: ipv4ToInt(m[1] as string), prefix: Number(m[2]) });
    }
  }
  return result;
}

function overlaps(a: number, aLen: number, b: number, bLen: number): boolean {
  const mask = prefixMask(Math.min(aLen, bLen));
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

const MGMT_BASE = ipv4ToInt('10.250.0.0');

function randomSlash30(): number {
  return (MGMT_BASE + (randomBytes(2).readUInt16BE(0) % 16384) * 4) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Last-resort cleanup if a test process exits without destroy().

const live = new Map<string, string>(); // namespace -> host interface
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [ns, hostIf] of live) {
      const pids = spawnSync(IP_BIN, ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
      for (const p of pids.split(/\s+/).filter((x) => /^\d+$/.test(x))) {
        try {
          process.kill(Number(p), 'SIGKILL');
        } catch {
          // gone
        }
      }
      spawnSync(IP_BIN, ['netns', 'del', ns]);
      spawnSync(IP_BIN, ['link', 'del', hostIf], { stdio: 'ignore' });
    }
  });
}


async function pidsInNamespace(name: string): Promise<number[]> {
  const r = await run(IP_BIN, ['netns', 'pids', name]);
  if (r.code !== 0) return [];
  return r.stdout
    .split(/\s+/)
    .filter((x) => /^\d+$/.test(x))
    .map(Number)
    .filter((p) => p !== process.pid);
}

async function killNamespaceProcesses(name: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const pids = await pidsInNamespace(name);
    if (pids.length === 0) return;
    for (const p of pids) {
      try {
        process.kill(p, 'SIGTERM');
      } catch {
        // gone
      }
    }
    const deadline = Date.now() + KILL_GRACE_MS;
    while (pids.some(pidAlive) && Date.now() < deadline) await sleep(25);
    for (const p of pids.filter(pidAlive)) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await sleep(25);
  }
}

const SAFE_NAME = /^[A-Za-z0-9_.:@-]+$/;

function sysfsPath(ifname: string, attr: string): string {
  if (!SAFE_NAME.test(ifname) || ifname === '.' || ifname === '..') throw new Error(`bad interface name: ${ifname}`);
  const segs = attr.split('/');
  if (segs.some((s) => !SAFE_NAME.test(s) || s === '.' || s === '..')) throw new Error(`bad sysfs attribute: ${attr}`);
  return `/sys/class/net/${ifname}/${attr}`;
}

// ---------------------------------------------------------------------------------------------

let availability: Promise<boolean> | undefined;

/** Root, and `ip netns add` works (a throwaway namespace is created and deleted). */
export function netnsAvailable(): Promise<boolean> {
  availability ??= (async () => {
    if (!isRoot() || !isExecutable(IP_BIN)) return false;
    const name = uniqueName('lmt', `c${randomSuffix(14)}`);
    try {
      const add = await run(IP_BIN, ['netns', 'add', name]);
      if (add.code !== 0) return false;
      const del = await run(IP_BIN, ['netns', 'del', name]);
      return del.code === 0;
    } catch {
      return false;
    }
  })();
  return availability;
}

export async function createTestNamespace(opts: { vethPairs: number }): Promise<TestNamespace> {
  const { vethPairs } = opts;
  if (!Number.isInteger(vethPairs) || vethPairs < 0 || vethPairs > 100) {
    throw new Error(`vethPairs must be an integer 0..100, got ${vethPairs}`);
  }
  if (!isRoot()) throw new Error('createTestNamespace needs root');

  // Same random suffix for the namespace and its host-side veth, so they are easy to pair up.
  let name = '';
  let hostIf = '';
  for (let attempt = 0; ; attempt++) {
    const suffix = randomSuffix(15);
    name = uniqueName('lmt', suffix);
    hostIf = uniqueName('lmh', suffix);
    const clash = (await namespaceExists(name)) || (await run(IP_BIN, ['link', 'show', 'dev', hostIf])).code === 0;
    if (!clash) break;
    if (attempt > 20) throw new Error('could not find an unused namespace name');
  }

  await ip(['netns', 'add', name]);
  live.set(name, hostIf);
  installExitHook();

  let destroyed: Promise<void> | undefined;
  const destroy = (): Promise<void> => {
    destroyed ??= (async () => {
      if (await namespaceExists(name)) {
        await killNamespaceProcesses(name);
        await ip(['netns', 'del', name]);
      }
      // Deleting the namespace destroys mgmt0 and with it the host end; make sure anyway.
      if ((await run(IP_BIN, ['link', 'show', 'dev', hostIf])).code === 0) {
        await run(IP_BIN, ['link', 'del', hostIf]);
      }
      live.delete(name);
    })();
    return destroyed;
  };

  try {
    await ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', MGMT_NS_IF, 'netns', name]);
    await ip(['-n', name, 'link', 'set', 'lo', 'up']);

    // Management /30: random, unused here; re-checked after assignment against a concurrent twin.
    let hostAddress = '';
    let nsAddress = '';
    for (let attempt = 0; ; attempt++) {
      if (attempt > 50) throw new Error('no free /30 found in 10.250.0.0/16');
      const net = randomSlash30();
      if ((await configuredIpv4()).some((c) => overlaps(c.addr, c.prefix, net, 30))) continue;
      hostAddress = intToIpv4(net + 1);
      nsAddress = intToIpv4(net + 2);
      await ip(['addr', 'add', `${hostAddress}/30`, 'dev', hostIf]);
      const users = (await configuredIpv4()).filter((c) => overlaps(c.addr, c.prefix, net, 30));
      if (users.every((u) => u.ifname === hostIf)) break;
      await ip(['addr', 'del', `${hostAddress}/30`, 'dev', hostIf]);
    }
    await ip(['link', 'set', 'dev', hostIf, 'up']);
    await ip(['-n', name, 'addr', 'add', `${nsAddress}/30`, 'dev', MGMT_NS_IF]);
    await ip(['-n', name, 'link', 'set', 'dev', MGMT_NS_IF, 'up']);

    const links: { a: string; b: string }[] = [];
    for (let i = 0; i < vethPairs; i++) {
      const link = { a: `lmA${i}`, b: `lmB${i}` };
      await ip(['-n', name, 'link', 'add', link.a, 'type', 'veth', 'peer', 'name', link.b]);
      await ip(['-n', name, 'link', 'set', 'dev', link.a, 'up']);
      await ip(['-n', name, 'link', 'set', 'dev', link.b, 'up']);
      links.push(link);
    }

    const exec = (cmd: string[]): Promise<ExecResult> => {
      if (cmd.length === 0) throw new Error('exec: empty command');
      return run(IP_BIN, ['netns', 'exec', name, ...cmd]);
    };

    const readSysfs = async (ifname: string, attr: string): Promise<string> => {
      const path = sysfsPath(ifname, attr);
      const r = await exec(['cat', path]);
      if (r.code !== 0) throw new Error(`reading ${path} in netns ${name} failed: ${r.stderr.trim()}`);
      return r.stdout.trim();
    };

    const carrierChanges = async (ifname: string): Promise<number> => {
      const v = Number(await readSysfs(ifname, 'carrier_changes'));
      if (!Number.isFinite(v)) throw new Error(`carrier_changes of ${ifname} is not a number`);
      return v;
    };

    const waitCarrierChanges = async (ifname: string, atLeast: number): Promise<void> => {
      const deadline = Date.now() + FLAP_TIMEOUT_MS;
      for (;;) {
        const now = await carrierChanges(ifname);
        if (now >= atLeast) return;
        if (Date.now() > deadline) {
          throw new Error(`${ifname} in ${name}: carrier_changes stuck at ${now}, expected >= ${atLeast} (is its peer up?)`);
        }
        await sleep(20);
      }
    };

    const flap = async (ifname: string, times = 1): Promise<void> => {
      if (!SAFE_NAME.test(ifname)) throw new Error(`bad interface name: ${ifname}`);
      for (let i = 0; i < times; i++) {
        const before = await carrierChanges(ifname);
        await ip(['-n', name, 'link', 'set', 'dev', ifname, 'down']);
        await waitCarrierChanges(ifname, before + 1);
        await ip(['-n', name, 'link', 'set', 'dev', ifname, 'up']);
        await waitCarrierChanges(ifname, before + 2);
      }
    };

    return { name, hostAddress, nsAddress, hostInterface: hostIf, nsInterface: MGMT_NS_IF, links, exec, readSysfs, flap, destroy };
  } catch (err) {
    await destroy().catch(() => undefined);
    throw err;
  }
}
