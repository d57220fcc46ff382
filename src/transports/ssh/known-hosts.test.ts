import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import { createHostVerifier, fingerprint, KnownHosts, parseKnownHosts } from './known-hosts.js';
import type { HostVerifierResult } from './known-hosts.js';

const run = promisify(execFile);
const SSH_KEYGEN = 'ssh-keygen';

interface TestKey {
  pubPath: string;
  /** `keytype base64` from the .pub file. */
  text: string;
  blob: Buffer;
}

let dir: string;
let ed1: TestKey;
let ed2: TestKey;
let rsa: TestKey;

async function genKey(name: string, type: 'ed25519' | 'rsa'): Promise<TestKey> {
  const path = join(dir, name);
  const args = ['-q', '-t', type, '-N', '', '-C', `${name}@test`, '-f', path];
  if (type === 'rsa') args.splice(3, 0, '-b', '2048');
  await run(SSH_KEYGEN, args);
  const pub = (await readFile(`${path}.pub`, 'utf8')).trim().split(/\s+/);
  const [keyType, b64] = pub;
  if (keyType === undefined || b64 === undefined) throw new Error(`bad pub file for ${name}`);
  return { pubPath: `${path}.pub`, text: `${keyType} ${b64}`, blob: Buffer.from(b64, 'base64') };
}

