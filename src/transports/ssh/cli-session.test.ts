/**
 * CliSessionPool against the simulated switches' SSH server (startSwitchSimulator) speaking a tiny
 * test OS of its own (prompt `sim>`, a few commands, a pager): prompt detection, echo and terminal
 * noise, setup once per session, paging, deadlines, lost connections, credentials, host keys,
 * refused commands, slow and large outputs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LinkmonError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { SimCli } from '../../sim/switch/cli.js';
import { startSwitchSimulator, type SwitchSimulator } from '../../sim/switch/ssh-server.js';
import { applySimEvent, createSimSwitch } from '../../sim/switch/state.js';
import { CliSessionPool, extractCommandOutput, refusedLine, renderTerminalLine, type CliSessionDialect } from './cli-session.js';
import { KnownHosts } from './known-hosts.js';
import { SshPool, type SshEndpoint } from './pool.js';

/** Every command line the test OS ran, in order. */
const calls: string[] = [];

const lines = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `line ${i + from} ${'x'.repeat((i + from) % 50)}`);

const testCli: SimCli = {
  os: 'arista_eos',
  newSession: () => ({ mode: 'exec', pagingOff: false }),
  banner: () => 'Welcome to SimOS\nLast login: never',
  prompt: (_sw, s) => (s.mode === 'enable' ? 'sim#' : 'sim>'),
  morePrompt: ' --More-- ',
  run(sw, s, line) {
    calls.push(line);
    const cmd = line.trim();
    const m = /^show lines (\d+)$/.exec(cmd);
    if (m) return { output: lines(Number(m[1])).join('\n') };
    switch (cmd) {
      case 'terminal length 0':
        s.pagingOff = true;
        return { output: 'Pagination disabled.' };
      case 'enable':
        s.mode = 'enable';
        return { output: '' };
      case 'show version':
        return { output: `SimOS 1.0\nModel: ${sw.model}` };
      case 'show ansi':
        return { output: '\x1b[1mbold\x1b[0m text\nabc\bd\nplain' };
      case 'show flaps':
        return { output: sw.ports.map((p, i) => `port ${i} changes ${p.linkChanges}`).join('\n') };
      case 'exit':
        return { output: '', close: true };
      default:
        return { output: `% Invalid input: "${cmd}"` };
    }
  },
};

