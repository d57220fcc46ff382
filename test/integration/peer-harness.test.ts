/**
 * Integration test of the real-peer harness itself: a real sshd inside a network namespace
 * with real veth links, reached from the root namespace with ssh2, plus a plain loopback sshd.
 * Needs root, openssh-server and iproute2 (scripts/install-test-peers.sh); skipped visibly otherwise.
 */

import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, netnsAvailable } from '../helpers/netns.js';
import { sshAvailable, startSshd } from '../helpers/sshd-peer.js';
import type { ConnectConfig } from 'ssh2';
import type { TestNamespace } from '../helpers/netns.js';
import type { SshdPeer } from '../helpers/sshd-peer.js';

const HOOK_TIMEOUT = 30_000;
const TEST_TIMEOUT = 20_000;

const sshOk = sshAvailable();
const nsOk = sshOk && (await netnsAvailable());
const sshSkipReason = sshOk ? '' : ' [SKIPPED: needs root, /usr/sbin/sshd and ssh-keygen - run scripts/install-test-peers.sh]';
const nsSkipReason = nsOk ? '' : sshOk ? ' [SKIPPED: needs root and a working `ip netns add`]' : sshSkipReason;
if (!nsOk) console.warn(`peer-harness:${nsSkipReason}`);

/** ssh2 host verification against the harness's `ssh-ed25519 AAAA...` line (raw key blobs compared). */
function hostVerifierFor(hostPublicKey: string, seen: { called: boolean }): (key: Buffer) => boolean {
  const expected = Buffer.from(hostPublicKey.split(' ')[1] ?? '', 'base64');
  return (key: Buffer) => {
    seen.called = true;
    return expected.length > 0 && key.equals(expected);
  };
}

function connect(cfg: ConnectConfig): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', (err) => {
      client.end();
      reject(err);
    });
    client.connect({ readyTimeout: 10_000, tryKeyboard: false, ...cfg });
  });
}

function sshExec(client: Client, command: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      stream.on('exit', (c: number | null) => (code = c));
      stream.on('close', () => resolve({ stdout, stderr, code }));
    });
  });
}

/** Starts `sleep 300` in a session and returns its PID (the shell execs into sleep). */
function startSleeper(client: Client): Promise<{ pid: number; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    client.exec('echo $$; exec sleep 300', (err, stream) => {
      if (err) return reject(err);
      const closed = new Promise<void>((r) => stream.on('close', () => r()));
      let out = '';
      stream.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const line = /^(\d+)\n/.exec(out);
        if (line) resolve({ pid: Number(line[1]), closed });
      });
      stream.stderr.resume();
    });
  });
}

/** True when `pid` no longer runs. A zombie counts as gone: PID 1 on this VM reaps orphans lazily. */
function pidGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return true;
  }
}