let fileCounter = 0;
async function writeKnownHosts(lines: string[]): Promise<string> {
  const path = join(dir, `known_hosts_${++fileCounter}`);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

/** ssh-keygen -F as an oracle: exit 0 = found, 1 = not found. */
async function keygenFinds(name: string, file: string): Promise<boolean> {
  try {
    await run(SSH_KEYGEN, ['-F', name, '-f', file]);
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === 1) return false;
    throw err;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linkmon-known-hosts-'));
  [ed1, ed2, rsa] = await Promise.all([genKey('ed1', 'ed25519'), genKey('ed2', 'ed25519'), genKey('rsa', 'rsa')]);
}, 60_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('parseKnownHosts', () => {
  it('parses markers, patterns, comments and skips blank and # lines', () => {
    const text = [
      '# a comment',
      '',
      `host1,host2 ${ed1.text} some comment here`,
      `@revoked *.bad ${ed2.text}`,
      `@cert-authority *.example.com ${rsa.text}`,
      `   [10.0.0.1]:2222\t${ed1.text}`,
    ].join('\n');
    const { entries, problems } = parseKnownHosts(text, 'mem');
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({ line: 3, source: 'mem', marker: null, keyType: 'ssh-ed25519', comment: 'some comment here' });
    expect(entries[0]?.key.equals(ed1.blob)).toBe(true);
    expect(entries[0]?.hosts).toEqual({
      kind: 'patterns',
      patterns: [
        { pattern: 'host1', negated: false },
        { pattern: 'host2', negated: false },
      ],
    });
    expect(entries[1]).toMatchObject({ line: 4, marker: 'revoked' });
    expect(entries[2]).toMatchObject({ line: 5, marker: 'cert-authority', keyType: 'ssh-rsa' });
    expect(entries[3]).toMatchObject({ line: 6, hostField: '[10.0.0.1]:2222', comment: '' });
  });

  it('reports malformed lines with line numbers and skips them', () => {
    const b64 = ed1.text.split(' ')[1] ?? '';
    const text = [
      `good ${ed1.text}`, // 1
      'onlyhost', // 2
      `host ssh-ed25519`, // 3
      `@bogus host ${ed1.text}`, // 4
      `host ssh-ed25519 not*base64!`, // 5
      `host ssh-rsa ${b64}`, // 6: type does not match blob
      `|1|abc ${ed1.text}`, // 7: bad hashed host
      `|2|c2FsdA==|aGFzaA== ${ed1.text}`, // 8: unsupported hash type
      '# fine', // 9
      `host ssh-ed25519 ${Buffer.from('garbage').toString('base64')}`, // 10: not a key blob
      `!neg ${ed1.text}`, // 11: valid (never matches)
    ].join('\n');
    const { entries, problems } = parseKnownHosts(text, 'mem');
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
    expect(problems[0]).toMatchObject({ line: 2, text: 'onlyhost' });
    for (const p of problems) expect(p.problem).not.toBe('');
    expect(entries.map((e) => e.line)).toEqual([1, 11]);
  });
});

describe('KnownHosts.check', () => {
  it('matches hashed entries produced by ssh-keygen -H as well as plain ones', async () => {
    const plainLines = [`host1.example.com ${ed1.text}`, `[127.0.0.1]:2222 ${rsa.text}`, `10.1.2.3 ${ed2.text}`];
    const plainPath = await writeKnownHosts(plainLines);
    const hashedPath = await writeKnownHosts(plainLines);
    await run(SSH_KEYGEN, ['-H', '-f', hashedPath]);
    const hashedText = await readFile(hashedPath, 'utf8');
    const hashedLines = hashedText.split('\n').filter((l) => l.trim() !== '');
    expect(hashedLines).toHaveLength(3);
    for (const l of hashedLines) expect(l.startsWith('|1|')).toBe(true);

    for (const path of [plainPath, hashedPath]) {
      const kh = await KnownHosts.load(path);
      expect(kh.problems).toEqual([]);
      expect(kh.check('host1.example.com', 22, ed1.blob)).toBe('match');
      expect(kh.check('HOST1.example.com', 22, ed1.blob)).toBe('match');
      expect(kh.check('127.0.0.1', 2222, rsa.blob)).toBe('match');
      expect(kh.check('10.1.2.3', 22, ed2.blob)).toBe('match');
      expect(kh.check('host1.example.com', 22, ed2.blob)).toBe('mismatch');
      expect(kh.check('127.0.0.1', 22, rsa.blob)).toBe('unknown');
      expect(kh.check('host1.example.com', 2200, ed1.blob)).toBe('unknown');
      expect(kh.check('other', 22, ed1.blob)).toBe('unknown');
    }
  });

  it('agrees with ssh-keygen -F on found/not found for plain, hashed and wildcard entries', async () => {
    const lines = [
      `*.example.com,!bad.example.com ${ed1.text}`,
      `[127.0.0.1]:2222 ${ed1.text}`,
      `web?.lab ${ed1.text}`,
      `[*.x]:2222 ${ed1.text}`,
      `plain.host ${ed1.text}`,
    ];
    const path = await writeKnownHosts(lines);
    const hashedPath = await writeKnownHosts([`[127.0.0.1]:2222 ${ed1.text}`, `plain.host ${ed1.text}`]);
    await run(SSH_KEYGEN, ['-H', '-f', hashedPath]);
    const cases: [string, number][] = [
      ['a.example.com', 22],
      ['bad.example.com', 22],
      ['127.0.0.1', 2222],
      ['127.0.0.1', 22],
      ['127.0.0.1', 2223],
      ['web1.lab', 22],
      ['web12.lab', 22],
      ['q.x', 2222],
      ['q.x', 22],
      ['plain.host', 22],
      ['plain.host', 2222],
    ];
    for (const file of [path, hashedPath]) {
      const kh = await KnownHosts.load(file);
      for (const [host, port] of cases) {
        const name = port === 22 ? host : `[${host}]:${port}`;
        const oracle = await keygenFinds(name, file);
        expect({ name, file, found: kh.check(host, port, ed1.blob) !== 'unknown' }).toEqual({ name, file, found: oracle });
      }
    }
  });

  it('handles * and ? wildcards and ! negation', () => {
    const { entries } = parseKnownHosts(
      [`*.example.com,!bad.example.com ${ed1.text}`, `node-??.lab,!node-13.lab ${ed2.text}`, `*.neg,!x* ${rsa.text}`].join('\n'),
      'mem',
    );
    const kh = new KnownHosts('/nonexistent', { entries, problems: [] });
    expect(kh.check('a.example.com', 22, ed1.blob)).toBe('match');
    expect(kh.check('a.b.example.com', 22, ed1.blob)).toBe('match');
    expect(kh.check('example.com', 22, ed1.blob)).toBe('unknown');
    expect(kh.check('bad.example.com', 22, ed1.blob)).toBe('unknown');
    expect(kh.check('node-01.lab', 22, ed2.blob)).toBe('match');
    expect(kh.check('node-1.lab', 22, ed2.blob)).toBe('unknown');
    expect(kh.check('node-100.lab', 22, ed2.blob)).toBe('unknown');
    expect(kh.check('node-13.lab', 22, ed2.blob)).toBe('unknown');
    expect(kh.check('a.neg', 22, rsa.blob)).toBe('match');
    expect(kh.check('xa.neg', 22, rsa.blob)).toBe('unknown');
    // a wildcard entry can also produce a mismatch
    expect(kh.check('z.example.com', 22, ed2.blob)).toBe('mismatch');
  });

  it('uses the plain form only for port 22 and [host]:port otherwise', () => {
    const { entries } = parseKnownHosts([`h22 ${ed1.text}`, `[h2222]:2222 ${ed1.text}`, `[hx]:22 ${ed1.text}`].join('\n'), 'mem');
    const kh = new KnownHosts('/nonexistent', { entries, problems: [] });
    expect(kh.check('h22', 22, ed1.blob)).toBe('match');
    expect(kh.check('h22', 2222, ed1.blob)).toBe('unknown');
    expect(kh.check('h2222', 2222, ed1.blob)).toBe('match');
    expect(kh.check('h2222', 22, ed1.blob)).toBe('unknown');
    expect(kh.check('h2222', 2223, ed1.blob)).toBe('unknown');
    // OpenSSH looks up port 22 as the plain name, so a [host]:22 entry is never used
    expect(kh.check('hx', 22, ed1.blob)).toBe('unknown');
  });

  it('reports mismatch for a different key of the same or another type', () => {
    const { entries } = parseKnownHosts([`h ${ed1.text}`, `r ${rsa.text}`, `both ${ed1.text}`, `both ${rsa.text}`].join('\n'), 'mem');
    const kh = new KnownHosts('/nonexistent', { entries, problems: [] });
    expect(kh.check('h', 22, ed2.blob)).toBe('mismatch');
    expect(kh.check('h', 22, rsa.blob)).toBe('mismatch');
    expect(kh.check('r', 22, ed1.blob)).toBe('mismatch');
    expect(kh.check('both', 22, rsa.blob)).toBe('match');
    expect(kh.check('both', 22, ed1.blob)).toBe('match');
    expect(kh.check('both', 22, ed2.blob)).toBe('mismatch');
  });

  it('reports revoked keys even when a plain entry lists the same key', () => {
    const { entries } = parseKnownHosts(
      [`h,g ${ed1.text}`, `@revoked h ${ed1.text}`, `@revoked other ${ed2.text}`, `g ${ed2.text}`].join('\n'),
      'mem',
    );
    const kh = new KnownHosts('/nonexistent', { entries, problems: [] });
    expect(kh.check('h', 22, ed1.blob)).toBe('revoked');
    expect(kh.check('g', 22, ed1.blob)).toBe('match');
    expect(kh.check('g', 22, ed2.blob)).toBe('match');
    expect(kh.check('other', 22, ed2.blob)).toBe('revoked');
    // a revoked line alone does not make the host "known"
    expect(kh.check('other', 22, ed1.blob)).toBe('unknown');
  });

  it('ignores @cert-authority lines for plain key checks', () => {
    const { entries } = parseKnownHosts(`@cert-authority *.example.com ${ed1.text}`, 'mem');
    const kh = new KnownHosts('/nonexistent', { entries, problems: [] });
    expect(kh.check('a.example.com', 22, ed1.blob)).toBe('unknown');
    expect(kh.check('a.example.com', 22, ed2.blob)).toBe('unknown');
  });
});

describe('KnownHosts.load', () => {
  it('treats a missing file as empty', async () => {
    const kh = await KnownHosts.load(join(dir, 'does-not-exist', 'known_hosts'));
    expect(kh.entries).toEqual([]);
    expect(kh.problems).toEqual([]);
    expect(kh.check('h', 22, ed1.blob)).toBe('unknown');
  });

  it('throws LinkmonError SSH_KEY naming the file when it cannot be read', async () => {
    const err = await KnownHosts.load(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkmonError);
    expect((err as LinkmonError).code).toBe(ErrorCodes.SSH_KEY);
    expect((err as LinkmonError).message).toContain(dir);
    expect((err as LinkmonError).cause).toBeDefined();
  });

  it('exposes problems with line numbers from the file', async () => {
    const path = await writeKnownHosts([`ok ${ed1.text}`, 'broken line', `ok2 ${ed2.text}`]);
    const kh = await KnownHosts.load(path);
    expect(kh.entries).toHaveLength(2);
    expect(kh.problems).toEqual([expect.objectContaining({ line: 2, text: 'broken line' })]);
  });
});

describe('KnownHosts.add', () => {
  it('creates the directory (0700) and file (0600); a second load sees the entries', async () => {
    const path = join(dir, 'newdir', 'sub', 'known_hosts');
    const kh = await KnownHosts.load(path);
    await kh.add('Node1.Example.com', 22, ed1.blob);
    await kh.add('10.0.0.5', 2222, rsa.blob);
    expect(kh.check('node1.example.com', 22, ed1.blob)).toBe('match');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'newdir', 'sub'))).mode & 0o777).toBe(0o700);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(`node1.example.com ${ed1.text}\n[10.0.0.5]:2222 ${rsa.text}\n`);
    const again = await KnownHosts.load(path);
    expect(again.problems).toEqual([]);
    expect(again.check('node1.example.com', 22, ed1.blob)).toBe('match');
    expect(again.check('10.0.0.5', 2222, rsa.blob)).toBe('match');
    expect(again.check('10.0.0.5', 22, rsa.blob)).toBe('unknown');
    // and OpenSSH agrees
    expect(await keygenFinds('[10.0.0.5]:2222', path)).toBe(true);
    expect(await keygenFinds('node1.example.com', path)).toBe(true);
  });

  it('appends after a last line that lacks a newline', async () => {
    const path = join(dir, 'no-trailing-newline');
    await writeFile(path, `a ${ed1.text}`);
    const kh = await KnownHosts.load(path);
    await kh.add('b', 22, ed2.blob);
    const again = await KnownHosts.load(path);
    expect(again.problems).toEqual([]);
    expect(again.entries.map((e) => e.hostField)).toEqual(['a', 'b']);
  });

  it('serializes concurrent adds into well-formed lines', async () => {
    const path = join(dir, 'concurrent', 'known_hosts');
    const kh = await KnownHosts.load(path);
    const keys = [ed1, ed2, rsa];
    const n = 30;
    await Promise.all(
      Array.from({ length: n }, (_, i) => kh.add(`host${i}.lab`, i % 2 === 0 ? 22 : 2000 + i, (keys[i % 3] as TestKey).blob)),
    );
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(n);
    const { entries, problems } = parseKnownHosts(text, path);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(n);
    const again = await KnownHosts.load(path);
    for (let i = 0; i < n; i++) {
      expect(again.check(`host${i}.lab`, i % 2 === 0 ? 22 : 2000 + i, (keys[i % 3] as TestKey).blob)).toBe('match');
    }
  });

  it('rejects host names that would corrupt the file and non-key blobs', async () => {
    const kh = await KnownHosts.load(join(dir, 'rejects', 'known_hosts'));
    await expect(kh.add('a b', 22, ed1.blob)).rejects.toMatchObject({ code: ErrorCodes.SSH_KEY });
    await expect(kh.add('a,b', 22, ed1.blob)).rejects.toMatchObject({ code: ErrorCodes.SSH_KEY });
    await expect(kh.add('*.x', 22, ed1.blob)).rejects.toMatchObject({ code: ErrorCodes.SSH_KEY });
    await expect(kh.add('h', 0, ed1.blob)).rejects.toMatchObject({ code: ErrorCodes.SSH_KEY });
    await expect(kh.add('h', 22, Buffer.from('xx'))).rejects.toMatchObject({ code: ErrorCodes.SSH_KEY });
    expect(kh.entries).toEqual([]);
  });
});

