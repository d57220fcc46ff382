/**
 * Flags of the built CLI: every invalid combination exits with code 2 and one line on stderr that
 * names the problem, nothing on stdout; help, version and the probe command's help work.
 *
 * Runs bin/linkmon.js: `npm run build` first. No case reaches the network: each one is refused
 * while the flags are checked (the node list only names loopback, HOME points into a temp dir).
 */
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, type CliRun } from '../helpers/cli.js';

const isRoot = process.getuid?.() === 0;

let dir: string;
/** Temp paths, filled in beforeAll. */
const f = {
  nodes: '',
  switches: '',
  csx: '',
  networkJson: '',
  key: '',
  existingDir: '',
  existingFile: '',
  missing: '',
  db: '',
  out: '',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'linkmon-flags-'));
  f.nodes = path.join(dir, 'nodes.txt');
  f.switches = path.join(dir, 'switches.txt');
  f.csx = path.join(dir, 'csx.txt');
  f.networkJson = path.join(dir, 'network_config.json');
  f.key = path.join(dir, 'id_ed25519');
  f.existingDir = path.join(dir, 'reports');
  f.existingFile = path.join(dir, 'a-file');
  f.missing = path.join(dir, 'does-not-exist');
  f.db = path.join(dir, 'links.db');
  f.out = path.join(dir, 'new-reports');
  // Loopback only, on a port nothing listens on: even a case that slipped through could not leave the machine.
  await writeFile(f.nodes, 'root@127.0.0.1:1\n');
  await writeFile(f.switches, '127.0.0.1:1\n');
  await writeFile(f.csx, '127.0.0.1\n');
  await writeFile(f.networkJson, '{}\n');
  await writeFile(f.key, 'not really a key\n');
  await writeFile(f.existingFile, 'x\n');
  await mkdir(f.existingDir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(args: readonly string[]): Promise<CliRun> {
  // HOME in the temp dir: nothing can touch the real ~/.ssh even if a case is not refused.
  return runCli(args, { env: { HOME: dir, NODE_PASSWORD: undefined }, timeoutMs: 20_000 });
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** Exit 2, nothing on stdout, exactly one `linkmon: …` line on stderr containing `needle`. */
function expectUsageError(run: CliRun, needle: string): void {
  const err = lines(run.stderr);
  expect({ code: run.code, stdout: run.stdout, stderr: err }).toEqual({ code: 2, stdout: '', stderr: [expect.stringContaining(needle)] });
  expect(err[0]).toMatch(/^linkmon: /);
}

interface Case {
  readonly name: string;
  readonly args: () => string[];
  /** A distinctive part of the one stderr line (a function when it names a temp path). */
  readonly says: string | (() => string);
}

const N = (): string[] => ['-n', f.nodes];

const CASES: readonly Case[] = [
  // -i/--interval
  { name: 'no -i', args: () => [...N()], says: '-i/--interval is required' },
  { name: '-i not a number', args: () => [...N(), '-i', 'abc'], says: '-i/--interval must be a number, not "abc"' },
  { name: '-i empty', args: () => [...N(), '-i', ''], says: '-i/--interval must be a number, not ""' },
  { name: '-i Infinity', args: () => [...N(), '-i', 'Infinity'], says: '-i/--interval must be a number' },
  { name: '-i negative', args: () => [...N(), '-i', '-5'], says: '-i/--interval must be at least 0, not -5' },
  { name: '--interval=-1', args: () => [...N(), '--interval=-1'], says: '-i/--interval must be at least 0, not -1' },
  // -t/--run-time
  { name: '-t not a number', args: () => [...N(), '-i', '1', '-t', 'soon', '-d', f.db], says: '-t/--run-time must be a number, not "soon"' },
  { name: '-t negative', args: () => [...N(), '-i', '1', '-t', '-1', '-d', f.db], says: '-t/--run-time must be at least 0, not -1' },
  { name: '-t without -o/-d', args: () => [...N(), '-i', '1', '-t', '5'], says: 'multi-sample mode (-t) writes to -o and/or -d' },
  { name: '-t with -i 0', args: () => [...N(), '-i', '0', '-t', '5', '-d', f.db], says: '-t/--run-time needs -i greater than 0' },
  { name: '-t smaller than -i', args: () => [...N(), '-i', '10', '-t', '5', '-d', f.db], says: '-t/--run-time (5 s) must be at least -i/--interval (10 s)' },
  // single sample
  { name: '-i 0 without -o/-d', args: () => [...N(), '-i', '0'], says: '-i 0 takes a single sample, which needs -o and/or -d' },
  // outputs
  { name: '-o is an existing directory', args: () => [...N(), '-i', '5', '-o', f.existingDir], says: () => `-o/--output-directory ${f.existingDir} already exists` },
  { name: '-o is an existing file', args: () => [...N(), '-i', '5', '-o', f.existingFile], says: () => `-o/--output-directory ${f.existingFile} already exists` },
  // what to collect
  { name: '--no-nodes --no-switches --no-systems', args: () => [...N(), '-i', '5', '--no-nodes', '--no-switches', '--no-systems'], says: 'leave nothing to collect' },
  { name: '--local with --no-nodes', args: () => ['-i', '5', '--local', '--no-nodes'], says: '--local collects this machine as a node; it cannot be combined with --no-nodes' },
  { name: '--local with -n', args: () => [...N(), '-i', '5', '--local'], says: '--local and -n/--node-list are exclusive' },
  { name: 'no inventory at all', args: () => ['-i', '5'], says: 'nothing to monitor' },
  // host keys
  { name: '--accept-new-host-keys with --no-host-key-check', args: () => [...N(), '-i', '5', '--accept-new-host-keys', '--no-host-key-check'], says: '--accept-new-host-keys and --no-host-key-check are exclusive' },
  // files that do not exist
  { name: 'missing -j', args: () => ['-i', '5', '-j', f.missing], says: () => `-j/--network-json ${f.missing}: no such file` },
  { name: 'missing -n', args: () => ['-i', '5', '-n', f.missing], says: () => `-n/--node-list ${f.missing}: no such file` },
  { name: 'missing -s', args: () => ['-i', '5', '-s', f.missing], says: () => `-s/--switch-list ${f.missing}: no such file` },
  { name: 'missing -c', args: () => ['-i', '5', '-c', f.missing], says: () => `-c/--csx-list ${f.missing}: no such file` },
  { name: 'missing -k', args: () => [...N(), '-i', '5', '-k', f.missing], says: () => `-k/--node-ssh-key ${f.missing}: no such file` },
  // numbers
  { name: '--concurrency 0', args: () => [...N(), '-i', '5', '--concurrency', '0'], says: '--concurrency must be at least 1, not 0' },
  { name: '--concurrency 1.5', args: () => [...N(), '-i', '5', '--concurrency', '1.5'], says: '--concurrency must be a whole number, not "1.5"' },
  { name: '--concurrency not a number', args: () => [...N(), '-i', '5', '--concurrency', 'many'], says: '--concurrency must be a number, not "many"' },
  { name: '--connect-concurrency 0', args: () => [...N(), '-i', '5', '--connect-concurrency', '0'], says: '--connect-concurrency must be at least 1, not 0' },
  { name: '--connect-concurrency 2.5', args: () => [...N(), '-i', '5', '--connect-concurrency', '2.5'], says: '--connect-concurrency must be a whole number' },
  { name: '--timeout 0', args: () => [...N(), '-i', '5', '--timeout', '0'], says: '--timeout must be at least 0.1, not 0' },
  { name: '--timeout not a number', args: () => [...N(), '-i', '5', '--timeout', 'long'], says: '--timeout must be a number, not "long"' },
  { name: '--many-corrected-per-kib negative', args: () => [...N(), '-i', '5', '--many-corrected-per-kib', '-1'], says: '--many-corrected-per-kib must be at least 0, not -1' },
  { name: '--many-corrected-per-kib not a number', args: () => [...N(), '-i', '5', '--many-corrected-per-kib', 'x'], says: '--many-corrected-per-kib must be a number, not "x"' },
  // switches
  { name: '--switch-os unknown OS', args: () => [...N(), '-i', '5', '--switch-os', 'leaf1=nxos'], says: '--switch-os leaf1=nxos: unknown OS "nxos"' },
  { name: '--switch-os without an OS', args: () => [...N(), '-i', '5', '--switch-os', 'leaf1='], says: '--switch-os takes NAME=OS or OS, not "leaf1="' },
  { name: '--switch-os bare unknown', args: () => [...N(), '-i', '5', '--switch-os', 'junos'], says: 'unknown OS "junos"' },
  { name: '--network-config-ports-only without -j', args: () => [...N(), '-i', '5', '--network-config-ports-only'], says: '--network-config-ports-only needs -j/--network-json' },
  { name: 'probe switch --vendor unknown', args: () => ['probe', 'switch', 'leaf1', '--vendor', 'cisco'], says: '--vendor: unknown switch OS "cisco"' },
  { name: 'probe switch malformed host', args: () => ['probe', 'switch', 'leaf1:0'], says: 'probe switch leaf1:0: port "0" is not between 1 and 65535' },
  { name: 'parse with an unknown vendor', args: () => ['parse', '--vendor', 'cisco', '--command', 'show version', f.existingFile], says: 'unknown vendor "cisco"' },
  { name: 'parse with an unknown command', args: () => ['parse', '--vendor', 'arista_eos', '--command', 'show clock', f.existingFile], says: 'no arista_eos parser for "show clock"' },
  { name: 'parse of a missing file', args: () => ['parse', '--vendor', 'linux', '--command', 'ethtool_s', f.missing], says: () => `cannot read ${f.missing}: no such file` },
  { name: 'sim --switches 0', args: () => ['sim', '--switches', '0'], says: '--switches must be a whole number from 1' },
  { name: 'sim with a bad event', args: () => ['sim', '--switches', '2', '--ports', '4', '--event', '1:3:1:flap'], says: '--event 1:3:1:flap: switch must be a whole number from 1 to 2' },
  { name: 'sim with an unknown event kind', args: () => ['sim', '--event', '1:1:1:melt'], says: 'unknown kind "melt"' },
  // probe node
  { name: 'probe node with a host and --local', args: () => ['probe', 'node', '--local', 'node1'], says: 'probe node takes either a host or --local, not both' },
  { name: 'probe node without host or --local', args: () => ['probe', 'node'], says: 'probe node needs a host ([user@]host[:port]) or --local' },
  { name: 'probe node "bad host:99999"', args: () => ['probe', 'node', 'bad host:99999'], says: 'probe node bad host:99999: entry "bad host:99999" contains whitespace' },
  { name: 'probe node badhost:99999', args: () => ['probe', 'node', 'badhost:99999'], says: 'probe node badhost:99999: port "99999" is not between 1 and 65535' },
  { name: 'probe node bad user', args: () => ['probe', 'node', 'a@b@host'], says: 'more than one "@"' },
  { name: 'probe node --timeout 0', args: () => ['probe', 'node', 'node1', '--timeout', '0'], says: '--timeout must be a positive number, not "0"' },
  { name: 'probe node --accept-new-host-keys --no-host-key-check', args: () => ['probe', 'node', 'node1', '--accept-new-host-keys', '--no-host-key-check'], says: '--accept-new-host-keys and --no-host-key-check are exclusive' },
];

describe.concurrent('invalid flag combinations: exit 2, one line on stderr naming the problem, nothing on stdout', () => {
  it.each(CASES)('$name', async ({ args, says }) => {
    expectUsageError(await cli(args()), typeof says === 'function' ? says() : says);
  });
});

/** Commander's own errors: the first line names the problem; a second line may only be the --help hint. */
function expectCommanderError(run: CliRun, needle: string): void {
  const err = lines(run.stderr);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(err.length === 1 || err.length === 2, `stderr lines: ${JSON.stringify(err)}`).toBe(true);
  expect(err[0]).toContain(needle);
  if (err.length === 2) expect(err[1]).toMatch(/--help/);
}

describe.concurrent('errors found by the option parser', () => {
  it('unknown option', async () => {
    expectCommanderError(await cli([...N(), '-i', '5', '--bogus']), "unknown option '--bogus'");
  });

  it('option without its value', async () => {
    expectCommanderError(await cli([...N(), '-i']), "option '-i, --interval <seconds>' argument missing");
  });

  it('excess argument', async () => {
    expectCommanderError(await cli([...N(), '-i', '5', 'extra']), 'too many arguments');
  });

  it('unknown probe subcommand', async () => {
    expectCommanderError(await cli(['probe', 'router']), "unknown command 'router'");
  });

  it('unknown option of probe node', async () => {
    expectCommanderError(await cli(['probe', 'node', '--bogus']), "unknown option '--bogus'");
  });
});

describe('unreadable inventory and key files', () => {
  // accessSync(R_OK) always succeeds for root, so mode 000 only says something for other users.
  it.skipIf(isRoot).each([
    ['-j', '-j/--network-json'],
    ['-n', '-n/--node-list'],
    ['-s', '-s/--switch-list'],
    ['-c', '-c/--csx-list'],
    ['-k', '-k/--node-ssh-key'],
  ])('%s file with mode 000 (skipped as root: root reads every file)', async (flag, name) => {
    const file = path.join(dir, `unreadable${flag}`);
    await writeFile(file, 'x\n');
    await chmod(file, 0o000);
    const args = flag === '-k' ? [...N(), '-i', '5', '-k', file] : ['-i', '5', flag, file];
    expectUsageError(await cli(args), `${name} ${file}: permission denied`);
  });

  // A directory passes access checks: it must be refused as a usage error all the same.
  it('-n pointing to a directory is one usage error', async () => {
    expectUsageError(await cli(['-i', '5', '-n', f.existingDir]), `-n/--node-list ${f.existingDir}`);
  });

  it('-k pointing to a directory is a usage error', async () => {
    // -i 0 -d: if the flags are accepted, the run is a single quick sample (refused on 127.0.0.1:1).
    expectUsageError(await cli([...N(), '-i', '0', '-d', f.db, '-k', f.existingDir]), `-k/--node-ssh-key ${f.existingDir}`);
  });
});

describe.concurrent('help and version', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

  it('--help exits 0 and lists every option and the Modes section', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const options = [
      '-V, --version', '-j, --network-json <file>', '-n, --node-list <file>', '-s, --switch-list <file>', '-c, --csx-list <file>',
      '-i, --interval <seconds>', '-t, --run-time <seconds>', '-o, --output-directory <dir>', '-d, --database <file>', '--show-1g',
      '--no-nodes', '--no-switches', '--no-systems', '-k, --node-ssh-key <file>', '--local', '--known-hosts <file>',
      '--accept-new-host-keys', '--no-host-key-check', '--concurrency <n>', '--connect-concurrency <n>', '--timeout <seconds>',
      '--many-corrected-per-kib <n>', '--store-raw', '--progress', '--no-progress', '-h, --help',
    ];
    for (const o of options) expect(run.stdout, o).toContain(`  ${o} `);
    expect(run.stdout).toMatch(/^Usage: linkmon /);
    expect(run.stdout).toMatch(/^Modes:$/m);
    for (const mode of ['one-shot', 'multi-sample', 'single sample']) expect(run.stdout).toMatch(new RegExp(`^  ${mode} +-i`, 'm'));
    expect(run.stdout).toMatch(/^Commands:\n {2}probe /m);
    expect(run.stdout).toContain('Exit codes: 0 all devices read, 1 some device or output failed, 2 invalid usage');
  });

  it('-h is --help', async () => {
    const [short, long] = await Promise.all([cli(['-h']), cli(['--help'])]);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(long.stdout);
  });

  it.each([['--version'], ['-V']])('%s prints the package.json version', async (flag) => {
    const run = await cli([flag]);
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: `${pkg.version}\n` });
  });

  it('probe node --help exits 0 and lists its options', async () => {
    const run = await cli(['probe', 'node', '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: linkmon probe node \[options\] \[host\]/);
    for (const o of ['--local', '--show-1g', '-k, --node-ssh-key <file>', '--known-hosts <file>', '--accept-new-host-keys', '--no-host-key-check', '--timeout <seconds>', '--no-raw', '-h, --help']) {
      expect(run.stdout, o).toContain(`  ${o} `);
    }
  });

  it('probe --help lists the node subcommand', async () => {
    const run = await cli(['probe', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Commands:\n {2}node /m);
  });
});
