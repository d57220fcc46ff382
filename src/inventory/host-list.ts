/**
 * Plaintext host lists (`-n/--node-list`, `-s/--switch-list`, `-c/--csx-list`) and the pieces every
 * inventory loader shares: reading a file together with its stat stamp, and credential defaults.
 *
 * List format (as the original linkmon documents it): one host per line, blank lines allowed, `#` in
 * column 0 starts a comment. Each entry is `[user@]host[:port]`; host is a name, an IPv4 address or an
 * IPv6 address (bracketed when a port follows: `[fe80::1]:2222`). Surrounding whitespace is ignored.
 */
import { open } from 'node:fs/promises';
import { isIP } from 'node:net';
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import type { Credentials, Target, TargetKind } from '../core/target.js';

/** Environment variables, passed in explicitly (loaders never read process.env). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface CredentialOptions {
  /** `-k/--node-ssh-key`: private key file for node logins. */
  readonly nodeSshKey?: string;
}

/** What identifies one version of a file: if either changes, the file is read again. */
export interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/** One valid list entry. */
export interface HostEntry {
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
  /** 1-based line number in the list file. */
  readonly line: number;
}

export interface ParsedHostList {
  readonly entries: readonly HostEntry[];
  /** One INVENTORY_PARSE error per malformed line, in line order. */
  readonly errors: readonly LinkmonError[];
}

export interface HostListResult {
  readonly targets: readonly Target[];
  readonly errors: readonly LinkmonError[];
  /** Stamp of the version that was read; undefined when the file could not be read. */
  readonly stamp?: FileStamp;
}

// ---------------------------------------------------------------------------------------------
// Reading files

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent of the path is not a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** INVENTORY_READ error for `file`, worded from a Node fs error. */
export function readError(file: string, err: unknown): LinkmonError {
  return new LinkmonError(ErrorCodes.INVENTORY_READ, `${file}: cannot read: ${describeFsError(err)}`, { cause: err });
}

/**
 * Reads a whole file and the stamp of exactly the version read (stat and read use one descriptor,
 * so a file replaced in between cannot pair old content with a new stamp).
 * Throws LinkmonError(INVENTORY_READ).
 */
export async function readInventoryFile(file: string): Promise<{ data: Buffer; stamp: FileStamp }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw readError(file, err);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const data = await handle.readFile();
    return { data, stamp: { mtimeMs: st.mtimeMs, size: st.size } };
  } catch (err) {
    throw readError(file, err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing entries

const USER_RE = /^[A-Za-z0-9._][A-Za-z0-9._$-]*$/;
const LABEL_RE = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const HOST_CHAR_RE = /[^A-Za-z0-9._-]/;

function checkPort(text: string): number | string {
  if (text === '') return 'empty port after ":"';
  if (!/^[0-9]+$/.test(text)) return `port "${text}" is not a number`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `port "${text}" is not between 1 and 65535`;
  return port;
}

/** Returns a problem description, or undefined when `host` is a valid name or IPv4 address. */
function checkHostName(host: string): string | undefined {
  if (host === '') return 'empty host name';
  if (isIP(host) !== 0) return undefined;
  const bad = HOST_CHAR_RE.exec(host);
  if (bad !== null) return `illegal character "${bad[0]}" in host name "${host}"`;
  if (/^[0-9.]+$/.test(host)) return `"${host}" is not a valid IPv4 address`;
  if (host.length > 253) return `host name "${host.slice(0, 20)}…" is longer than 253 characters`;
  const labels = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  for (const label of labels) {
    if (label === '') return `host name "${host}" has an empty label`;
    if (label.length > 63) return `host name "${host}" has a label longer than 63 characters`;
    if (!LABEL_RE.test(label)) return `host name "${host}" has a label starting or ending with "-"`;
  }
  return undefined;
}

/**
 * Parses one entry (already trimmed, not blank, not a comment) of the form `[user@]host[:port]`.
 * Returns the entry or a problem description.
 */
export function parseHostEntry(text: string): { user?: string; host: string; port?: number } | string {
  if (text.startsWith('#')) return '"#" starts a comment only in column 0';
  if (text.includes('#')) return 'inline comments are not allowed ("#" starts a comment only in column 0)';
  if (/\s/.test(text)) return `entry "${text}" contains whitespace (one host per line)`;

  let rest = text;
  let user: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (user === '') return 'empty user name before "@"';
    if (rest.includes('@')) return `more than one "@" in "${text}"`;
    if (!USER_RE.test(user)) return `illegal user name "${user}"`;
  }

  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return `missing "]" after IPv6 address in "${text}"`;
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return `unexpected "${after}" after "]"`;
      portText = after.slice(1);
    }
    if (isIP(host) !== 6) return `"${host}" is not a valid IPv6 address`;
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) {
      // A bare IPv6 address without a port is unambiguous; with a port it must be bracketed.
      if (isIP(rest) === 6) return { ...(user === undefined ? {} : { user }), host: rest };
      return `"${rest}" is not a valid IPv6 address (write [address]:port to give a port)`;
    }
    if (colons === 1) {
      const colon = rest.indexOf(':');
      host = rest.slice(0, colon);
      portText = rest.slice(colon + 1);
    } else {
      host = rest;
    }
    const problem = checkHostName(host);
    if (problem !== undefined) return problem;
  }

  let port: number | undefined;
  if (portText !== undefined) {
    const checked = checkPort(portText);
    if (typeof checked === 'string') return checked;
    port = checked;
  }
  return {
    ...(user === undefined ? {} : { user }),
    host,
    ...(port === undefined ? {} : { port }),
  };
}

