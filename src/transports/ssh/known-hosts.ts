/**
 * OpenSSH known_hosts support (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"), so that SSH host keys
 * presented to ssh2's `hostVerifier` are checked against the same files `ssh` uses.
 *
 * Supported: `@cert-authority` / `@revoked` markers, comma-separated host patterns with `*` / `?`
 * wildcards and `!` negation, `[host]:port` for non-default ports, hashed hosts
 * (`|1|salt|hmac`, HMAC-SHA1 keyed by the salt), comments and blank lines. Certificate
 * authority lines are parsed but ignored for plain host key checking.
 */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';

export type KnownHostMarker = 'cert-authority' | 'revoked';

export interface HostPattern {
  /** Lower-cased pattern without the leading `!`. */
  pattern: string;
  negated: boolean;
}

export type HostMatcher =
  | { kind: 'patterns'; patterns: HostPattern[] }
  | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostEntry {
  /** File (or other origin) the entry was read from. */
  source: string;
  /** 1-based line number within `source`. */
  line: number;
  marker: KnownHostMarker | null;
  /** The host field exactly as written. */
  hostField: string;
  hosts: HostMatcher;
  keyType: string;
  /** Raw SSH public key blob (base64-decoded key field). */
  key: Buffer;
  comment: string;
}

export interface KnownHostsProblem {
  line: number;
  text: string;
  problem: string;
}

export interface ParsedKnownHosts {
  entries: KnownHostEntry[];
  problems: KnownHostsProblem[];
}

export type HostKeyCheckResult = 'match' | 'mismatch' | 'unknown' | 'revoked';

const HASH_MAGIC = '|1|';
const SHA1_LEN = 20;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads the first length-prefixed string of an SSH wire-format key blob (the key type). */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 256 || 4 + len > blob.length) return undefined;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  return buf.length > 0 ? buf : undefined;
}

function parseHostField(field: string): HostMatcher | string {
  if (field.startsWith('|')) {
    if (!field.startsWith(HASH_MAGIC)) return 'unsupported hashed host format (expected |1|salt|hash)';
    const parts = field.slice(HASH_MAGIC.length).split('|');
    if (parts.length !== 2) return 'malformed hashed host (expected |1|salt|hash)';
    const salt = decodeBase64Strict(parts[0] ?? '');
    const hash = decodeBase64Strict(parts[1] ?? '');
    if (salt === undefined) return 'malformed hashed host: bad base64 salt';
    if (hash === undefined || hash.length !== SHA1_LEN) return 'malformed hashed host: bad base64 HMAC-SHA1';
    return { kind: 'hashed', salt, hash };
  }
  const patterns: HostPattern[] = [];
  for (const raw of field.split(',')) {
    if (raw === '') continue; // OpenSSH tolerates empty sub-patterns; they can never match a host
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (pattern === '') return `empty negated host pattern in "${field}"`;
    patterns.push({ pattern, negated });
  }
  if (patterns.length === 0) return 'empty host field';
  return { kind: 'patterns', patterns };
}

