/**
 * Real-peer harness: a throwaway OpenSSH server (hand-started `/usr/sbin/sshd -D -e`) for
 * integration tests, optionally inside a network namespace (see ./netns.ts).
 *
 * Everything lives in a fresh temp dir (host key, client key, authorized_keys, sshd_config,
 * pid file, log). The login user is `linkmon-test` (created on first use). Needs root;
 * use `sshAvailable()` with `describe.skipIf` so the skip is visible.
 *
 * Machine setup: `scripts/install-test-peers.sh` (openssh-server, ethtool, iproute2; never
 * auto-starts a daemon).
 *
 * Notes:
 * - `AuthorizedKeysFile` points into the temp dir under os.tmpdir(); sshd's StrictModes
 *   rejects any path below a group/world-writable directory such as /tmp, so the config
 *   sets `StrictModes no` (test-only server, nothing else depends on it).
 * - The password of `linkmon-test` is random but shared by all concurrently running peers
 *   (also across vitest worker processes): it is kept in a root-only file under /run, so a
 *   second `startSshd()` does not invalidate the password handed out by the first one.
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, readdirSync, readFileSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createConnection, createServer, isIPv6 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { pidAlive } from './process.js';

export const SSHD_BIN = '/usr/sbin/sshd';
export const TEST_USER = 'linkmon-test';

const PRIVSEP_DIR = '/run/sshd';
const STATE_DIR = '/run/linkmon-test';
const PASSWORD_FILE = join(STATE_DIR, 'password');
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;

export interface StartSshdOptions {
  /** Run sshd inside this network namespace (`ip netns exec <netns> ...`). */
  netns?: string;
  /** Address sshd listens on (inside the namespace when `netns` is set). Default 127.0.0.1. */
  listenAddress?: string;
  /** TCP port. Default: a free port on 127.0.0.1 (probed by binding port 0). */
  port?: number;
}

export interface SshdPeer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** OpenSSH-format ed25519 private key (no passphrase) authorized for `user`. */
  clientKeyPath: string;
  /** `ssh-ed25519 AAAA...` (no comment). */
  hostPublicKey: string;
  /** File with one line: `[host]:port ssh-ed25519 AAAA...` (or `host ssh-ed25519 ...` for port 22). */
  knownHostsPath: string;
  /** sshd's stderr (`-e`) and stdout. */
  logPath: string;
  /** PID of the listening sshd. */
  pid: number;
  /** Kills sshd (SIGTERM, SIGKILL after 2 s) and its session processes, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** execFile-like, never a shell; optional stdin; resolves with the exit code instead of throwing. */