/**
 * Parses a whole list. Every malformed line becomes one INVENTORY_PARSE error
 * `<file>:<line>: <problem>`; valid lines are still returned.
 */
export function parseHostList(text: string, file: string): ParsedHostList {
  const entries: HostEntry[] = [];
  const errors: LinkmonError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.startsWith('#')) return;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const parsed = parseHostEntry(trimmed);
    if (typeof parsed === 'string') {
      errors.push(new LinkmonError(ErrorCodes.INVENTORY_PARSE, `${file}:${line}: ${parsed}`));
    } else {
      entries.push({ ...parsed, line });
    }
  });
  return { entries, errors };
}

// ---------------------------------------------------------------------------------------------
// Credentials

function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Explicitly given values (list `user@`, network JSON username/password) beat the environment. */
export interface GivenCredentials {
  readonly user?: string;
  readonly password?: string;
}

/**
 * Credentials for a target of `kind`:
 * - node: user `user@` › NODE_USER › "root"; password NODE_PASSWORD (no default); keyFile = nodeSshKey
 * - switch: user given › SWITCH_USER; password given › SWITCH_PASSWORD (no defaults)
 * - system: user given › CSX_USER › "admin"; password CSX_PASSWORD › "admin"
 * Empty environment variables count as unset. Passwords are always wrapped in Secret.
 */
export function credentialsFor(
  kind: TargetKind,
  env: Env,
  opts: CredentialOptions = {},
  given: GivenCredentials = {},
): Credentials {
  let user: string | undefined;
  let password: string | undefined;
  let keyFile: string | undefined;
  switch (kind) {
    case 'node':
      user = given.user ?? envValue(env, 'NODE_USER') ?? 'root';
      password = given.password ?? envValue(env, 'NODE_PASSWORD');
      keyFile = opts.nodeSshKey === '' ? undefined : opts.nodeSshKey;
      break;
    case 'switch':
      user = given.user ?? envValue(env, 'SWITCH_USER');
      password = given.password ?? envValue(env, 'SWITCH_PASSWORD');
      break;
    case 'system':
      user = given.user ?? envValue(env, 'CSX_USER') ?? 'admin';
      password = given.password ?? envValue(env, 'CSX_PASSWORD') ?? 'admin';
      break;
  }
  return Object.freeze({
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password: new Secret(password) }),
    ...(keyFile === undefined ? {} : { keyFile }),
  });
}

/** Targets whose user came from an explicit `user@` in a list (the union lets it override the user). */
const explicitUser = new WeakSet<Target>();

export function hasExplicitUser(target: Target): boolean {
  return explicitUser.has(target);
}

/** Frozen targets of `kind` for parsed list entries; source = `<file>:<line>`. */
export function hostListTargets(
  kind: TargetKind,
  file: string,
  entries: readonly HostEntry[],
  env: Env,
  opts: CredentialOptions = {},
): Target[] {
  return entries.map((entry) => {
    const target: Target = Object.freeze({
      id: entry.host,
      kind,
      host: entry.host,
      ...(entry.port === undefined ? {} : { port: entry.port }),
      labels: Object.freeze({}),
      credentials: credentialsFor(kind, env, opts, entry.user === undefined ? {} : { user: entry.user }),
      source: `${file}:${entry.line}`,
    });
    if (entry.user !== undefined) explicitUser.add(target);
    return target;
  });
}

/** Reads and parses one list file. Never throws: read and parse problems come back in `errors`. */
export async function loadHostList(
  file: string,
  kind: TargetKind,
  env: Env,
  opts: CredentialOptions = {},
): Promise<HostListResult> {
  let read;
  try {
    read = await readInventoryFile(file);
  } catch (err) {
    return { targets: [], errors: [err instanceof LinkmonError ? err : readError(file, err)] };
  }
  const parsed = parseHostList(read.data.toString('utf8'), file);
  return { targets: hostListTargets(kind, file, parsed.entries, env, opts), errors: parsed.errors, stamp: read.stamp };
}