const dialect: CliSessionDialect = { prompt: /^sim[>#] ?$/, setup: ['terminal length 0'], exit: ['exit'], refused: /^% Invalid input/ };

async function freePort(address: string): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, address, () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('CliSessionPool with the switch simulator', () => {
  const A = '127.2.9.1';
  const B = '127.2.9.2';
  const swA = createSimSwitch({ name: 'sim-a', os: 'arista_eos', ports: 4, seed: 1 });
  const swB = createSimSwitch({ name: 'sim-b', os: 'arista_eos', ports: 4, seed: 2 });
  let sim: SwitchSimulator;
  let dir: string;
  let knownHostsFile: string;
  let port: number;
  const pools: CliSessionPool[] = [];

  const endpoint = (address = A, password = 'pw'): SshEndpoint => ({ id: `sw-${address}`, host: address, port, user: 'admin', password: new Secret(password) });

  const pool = async (opts: { file?: string; promptTimeoutMs?: number } = {}): Promise<CliSessionPool> => {
    const p = new CliSessionPool({
      knownHosts: await KnownHosts.load(opts.file ?? knownHostsFile),
      hostKeyPolicy: 'strict',
      agent: '',
      promptTimeoutMs: opts.promptTimeoutMs ?? 2000,
    });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-cli-'));
    port = await freePort(A);
    sim = await startSwitchSimulator({
      port,
      switches: [
        { sw: swA, cli: testCli, address: A, password: 'pw' },
        { sw: swB, cli: testCli, address: B, password: 'pw' },
      ],
    });
    knownHostsFile = path.join(dir, 'known_hosts');
    await writeFile(knownHostsFile, sim.knownHosts);
  });
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.close();
    sim.setFaults(A, {});
    sim.setFaults(B, {});
    calls.length = 0;
  });
  afterAll(async () => {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the prompt, strips the echo and the prompt, normalizes line ends', async () => {
    const p = await pool();
    const out = await p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 });
    expect(out).toBe('SimOS 1.0\nModel: DCS-7060CX-32S\n');
    expect(await p.run(endpoint(), dialect, 'enable', { timeoutMs: 3000 })).toBe('');
    // The prompt changed to `sim#`: still recognized.
    expect(await p.run(endpoint(), dialect, 'show lines 2', { timeoutMs: 3000 })).toBe(`${lines(2).join('\n')}\n`);
  });

  it('renders terminal noise away (ANSI sequences, backspaces)', async () => {
    const p = await pool();
    expect(await p.run(endpoint(), dialect, 'show ansi', { timeoutMs: 3000 })).toBe('bold text\nabd\nplain\n');
  });

  it('runs the setup commands once per session and reuses it across sweeps (one handshake)', async () => {
    const p = await pool();
    const logins = sim.get(A).stats.logins;
    for (let sweep = 0; sweep < 2; sweep++) {
      const r = await p.runMany(endpoint(), dialect, ['show version', 'show lines 30'], { timeoutMs: 3000 });
      expect(r.errors).toEqual([]);
      expect(r.outputs.get('show lines 30')).toBe(`${lines(30).join('\n')}\n`);
      expect(r.outputs.get('show version')).toContain('SimOS 1.0');
    }
    expect(p.handshakes).toBe(1);
    expect(sim.get(A).stats.logins - logins).toBe(1);
    expect(calls.filter((c) => c === 'terminal length 0')).toHaveLength(1);
    expect(calls).toEqual(['terminal length 0', 'show version', 'show lines 30', 'show version', 'show lines 30']);
  });

  it('sends the exit lines when closing', async () => {
    const p = await pool();
    await p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 });
    expect(p.size).toBe(1);
    await p.close();
    expect(p.size).toBe(0);
    expect(calls).toEqual(['terminal length 0', 'show version', 'exit']);
    await expect(p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_CLOSED' });
  });

  it('pages through --More-- when the setup does not turn paging off', async () => {
    const p = await pool();
    const out = await p.run(endpoint(), { ...dialect, setup: [] }, 'show lines 100', { timeoutMs: 3000 });
    expect(out).toBe(`${lines(100).join('\n')}\n`);
  });

  it('works without a PTY (no echo)', async () => {
    const p = await pool();
    const noPty = { ...dialect, pty: false };
    expect(await p.run(endpoint(), noPty, 'show version', { timeoutMs: 3000 })).toBe('SimOS 1.0\nModel: DCS-7060CX-32S\n');
    expect(await p.run(endpoint(), noPty, 'show lines 40', { timeoutMs: 3000 })).toBe(`${lines(40).join('\n')}\n`);
  });

  it('serializes concurrent commands on one session', async () => {
    const p = await pool();
    const outs = await Promise.all([5, 50, 7, 300].map((n) => p.run(endpoint(), dialect, `show lines ${n}`, { timeoutMs: 3000 })));
    expect(outs).toEqual([5, 50, 7, 300].map((n) => `${lines(n).join('\n')}\n`));
    expect(p.handshakes).toBe(1);
  });

  it('times out a hung CLI (SSH_TIMEOUT naming switch and command), then makes a new session', async () => {
    const p = await pool();
    await p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 });
    sim.setFaults(A, { hang: true });
    const err = await p.run(endpoint(), dialect, 'show lines 5', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkmonError);
    expect(err).toMatchObject({ code: 'LINKMON_ERR_SSH_TIMEOUT', target: `sw-${A}` });
    expect((err as Error).message).toContain('"show lines 5"');
    expect((err as Error).message).toContain(A);
    expect(p.size).toBe(0);
    sim.setFaults(A, {});
    expect(await p.run(endpoint(), dialect, 'show lines 3', { timeoutMs: 3000 })).toBe(`${lines(3).join('\n')}\n`);
    expect(p.handshakes).toBe(2);
  });

  it('reports a connection lost mid-output as SSH_CLOSED for that command; the next call reconnects', async () => {
    const p = await pool();
    await p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 });
    sim.setFaults(A, { disconnectMidOutput: true });
    calls.length = 0;
    const r = await p.runMany(endpoint(), dialect, ['show lines 200', 'show version'], { timeoutMs: 3000 });
    expect(r.outputs.size).toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'LINKMON_ERR_SSH_CLOSED', target: `sw-${A}` });
    expect(r.errors[0]?.message).toContain('"show lines 200"');
    // The rest of the sweep was not sent.
    expect(calls).toEqual(['show lines 200']);
    expect(await p.run(endpoint(), dialect, 'show lines 200', { timeoutMs: 3000 })).toBe(`${lines(200).join('\n')}\n`);
    expect(p.handshakes).toBe(2);
  });

  it('reports a refused command for that command only; the others continue', async () => {
    const p = await pool();
    const r = await p.runMany(endpoint(), dialect, ['show version', 'show bogus', 'show lines 2'], { timeoutMs: 3000 });
    expect([...r.outputs.keys()]).toEqual(['show version', 'show lines 2']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'LINKMON_ERR_SWITCH_COMMAND_REFUSED', severity: 'warning', target: `sw-${A}` });
    expect(r.errors[0]?.message).toContain('"show bogus"');
    expect(r.errors[0]?.message).toContain('% Invalid input');
  });

  it('refuses a wrong password (SSH_AUTH), also when the switch rejects every login', async () => {
    const p = await pool();
    await expect(p.run(endpoint(A, 'nope'), dialect, 'show version', { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_AUTH', target: `sw-${A}` });
    sim.setFaults(B, { wrongPassword: true });
    const r = await p.runMany(endpoint(B), dialect, ['show version'], { timeoutMs: 3000 });
    expect(r.errors[0]).toMatchObject({ code: 'LINKMON_ERR_SSH_AUTH' });
    expect(r.errors[0]?.message).not.toContain('pw');
  });

  it('refuses an unknown host key (SSH_HOSTKEY_UNKNOWN)', async () => {
    const empty = path.join(dir, 'empty_known_hosts');
    await writeFile(empty, '');
    const p = await pool({ file: empty });
    await expect(p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 })).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_HOSTKEY_UNKNOWN' });
    expect(p.size).toBe(0);
  });

  it('completes slow output within the deadline', async () => {
    const p = await pool();
    await p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 });
    sim.setFaults(A, { slowOutputMs: 10 });
    const started = Date.now();
    expect(await p.run(endpoint(), dialect, 'show lines 20', { timeoutMs: 3000 })).toBe(`${lines(20).join('\n')}\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('keeps a large output (10k lines) intact', async () => {
    const p = await pool();
    const out = await p.run(endpoint(), dialect, 'show lines 10000', { timeoutMs: 5000 });
    expect(out).toBe(`${lines(10_000).join('\n')}\n`);
  });

  it('returns junk content when the switch answers garbage (prompt still valid)', async () => {
    const p = await pool();
    sim.setFaults(A, { garbage: true });
    const r = await p.runMany(endpoint(), dialect, ['show version'], { timeoutMs: 3000 });
    expect(r.errors).toEqual([]);
    expect(r.outputs.get('show version')).toMatch(/^~~ .* noise .*\n/);
  });

  it('sees events applied to the simulated switch', async () => {
    const p = await pool();
    const before = await p.run(endpoint(B), dialect, 'show flaps', { timeoutMs: 3000 });
    expect(before).toContain('port 1 changes 2\n');
    applySimEvent(swB, { kind: 'flap', port: 1, times: 2 });
    expect(await p.run(endpoint(B), dialect, 'show flaps', { timeoutMs: 3000 })).toContain('port 1 changes 6\n');
  });

  it('cancels through the AbortSignal (queued and running commands)', async () => {
    const p = await pool();
    await p.run(endpoint(), dialect, 'show version', { timeoutMs: 3000 });
    sim.setFaults(A, { hang: true });
    const ac = new AbortController();
    const running = p.run(endpoint(), dialect, 'show lines 1', { timeoutMs: 10_000, signal: ac.signal });
    const queued = p.run(endpoint(), dialect, 'show lines 2', { timeoutMs: 10_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(running).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_TIMEOUT' });
    await expect(queued).rejects.toMatchObject({ code: 'LINKMON_ERR_SSH_TIMEOUT' });
    expect(p.size).toBe(0);
  });

  it('answers exec requests too (one command, no prompt)', async () => {
    const p = new SshPool({ knownHosts: await KnownHosts.load(knownHostsFile), hostKeyPolicy: 'strict', agent: '' });
    try {
      const r = await p.exec(endpoint(), 'show lines 30', { timeoutMs: 3000 });
      expect(r).toMatchObject({ stdout: `${lines(30).join('\n')}\n`, exitCode: 0 });
    } finally {
      await p.close();
    }
  });

  it('times out a login that never shows a prompt', async () => {
    const p = await pool({ promptTimeoutMs: 200 });
    const r = await p.runMany(endpoint(), { ...dialect, prompt: /^nomatch>$/ }, ['show version'], { timeoutMs: 3000 });
    expect(r.errors[0]).toMatchObject({ code: 'LINKMON_ERR_SSH_TIMEOUT' });
    expect(r.errors[0]?.message).toContain('the login');
  });
});

describe('terminal output cleanup', () => {
  it('renders carriage returns, backspaces and escape sequences', () => {
    expect(renderTerminalLine('plain text')).toBe('plain text');
    expect(renderTerminalLine('shx\b \bow int')).toBe('show int');
    expect(renderTerminalLine('\r          \rEthernet1 up')).toBe('Ethernet1 up');
    expect(renderTerminalLine(' --More-- \x1b[10D\x1b[KEthernet2')).toBe('Ethernet2');
    expect(renderTerminalLine('\x1b[32mgreen\x1b[0m \x1b]0;title\x07x')).toBe('green x');
  });

  it('extracts a command answer: echo, prompt, \\r\\n', () => {
    expect(extractCommandOutput('show int\r\nEth1 up\r\nEth2 down\r\nsw1>', 'show int', true)).toBe('Eth1 up\nEth2 down\n');
    expect(extractCommandOutput('show int\r\r\nsw1>', 'show int', true)).toBe('');
    // A device that reprints the prompt with the echo.
    expect(extractCommandOutput('sw1>show int\r\nEth1 up\r\nsw1>', 'show int', true)).toBe('Eth1 up\n');
    // No PTY: no echo; a first line that merely ends with the command is output.
    expect(extractCommandOutput('x show int\nsw1>', 'show int', false)).toBe('x show int\n');
  });

  it('finds a refused line anywhere in the output', () => {
    expect(refusedLine('a\n% Invalid input detected\nb\n', /^% Invalid input/)).toBe('% Invalid input detected');
    expect(refusedLine('a\nb\n', /^% Invalid input/g)).toBeUndefined();
  });
});