/** Parses known_hosts text. Malformed lines are reported in `problems` and skipped, never thrown. */
export function parseKnownHosts(text: string, source: string): ParsedKnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const original = (lines[i] ?? '').replace(/\r$/, '');
    const line = original.trim();
    if (line === '' || line.startsWith('#')) continue;
    const report = (problem: string): void => {
      problems.push({ line: lineNo, text: original, problem });
    };

    let rest = line;
    const next = (): string | undefined => {
      const m = /^(\S+)\s*/.exec(rest);
      if (m === null) return undefined;
      rest = rest.slice(m[0].length);
      return m[1];
    };

    let marker: KnownHostMarker | null = null;
    let hostField = next();
    if (hostField !== undefined && hostField.startsWith('@')) {
      if (hostField === '@cert-authority') marker = 'cert-authority';
      else if (hostField === '@revoked') marker = 'revoked';
      else {
        report(`unknown marker "${hostField}"`);
        continue;
      }
      hostField = next();
    }
    const keyType = next();
    const keyText = next();
    if (hostField === undefined || keyType === undefined || keyText === undefined) {
      report('expected: [marker] hosts keytype base64-key [comment]');
      continue;
    }
    const hosts = parseHostField(hostField);
    if (typeof hosts === 'string') {
      report(hosts);
      continue;
    }
    const key = decodeBase64Strict(keyText);
    if (key === undefined) {
      report('key is not valid base64');
      continue;
    }
    const blobType = keyTypeOfBlob(key);
    if (blobType === undefined) {
      report('key blob is not an SSH public key');
      continue;
    }
    if (blobType !== keyType) {
      report(`key type "${keyType}" does not match the key blob's type "${blobType}"`);
      continue;
    }
    entries.push({ source, line: lineNo, marker, hostField, hosts, keyType, key, comment: rest.trim() });
  }
  return { entries, problems };
}

/** OpenSSH match_pattern: `*` matches any run (also empty), `?` exactly one character. */
function wildcardMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starT = t;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The name OpenSSH looks up: `host` for port 22, `[host]:port` otherwise; lower-cased. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

