/**
 * SshPool against the in-process node simulator: persistent connections, deadlines, reconnects
 * and host key policies.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../core/secret.js';
import { startNodeSimulator, type NodeSimulator, type SimNode } from '../../sim/node-ssh-server.js';
import { KnownHosts } from './known-hosts.js';
import { SshPool, type SshEndpoint } from './pool.js';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const spec = { hostname: 'sim', interfaces: 1, extraCounters: 0 };

describe('SshPool', () => {
  let dir: string;
  let sim: NodeSimulator | undefined;
  let port: number;
  const nodes: SimNode[] = [
    { address: '127.1.9.1', spec, password: 'pw' },
    { address: '127.1.9.2', spec, behaviour: 'hang', password: 'pw' },
  ];
  const endpoint = (address: string): SshEndpoint => ({ id: address, host: address, port, user: 'u', password: new Secret('pw') });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-pool-'));
    port = await freePort();
    sim = await startNodeSimulator({ nodes, port });
    await writeFile(path.join(dir, 'known_hosts'), sim.knownHosts);
  });
  afterEach(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const pool = async (policy: 'strict' | 'accept-new' = 'strict', file = 'known_hosts') =>
    new SshPool({ knownHosts: await KnownHosts.load(path.join(dir, file)), hostKeyPolicy: policy });

  it('reuses one connection across commands', async () => {
    const p = await pool();
    for (let i = 0; i < 3; i++) {
      const r = await p.exec(endpoint('127.1.9.1'), 'bash -s', { stdin: 'echo', timeoutMs: 5000 });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('@@lm:begin 1');
    }
    expect(p.handshakes).toBe(1);
    await p.close();
  });

  it('times out a hung session, drops its connection and reconnects on the next use', async () => {
    const p = await pool();
    const hung = endpoint('127.1.9.2');
    await expect(p.exec(hung, 'bash -s', { stdin: '', timeoutMs: 500 })).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_TIMEOUT', target: '127.1.9.2' });
    expect(p.size).toBe(0);
    await expect(p.exec(hung, 'bash -s', { stdin: '', timeoutMs: 500 })).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_TIMEOUT' });
    expect(p.handshakes).toBe(2);
    await p.close();
  });

  it('reconnects by itself when an idle connection died (server restarted)', async () => {
    const p = await pool();
    await p.exec(endpoint('127.1.9.1'), 'bash -s', { stdin: '', timeoutMs: 5000 });
    const hostKey = sim!.hostKey;
    await sim!.stop();
    sim = await startNodeSimulator({ nodes: [nodes[0]!], port, hostKey });
    const r = await p.exec(endpoint('127.1.9.1'), 'bash -s', { stdin: '', timeoutMs: 5000 });
    expect(r.stdout).toContain('@@lm:end');
    expect(p.handshakes).toBe(2);
    await p.close();
  });

  it('refuses a server whose host key changed', async () => {
    const p = await pool();
    await sim!.stop();
    sim = await startNodeSimulator({ nodes: [nodes[0]!], port });
    await expect(p.exec(endpoint('127.1.9.1'), 'true', { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'LINKMON_ERR_SSH_HOSTKEY_MISMATCH',
    });
    await p.close();
  });

  it('refuses an unknown host in strict mode and records it with accept-new', async () => {
    const strict = await pool('strict', 'empty_known_hosts');
    await expect(strict.exec(endpoint('127.1.9.1'), 'true', { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'LINKMON_ERR_SSH_HOSTKEY_UNKNOWN',
      message: expect.stringMatching(/SHA256:/),
    });
    const tofu = await pool('accept-new', 'new_known_hosts');
    const r = await tofu.exec(endpoint('127.1.9.1'), 'true', { timeoutMs: 5000 });
    expect(r.exitCode).toBe(0);
    await new Promise((res) => setTimeout(res, 50));
    expect(await readFile(path.join(dir, 'new_known_hosts'), 'utf8')).toContain(`[127.1.9.1]:${port} ssh-ed25519 `);
    await strict.close();
    await tofu.close();
  });

  it('names a refused connection and a wrong password without revealing the password', async () => {
    const p = await pool();
    const closedPort = await freePort();
    await expect(p.exec({ ...endpoint('127.0.0.1'), port: closedPort }, 'true', { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'LINKMON_ERR_SSH_CONNECT',
      message: `connection refused (127.0.0.1:${closedPort})`,
    });
    const wrong = { ...endpoint('127.1.9.1'), password: new Secret('hunter2-wrong') };
    const err = await p.exec(wrong, 'true', { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LINKMON_ERR_SSH_AUTH' });
    expect(JSON.stringify(err) + String(err) + (err as Error).message).not.toContain('hunter2');
    await p.close();
  });
});