function run(file: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

async function runOk(file: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await run(file, args, opts);
  if (r.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited with ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ipBin(): string {
  return ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find(isExecutable) ?? 'ip';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds an executable on PATH (plus the sbin dirs, which a non-login root shell may lack). */
function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const d of dirs) {
    if (d && isExecutable(join(d, name))) return join(d, name);
  }
  return undefined;
}

/** True when a real sshd can be started here: root, /usr/sbin/sshd and ssh-keygen present. */
export function sshAvailable(): boolean {
  return isRoot() && isExecutable(SSHD_BIN) && which('ssh-keygen') !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Test user

async function userExists(user: string): Promise<boolean> {
  return (await run('id', ['-u', user])).code === 0;
}

/** Retries commands that fail on /etc/passwd|shadow lock contention with a concurrent peer. */
async function withLockRetry(what: string, fn: () => Promise<RunResult>, ok: () => Promise<boolean>): Promise<void> {
  let last: RunResult | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    last = await fn();
    if (last.code === 0 || (await ok())) return;
    await sleep(50 + Math.floor(Math.random() * 100));
  }
  throw new Error(`${what} failed: ${last?.stderr.trim() ?? ''}`);
}

/** The shared random password (created once, atomically, mode 0600 root). */
async function sharedPassword(): Promise<string> {
  await mkdir(STATE_DIR, { recursive: true, mode: 0o700 });
  try {
    const existing = (await readFile(PASSWORD_FILE, 'utf8')).trim();
    if (existing.length >= 16) return existing;
    await unlink(PASSWORD_FILE).catch(() => undefined);
  } catch {
    // not there yet
  }
  const candidate = randomBytes(18).toString('base64url');
  const tmp = `${PASSWORD_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, `${candidate}\n`, { mode: 0o600 });
  try {
    await link(tmp, PASSWORD_FILE); // atomic: fails with EEXIST if a concurrent peer won
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return (await readFile(PASSWORD_FILE, 'utf8')).trim();
}

let userReady: Promise<string> | undefined;

/** Ensures `linkmon-test` exists and has the shared random password; returns the password. */
function ensureTestUser(): Promise<string> {
  userReady ??= (async () => {
    if (!(await userExists(TEST_USER))) {
      await withLockRetry(
        `useradd ${TEST_USER}`,
        () => run('useradd', ['-m', '-s', '/bin/bash', TEST_USER]),
        () => userExists(TEST_USER),
      );
    }
    const password = await sharedPassword();
    // chpasswd reads "user:password" on stdin: the password never appears in argv.
    await withLockRetry(
      'chpasswd',
      () => run('chpasswd', [], { input: `${TEST_USER}:${password}\n` }),
      async () => false,
    );
    return password;
  })();
  userReady.catch(() => (userReady = undefined));
  return userReady;
}

// ---------------------------------------------------------------------------------------------
// Processes

function readPpid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..." - comm may contain spaces/parens: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

/** All descendants of `root` (children, grandchildren, ...), found through /proc/<pid>/stat ppid. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const ppid = readPpid(pid);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}


function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** SIGTERM the given PIDs, wait up to `graceMs`, SIGKILL whatever is left. */
async function terminate(pids: readonly number[], graceMs = STOP_GRACE_MS): Promise<void> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(pidAlive) && Date.now() < deadline) await sleep(25);
  const left = pids.filter(pidAlive);
  for (const pid of left) signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (left.some(pidAlive) && Date.now() < killDeadline) await sleep(25);
}

/**
 * Terminates `root` and every descendant (sshd's per-connection children and the user
 * sessions they spawned). The tree is frozen with SIGSTOP first and re-scanned until stable,
 * so nothing forked in between escapes by being re-parented to init once its parent dies.
 */
async function killTree(root: number): Promise<void> {
  if (!pidAlive(root)) return;
  const frozen = new Set<number>([root]);
  signal(root, 'SIGSTOP');
  for (let round = 0; round < 20; round++) {
    await sleep(10);
    const found = descendantsOf(root).filter((p) => !frozen.has(p));
    if (found.length === 0) break;
    for (const p of found) {
      frozen.add(p);
      signal(p, 'SIGSTOP');
    }
  }
  const all = [...frozen];
  // SIGTERM stays pending on a stopped process; SIGCONT lets it be delivered.
  for (const p of all) signal(p, 'SIGTERM');
  for (const p of all) signal(p, 'SIGCONT');
  await terminate(all);
}

// ---------------------------------------------------------------------------------------------
// Ports and readiness

/** A port that is free on 127.0.0.1 right now (bind port 0, read it, close). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host, port });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** TCP connect from inside a namespace (bash's /dev/tcp; host/port are argv, not shell text). */
async function tcpAcceptsInNetns(netns: string, host: string, port: number): Promise<boolean> {
  const r = await run(ipBin(), ['netns', 'exec', netns, 'bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'lm-probe', host, String(port)], {
    timeoutMs: 2_000,
  });
  return r.code === 0;
}

async function logTail(path: string, lines = 20): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

// ---------------------------------------------------------------------------------------------

const running = new Map<number, { dir: string }>();
let exitHookInstalled = false;

/** Last-resort cleanup if a test process exits without calling stop(). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of running.keys()) {
      for (const p of [...descendantsOf(pid), pid]) signal(p, 'SIGKILL');
    }
  });
}

export async function startSshd(opts: StartSshdOptions = {}): Promise<SshdPeer> {
  if (!sshAvailable()) {
    throw new Error(`startSshd needs root, ${SSHD_BIN} and ssh-keygen (run scripts/install-test-peers.sh)`);
  }
  const host = opts.listenAddress ?? '127.0.0.1';
  const port = opts.port ?? (await freeLoopbackPort());
  const password = await ensureTestUser();
  await mkdir(PRIVSEP_DIR, { recursive: true, mode: 0o755 });

  const dir = await mkdtemp(join(tmpdir(), 'linkmon-sshd-'));
  let child: ChildProcess | undefined;
  try {
    // The login user must be able to traverse the dir and read authorized_keys (sshd opens it
    // with the user's uid); the private keys stay 0600 root.
    await chmod(dir, 0o755);
    const hostKey = join(dir, 'ssh_host_ed25519_key');
    const clientKeyPath = join(dir, 'client_ed25519');
    const sshKeygen = which('ssh-keygen') as string;
    await runOk(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', 'linkmon-test-host', '-f', hostKey]);
    await runOk(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', 'linkmon-test-client', '-f', clientKeyPath]);

    const [hkType, hkBlob] = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/);
    if (hkType !== 'ssh-ed25519' || !hkBlob) throw new Error(`unexpected host public key in ${hostKey}.pub`);
    const hostPublicKey = `${hkType} ${hkBlob}`;

    const authorizedKeys = join(dir, 'authorized_keys');
    await writeFile(authorizedKeys, await readFile(`${clientKeyPath}.pub`, 'utf8'), { mode: 0o644 });
    await chmod(authorizedKeys, 0o644);

    const knownHostsPath = join(dir, 'known_hosts');
    await writeFile(knownHostsPath, `${knownHostsName(host, port)} ${hostPublicKey}\n`, { mode: 0o644 });

    const pidFile = join(dir, 'sshd.pid');
    const cfgPath = join(dir, 'sshd_config');
    const listen = isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
    await writeFile(
      cfgPath,
      [
        `ListenAddress ${listen}`,
        `HostKey ${hostKey}`,
        `PidFile ${pidFile}`,
        'UsePAM no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin no',
        `AllowUsers ${TEST_USER}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'StrictModes no',
        'MaxStartups 100:30:200',
        'MaxSessions 50',
        'PrintMotd no',
        'UseDNS no',
        'Subsystem sftp internal-sftp',
        'LogLevel INFO',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );

    const check = await run(SSHD_BIN, ['-t', '-f', cfgPath]);
    if (check.code !== 0) throw new Error(`sshd -t rejected ${cfgPath}: ${check.stderr.trim()}`);

    const logPath = join(dir, 'sshd.log');
    const log = await open(logPath, 'a', 0o600);
    const sshdArgs = ['-D', '-e', '-f', cfgPath];
    try {
      // `ip netns exec` execs the command directly (no fork), so child.pid is sshd itself.
      child = opts.netns
        ? spawn(ipBin(), ['netns', 'exec', opts.netns, SSHD_BIN, ...sshdArgs], { stdio: ['ignore', log.fd, log.fd] })
        : spawn(SSHD_BIN, sshdArgs, { stdio: ['ignore', log.fd, log.fd] });
    } finally {
      await log.close();
    }
    const proc = child;
    let exited: string | undefined;
    proc.on('exit', (code, sig) => (exited = `exited (code ${code}, signal ${sig})`));
    proc.on('error', (err) => (exited = `failed to spawn: ${err.message}`));
    const pid = proc.pid;
    if (pid === undefined) {
      await sleep(10);
      throw new Error(`could not start sshd: ${exited ?? 'no pid'}`);
    }
    running.set(pid, { dir });
    installExitHook();

    // Ready = sshd logged that it listens AND the port accepts TCP (the log check guards
    // against another process owning the port while sshd is dying with "Cannot bind").
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (exited) {
        throw new Error(`sshd ${exited} before accepting on ${listen}; log tail:\n${await logTail(logPath)}`);
      }
      const logged = (await readFile(logPath, 'utf8').catch(() => '')).includes('Server listening on');
      if (logged && (opts.netns ? await tcpAcceptsInNetns(opts.netns, host, port) : await tcpAccepts(host, port))) break;
      if (Date.now() > deadline) {
        throw new Error(
          `sshd (pid ${pid}) did not accept TCP on ${listen}${opts.netns ? ` in netns ${opts.netns}` : ''} within ` +
            `${READY_TIMEOUT_MS / 1000} s; log tail:\n${await logTail(logPath)}`,
        );
      }
      await sleep(25);
    }

    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopped ??= (async () => {
        await killTree(pid);
        running.delete(pid);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    };

    return {
      host,
      port,
      user: TEST_USER,
      password,
      clientKeyPath,
      hostPublicKey,
      knownHostsPath,
      logPath,
      pid,
      stop,
    };
  } catch (err) {
    if (child?.pid !== undefined) {
      await killTree(child.pid);
      running.delete(child.pid);
    }
    // The log tail is already in the error message.
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