describe('fingerprint', () => {
  it('equals the SHA256 field of ssh-keygen -lf', async () => {
    for (const k of [ed1, ed2, rsa]) {
      const { stdout } = await run(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', k.pubPath]);
      const field = stdout.trim().split(/\s+/)[1];
      expect(field).toMatch(/^SHA256:[A-Za-z0-9+/]+$/);
      expect(fingerprint(k.blob)).toBe(field);
    }
  });
});

describe('createHostVerifier', () => {
  function collect(): { results: HostVerifierResult[]; fps: string[]; onResult: (r: { result: HostVerifierResult; fingerprint: string }) => void } {
    const results: HostVerifierResult[] = [];
    const fps: string[] = [];
    return {
      results,
      fps,
      onResult: (r) => {
        results.push(r.result);
        fps.push(r.fingerprint);
      },
    };
  }

  function knownWith(lines: string[]): KnownHosts {
    return new KnownHosts(join(dir, 'verifier', `kh_${++fileCounter}`), parseKnownHosts(lines.join('\n'), 'mem'));
  }

  it('strict accepts only a match', () => {
    const kh = knownWith([`h ${ed1.text}`, `@revoked r ${ed1.text}`]);
    const c = collect();
    const verify = (host: string, key: Buffer): boolean =>
      createHostVerifier({ knownHosts: kh, host, port: 22, policy: 'strict', onResult: c.onResult })(key);
    expect(verify('h', ed1.blob)).toBe(true);
    expect(verify('h', ed2.blob)).toBe(false);
    expect(verify('new', ed1.blob)).toBe(false);
    expect(verify('r', ed1.blob)).toBe(false);
    expect(c.results).toEqual(['match', 'mismatch', 'unknown', 'revoked']);
    expect(c.fps[0]).toBe(fingerprint(ed1.blob));
    expect(kh.entries).toHaveLength(2);
  });

  it('accept-new records unknown hosts but still refuses mismatch and revoked', async () => {
    const kh = knownWith([`h ${ed1.text}`, `@revoked r ${ed1.text}`]);
    const c = collect();
    const verify = (host: string, port: number, key: Buffer): boolean =>
      createHostVerifier({ knownHosts: kh, host, port, policy: 'accept-new', onResult: c.onResult })(key);
    expect(verify('h', 22, ed1.blob)).toBe(true);
    expect(verify('h', 22, ed2.blob)).toBe(false);
    expect(verify('r', 22, ed1.blob)).toBe(false);
    expect(verify('new', 2222, ed2.blob)).toBe(true);
    // immediately known in memory: same key matches, another key is a mismatch
    expect(verify('new', 2222, ed2.blob)).toBe(true);
    expect(verify('new', 2222, rsa.blob)).toBe(false);
    expect(c.results).toEqual(['match', 'mismatch', 'revoked', 'added', 'match', 'mismatch']);
    // the write happens in the background; wait for it through a serialized add
    await kh.add('flush', 22, ed1.blob);
    const again = await KnownHosts.load(kh.path);
    expect(again.check('new', 2222, ed2.blob)).toBe('match');
  });

  it('accept-new ignores write errors but reports added', async () => {
    // the "directory" of the file is a regular file, so the write fails
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'x');
    const kh = new KnownHosts(join(blocker, 'known_hosts'));
    const c = collect();
    const verify = createHostVerifier({ knownHosts: kh, host: 'h', port: 22, policy: 'accept-new', onResult: c.onResult });
    expect(verify(ed1.blob)).toBe(true);
    expect(c.results).toEqual(['added']);
    await expect(kh.add('h2', 22, ed1.blob)).rejects.toMatchObject({ code: ErrorCodes.SSH_KEY });
  });

  it('off accepts everything as unchecked', () => {
    const kh = knownWith([`h ${ed1.text}`, `@revoked r ${ed1.text}`]);
    const c = collect();
    for (const [host, key] of [
      ['h', ed2.blob],
      ['r', ed1.blob],
      ['new', ed1.blob],
    ] as const) {
      expect(createHostVerifier({ knownHosts: kh, host, port: 22, policy: 'off', onResult: c.onResult })(key)).toBe(true);
    }
    expect(c.results).toEqual(['unchecked', 'unchecked', 'unchecked']);
    expect(kh.entries).toHaveLength(2);
  });
});