function hostMatches(matcher: HostMatcher, name: string): boolean {
  if (matcher.kind === 'hashed') {
    const mac = createHmac('sha1', matcher.salt).update(name).digest();
    return mac.length === matcher.hash.length && timingSafeEqual(mac, matcher.hash);
  }
  // OpenSSH match_pattern_list: any matching negated pattern vetoes the line.
  let positive = false;
  for (const { pattern, negated } of matcher.patterns) {
    if (!wildcardMatch(name, pattern)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

export class KnownHosts {
  readonly path: string;
  private readonly list: KnownHostEntry[];
  /** Malformed lines found when the file was loaded (they are skipped). */
  readonly problems: readonly KnownHostsProblem[];
  private lineCount: number;
  private writeChain: Promise<void> = Promise.resolve();

  /** Entries whose host field is plain names (no wildcard, negation or hash), by name. */
  private readonly byName = new Map<string, KnownHostEntry[]>();
  /** Hashed and pattern entries: checked one by one. */
  private readonly scanned: KnownHostEntry[] = [];

  constructor(path: string, parsed: ParsedKnownHosts = { entries: [], problems: [] }, lineCount = 0) {
    this.path = path;
    this.list = [];
    for (const e of parsed.entries) this.remember(e);
    this.problems = parsed.problems;
    this.lineCount = lineCount;
  }

  /** Indexes an entry so that checking a host of a 1000-node file does not scan 1000 lines. */
  private remember(entry: KnownHostEntry): void {
    this.list.push(entry);
    const h = entry.hosts;
    const plain = h.kind === 'patterns' && h.patterns.every((p) => !p.negated && !/[*?]/.test(p.pattern));
    if (!plain) {
      this.scanned.push(entry);
      return;
    }
    for (const { pattern } of h.patterns) {
      const list = this.byName.get(pattern);
      if (list) list.push(entry);
      else this.byName.set(pattern, [entry]);
    }
  }

  /** Loads a known_hosts file. A missing file gives an empty set; an unreadable one throws. */
  static async load(path: string): Promise<KnownHosts> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return new KnownHosts(path);
      const why = err instanceof Error ? err.message : String(err);
      throw new LinkmonError(ErrorCodes.SSH_KEY, `cannot read known_hosts file ${path}: ${why}`, { cause: err });
    }
    const lineCount = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return new KnownHosts(path, parseKnownHosts(text, path), lineCount);
  }

  get entries(): readonly KnownHostEntry[] {
    return this.list;
  }

  /**
   * Checks a host key blob (as ssh2's `hostVerifier` receives it) for `host`:`port`.
   * `revoked` if a matching `@revoked` line lists this key; `match` if a plain entry for the host
   * has exactly this key; `mismatch` if the host has plain entries but none with this key (of any
   * key type); `unknown` otherwise. `@cert-authority` lines are ignored.
   */
  check(host: string, port: number, key: Buffer): HostKeyCheckResult {
    const name = knownHostsName(host, port);
    let known = false;
    let matched = false;
    // The verdict does not depend on the order of the lines, so indexed and scanned entries mix.
    const candidates = [...(this.byName.get(name) ?? []), ...this.scanned];
    for (const entry of candidates) {
      if (entry.marker === 'cert-authority') continue;
      if (!hostMatches(entry.hosts, name)) continue;
      const same = entry.key.equals(key);
      if (entry.marker === 'revoked') {
        if (same) return 'revoked';
        continue;
      }
      known = true;
      if (same) matched = true;
    }
    if (matched) return 'match';
    return known ? 'mismatch' : 'unknown';
  }

  /**
   * Appends `host keytype base64` (or `[host]:port keytype base64`) to the file, creating the
   * directory (0700) and file (0600) if needed. The in-memory entry is added at once, so later
   * checks in this process see it even before the write completes. Appends are serialized.
   */
  add(host: string, port: number, key: Buffer): Promise<void> {
    if (!/^[^\s,*?!|@#[\]]+$/.test(host)) {
      return Promise.reject(new LinkmonError(ErrorCodes.SSH_KEY, `cannot add host "${host}" to ${this.path}: not a plain host name`));
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return Promise.reject(new LinkmonError(ErrorCodes.SSH_KEY, `cannot add ${host} to ${this.path}: invalid port ${port}`));
    }
    const keyType = keyTypeOfBlob(key);
    if (keyType === undefined) {
      return Promise.reject(new LinkmonError(ErrorCodes.SSH_KEY, `cannot add ${host} to ${this.path}: not an SSH public key blob`));
    }
    const name = knownHostsName(host, port);
    const line = `${name} ${keyType} ${key.toString('base64')}`;
    this.lineCount += 1;
    this.remember({
      source: this.path,
      line: this.lineCount,
      marker: null,
      hostField: name,
      hosts: { kind: 'patterns', patterns: [{ pattern: name, negated: false }] },
      keyType,
      key: Buffer.from(key),
      comment: '',
    });
    const run = this.writeChain.then(() => this.appendLine(line));
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  private async appendLine(line: string): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const fh = await open(this.path, 'a+', 0o600);
      try {
        const { size } = await fh.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await fh.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        await fh.appendFile(`${prefix}${line}\n`);
      } finally {
        await fh.close();
      }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new LinkmonError(ErrorCodes.SSH_KEY, `cannot write known_hosts file ${this.path}: ${why}`, { cause: err });
    }
  }
}

export type HostVerifierResult = HostKeyCheckResult | 'added' | 'unchecked';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

export interface HostVerifierOptions {
  knownHosts: KnownHosts;
  host: string;
  port: number;
  policy: HostKeyPolicy;
  onResult?: (r: { result: HostVerifierResult; fingerprint: string }) => void;
}

/**
 * Builds a synchronous ssh2 `hostVerifier`. strict: accept only a match. accept-new: accept a
 * match, and record + accept an unknown host (the write is fire-and-forget; write errors are
 * ignored). mismatch and revoked are always refused unless the policy is off (accept all).
 */
export function createHostVerifier(opts: HostVerifierOptions): (key: Buffer) => boolean {
  const { knownHosts, host, port, policy, onResult } = opts;
  return (key: Buffer): boolean => {
    const fp = fingerprint(key);
    const report = (result: HostVerifierResult): void => onResult?.({ result, fingerprint: fp });
    if (policy === 'off') {
      report('unchecked');
      return true;
    }
    const result = knownHosts.check(host, port, key);
    if (result === 'unknown' && policy === 'accept-new') {
      knownHosts.add(host, port, key).catch(() => undefined);
      report('added');
      return true;
    }
    report(result);
    return result === 'match';
  };
}