describe.skipIf(!nsOk)(`peer harness: sshd inside a network namespace with veth links${nsSkipReason}`, () => {
  let ns: TestNamespace | undefined;
  let peer: SshdPeer | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    ns = await createTestNamespace({ vethPairs: 2 });
    peer = await startSshd({ netns: ns.name, listenAddress: ns.nsAddress, port: 22 });
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    for (const c of clients) c.end();
    // Each step on its own so a failing one does not leak the other.
    const results = await Promise.allSettled([peer?.stop() ?? Promise.resolve()]);
    results.push(...(await Promise.allSettled([ns?.destroy() ?? Promise.resolve()])));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }, HOOK_TIMEOUT);

  it('creates the namespace layout', async () => {
    const n = ns as TestNamespace;
    const p = peer as SshdPeer;
    expect(n.name).toMatch(/^lmt-\d+-[0-9a-z]+$/);
    expect(n.name.length).toBeLessThanOrEqual(15);
    expect(n.hostInterface.length).toBeLessThanOrEqual(15);
    expect(n.hostAddress).toMatch(/^10\.250\.\d+\.\d+$/);
    expect(n.links).toEqual([
      { a: 'lmA0', b: 'lmB0' },
      { a: 'lmA1', b: 'lmB1' },
    ]);
    for (const l of n.links) {
      expect(await n.readSysfs(l.a, 'operstate')).toBe('up');
      expect(await n.readSysfs(l.b, 'carrier')).toBe('1');
    }
    const ls = await n.exec(['ls', '/sys/class/net']);
    expect(ls.code).toBe(0);
    expect(ls.stdout.split(/\s+/).filter(Boolean).sort()).toEqual(['lmA0', 'lmA1', 'lmB0', 'lmB1', 'lo', 'mgmt0']);
    expect(p.host).toBe(n.nsAddress);
    expect(p.port).toBe(22);
    expect(readFileSync(p.knownHostsPath, 'utf8')).toBe(`${n.nsAddress} ${p.hostPublicKey}\n`);
  });

  it('reads carrier_changes over SSH (key auth, verified host key) and sees flaps from the harness', async () => {
    const n = ns as TestNamespace;
    const p = peer as SshdPeer;
    const seen = { called: false };
    const client = await connect({
      host: p.host,
      port: p.port,
      username: p.user,
      privateKey: readFileSync(p.clientKeyPath),
      hostVerifier: hostVerifierFor(p.hostPublicKey, seen),
    });
    clients.push(client);
    expect(seen.called).toBe(true);

    const before = await sshExec(client, 'cat /sys/class/net/lmA0/carrier_changes');
    expect(before.code).toBe(0);
    const beforeN = Number(before.stdout.trim());
    expect(Number.isInteger(beforeN)).toBe(true);

    await n.flap('lmA0', 2);

    const after = await sshExec(client, 'cat /sys/class/net/lmA0/carrier_changes');
    expect(after.code).toBe(0);
    const afterN = Number(after.stdout.trim());
    expect(afterN - beforeN).toBe(4);
    expect(String(afterN)).toBe(await n.readSysfs('lmA0', 'carrier_changes'));
    // Flapping one end counts on both ends.
    expect(await n.readSysfs('lmB0', 'carrier_changes')).toBe(String(afterN));
    client.end();
  }, TEST_TIMEOUT);

  it('rejects a host key that does not match', async () => {
    const p = peer as SshdPeer;
    const other = `ssh-ed25519 ${Buffer.alloc(51, 7).toString('base64')}`;
    await expect(
      connect({
        host: p.host,
        port: p.port,
        username: p.user,
        privateKey: readFileSync(p.clientKeyPath),
        hostVerifier: hostVerifierFor(other, { called: false }),
      }),
    ).rejects.toThrow(/verification failed/i);
  }, TEST_TIMEOUT);

  it('accepts the password and rejects a wrong one', async () => {
    const p = peer as SshdPeer;
    const seen = { called: false };
    const client = await connect({
      host: p.host,
      port: p.port,
      username: p.user,
      password: p.password,
      hostVerifier: hostVerifierFor(p.hostPublicKey, seen),
    });
    clients.push(client);
    const who = await sshExec(client, 'id -un');
    expect(who.stdout.trim()).toBe(p.user);
    client.end();

    await expect(
      connect({
        host: p.host,
        port: p.port,
        username: p.user,
        password: `${p.password}-wrong`,
        hostVerifier: hostVerifierFor(p.hostPublicKey, { called: false }),
      }),
    ).rejects.toMatchObject({ level: 'client-authentication' });
  }, TEST_TIMEOUT);
});

describe.skipIf(!sshOk)(`peer harness: sshd on loopback${sshSkipReason}`, () => {
  let peer: SshdPeer | undefined;

  afterAll(async () => {
    await peer?.stop();
  }, HOOK_TIMEOUT);

  it('starts on a free 127.0.0.1 port, serves key and password logins, and stops cleanly', async () => {
    peer = await startSshd();
    const p = peer;
    expect(p.host).toBe('127.0.0.1');
    expect(p.port).toBeGreaterThan(0);
    expect(p.port).not.toBe(22);
    expect(p.hostPublicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/]+=*$/);
    expect(readFileSync(p.knownHostsPath, 'utf8')).toBe(`[127.0.0.1]:${p.port} ${p.hostPublicKey}\n`);

    const seen = { called: false };
    const keyClient = await connect({
      host: p.host,
      port: p.port,
      username: p.user,
      privateKey: readFileSync(p.clientKeyPath),
      hostVerifier: hostVerifierFor(p.hostPublicKey, seen),
    });
    expect(seen.called).toBe(true);
    // A long-running session child: stop() must take it down too.
    const sleeper = await startSleeper(keyClient);
    const pwClient = await connect({
      host: p.host,
      port: p.port,
      username: p.user,
      password: p.password,
      hostVerifier: hostVerifierFor(p.hostPublicKey, { called: false }),
    });
    expect((await sshExec(pwClient, 'echo ok')).stdout.trim()).toBe('ok');
    pwClient.end();

    const log = readFileSync(p.logPath, 'utf8');
    expect(log).toMatch(/Accepted publickey for linkmon-test/);
    expect(log).toMatch(/Accepted password for linkmon-test/);

    expect(pidGone(sleeper.pid)).toBe(false);
    await p.stop();
    expect(pidGone(p.pid)).toBe(true);
    expect(pidGone(sleeper.pid)).toBe(true);
    await sleeper.closed;
    keyClient.end();
    await expect(connect({ host: p.host, port: p.port, username: p.user, password: p.password })).rejects.toThrow();
  }, TEST_TIMEOUT);
});
