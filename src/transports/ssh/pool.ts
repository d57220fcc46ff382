/**
 * Persistent SSH connections (ssh2), one per device, reused across sweeps. Handshakes are bounded
 * by their own concurrency limit (sshd's MaxStartups drops bursts), every exec has a deadline and
 * an AbortSignal, and a connection that times out or fails is dropped and re-made on next use.
 * Host keys are checked against known_hosts. Credentials never reach logs, errors or argv.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { onAbort } from '../../core/abort.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { Secret } from '../../core/secret.js';
import { createHostVerifier, fingerprint, type KnownHosts } from './known-hosts.js';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

export interface SshEndpoint {
  /** Used in error messages; the device id. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: Secret;
  readonly keyFile?: string;
}

export interface SshPoolOptions {
  readonly knownHosts: KnownHosts;
  readonly hostKeyPolicy: HostKeyPolicy;
  /** Handshake deadline. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** Simultaneous handshakes. Default 32. */
  readonly connectConcurrency?: number;
  /** ssh-agent socket; default $SSH_AUTH_SOCK when set. */
  readonly agent?: string;
  /** Largest answer accepted from one command, in bytes. Default 32 MiB. */
  readonly maxOutputBytes?: number;
}

export interface ExecOptions {
  readonly stdin?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly exitSignal?: string;
}

interface Connection {
  readonly client: Client;
  readonly ready: Promise<void>;
  closed: boolean;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function endpointKey(e: SshEndpoint): string {
  return `${e.user}@${e.host}:${e.port}`;
}

function where(e: SshEndpoint): string {
  return e.port === 22 ? e.host : `${e.host}:${e.port}`;
}

export class SshPool {
  readonly #opts: SshPoolOptions;
  readonly #connections = new Map<string, Connection>();
  readonly #connectLimit: ReturnType<typeof pLimit>;
  readonly #keyCache = new Map<string, Promise<Buffer>>();
  #closed = false;
  /** Handshakes made so far (for benchmarks and progress). */
  handshakes = 0;

  constructor(opts: SshPoolOptions) {
    this.#opts = opts;
    this.#connectLimit = pLimit(opts.connectConcurrency ?? 32);
  }

  get size(): number {
    return this.#connections.size;
  }

  async exec(endpoint: SshEndpoint, command: string, opts: ExecOptions): Promise<ExecResult> {
    if (this.#closed) throw new LinkmonError(ErrorCodes.SSH_CLOSED, 'the SSH pool is closed', { target: endpoint.id });
    const deadline = Date.now() + opts.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const { conn, fresh } = await this.#connection(endpoint, opts.signal, opts.timeoutMs);
      const remaining = Math.max(1, deadline - Date.now());
      try {
        return await this.#run(conn, endpoint, command, { ...opts, timeoutMs: remaining });
      } catch (err) {
        // A timed-out or broken session may be wedged: drop the connection, the next use reconnects.
        this.#drop(endpoint, conn);
        // A reused connection that died while idle (sshd restarted, NAT expiry) gets one fresh try.
        const stale = !fresh && err instanceof LinkmonError && err.code === ErrorCodes.SSH_CLOSED;
        if (!stale || attempt > 0 || Date.now() >= deadline) throw err;
      }
    }
  }

  /** Closes one device's connection (for example after its credentials changed). */
  disconnect(endpoint: SshEndpoint): void {
    const conn = this.#connections.get(endpointKey(endpoint));
    if (conn) this.#drop(endpoint, conn);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const conn of this.#connections.values()) {
      conn.closed = true;
      conn.client.end();
    }
    this.#connections.clear();
  }

  #drop(endpoint: SshEndpoint, conn: Connection): void {
    conn.closed = true;
    conn.client.destroy();
    if (this.#connections.get(endpointKey(endpoint)) === conn) this.#connections.delete(endpointKey(endpoint));
  }

  async #connection(
    endpoint: SshEndpoint,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<{ conn: Connection; fresh: boolean }> {
    const key = endpointKey(endpoint);
    const existing = this.#connections.get(key);
    if (existing && !existing.closed) {
      await existing.ready;
      return { conn: existing, fresh: false };
    }
    const conn = this.#connect(endpoint, signal, timeoutMs);
    this.#connections.set(key, conn);
    try {
      await conn.ready;
    } catch (err) {
      if (this.#connections.get(key) === conn) this.#connections.delete(key);
      throw err;
    }
    return { conn, fresh: true };
  }

  async #privateKey(file: string): Promise<Buffer> {
    let p = this.#keyCache.get(file);
    if (!p) {
      p = readFile(file);
      this.#keyCache.set(file, p);
      p.catch(() => this.#keyCache.delete(file));
    }
    return p;
  }

  async #authConfig(endpoint: SshEndpoint): Promise<Partial<ConnectConfig>> {
    const cfg: Partial<ConnectConfig> = {};
    const agent = this.#opts.agent ?? process.env.SSH_AUTH_SOCK;
    if (agent) cfg.agent = agent;
    let keyFile = endpoint.keyFile;
    if (keyFile === undefined && endpoint.password === undefined && !agent) {
      for (const name of DEFAULT_KEYS) {
        const candidate = path.join(os.homedir(), '.ssh', name);
        try {
          await this.#privateKey(candidate);
          keyFile = candidate;
          break;
        } catch {
          // try the next default identity
        }
      }
    }
    if (keyFile !== undefined) {
      try {
        cfg.privateKey = await this.#privateKey(keyFile);
      } catch (err) {
        throw new LinkmonError(ErrorCodes.SSH_KEY, `cannot read SSH key ${keyFile}: ${(err as Error).message}`, {
          target: endpoint.id,
          cause: err,
        });
      }
    }
    if (endpoint.password !== undefined) cfg.password = endpoint.password.reveal();
    return cfg;
  }

  #connect(endpoint: SshEndpoint, signal: AbortSignal | undefined, timeoutMs: number): Connection {
    const client = new Client();
    const conn: Connection = { client, closed: false, ready: Promise.resolve() };
    const ready = this.#connectLimit(async () => {
      if (signal?.aborted) throw abortError(endpoint);
      const auth = await this.#authConfig(endpoint);
      let verdict: { result: string; fingerprint: string } | undefined;
      const hostVerifier = createHostVerifier({
        knownHosts: this.#opts.knownHosts,
        host: endpoint.host,
        port: endpoint.port,
        policy: this.#opts.hostKeyPolicy,
        onResult: (r) => {
          verdict = r;
        },
      });
      this.handshakes++;
      await new Promise<void>((resolve, reject) => {
        const cancel = onAbort(signal, () => {
          client.destroy();
          reject(abortError(endpoint));
        });
        const settle = (err?: LinkmonError): void => {
          cancel();
          if (err) reject(err);
          else resolve();
        };
        client.once('ready', () => settle());
        client.once('error', (err: Error & { level?: string; code?: string }) =>
          settle(classifyConnectError(endpoint, err, verdict)),
        );
        client.once('close', () => {
          conn.closed = true;
          settle(new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(endpoint)} closed during the handshake`, { target: endpoint.id }));
        });
        client.connect({
          host: endpoint.host,
          port: endpoint.port,
          username: endpoint.user,
          readyTimeout: Math.min(this.#opts.connectTimeoutMs ?? 15_000, timeoutMs),
          keepaliveInterval: 15_000,
          keepaliveCountMax: 3,
          hostVerifier,
          ...auth,
        });
      });
      client.on('error', () => {
        conn.closed = true;
      });
      client.on('close', () => {
        conn.closed = true;
      });
    });
    // Avoid an unhandled rejection if nobody awaits (the caller always does, but be safe).
    ready.catch(() => undefined);
    return Object.assign(conn, { ready });
  }

  #run(conn: Connection, endpoint: SshEndpoint, command: string, opts: ExecOptions): Promise<ExecResult> {
    const maxBytes = this.#opts.maxOutputBytes ?? 32 * 1024 * 1024;
    return new Promise<ExecResult>((resolve, reject) => {
      let channel: ClientChannel | undefined;
      let done = false;
      const finish = (err: LinkmonError | undefined, result?: ExecResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        cancel();
        if (err) {
          channel?.close();
          reject(err);
        } else resolve(result as ExecResult);
      };
      const timer = setTimeout(() => {
        finish(
          new LinkmonError(ErrorCodes.SSH_TIMEOUT, `no complete answer from ${where(endpoint)} within ${Math.round(opts.timeoutMs / 1000)} s (session hung?)`, {
            target: endpoint.id,
          }),
        );
      }, opts.timeoutMs);
      const cancel = onAbort(opts.signal, () => finish(abortError(endpoint)));

      const onChannel = (err: Error | undefined, ch: ClientChannel): void => {
        if (err) {
          finish(new LinkmonError(ErrorCodes.SSH_CLOSED, `cannot open a session on ${where(endpoint)}: ${err.message}`, { target: endpoint.id, cause: err }));
          return;
        }
        channel = ch;
        if (done) {
          ch.close();
          return;
        }
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let bytes = 0;
        let exitCode: number | null = null;
        let exitSignal: string | undefined;
        const add = (list: Buffer[]) => (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBytes) {
            finish(new LinkmonError(ErrorCodes.NODE_BAD_OUTPUT, `${where(endpoint)} sent more than ${maxBytes} bytes for one command`, { target: endpoint.id }));
            return;
          }
          list.push(chunk);
        };
        ch.on('data', add(out));
        ch.stderr.on('data', add(errOut));
        ch.on('exit', (code: number | null, sig?: string) => {
          exitCode = code;
          exitSignal = sig ?? undefined;
        });
        ch.on('close', () => {
          finish(undefined, {
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(errOut).toString('utf8'),
            exitCode,
            ...(exitSignal ? { exitSignal } : {}),
          });
        });
        if (opts.stdin !== undefined) ch.end(opts.stdin);
        else ch.end();
      };
      try {
        conn.client.exec(command, onChannel);
      } catch (err) {
        // ssh2 throws synchronously when the connection is already gone.
        finish(new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(endpoint)} is closed: ${(err as Error).message}`, { target: endpoint.id, cause: err }));
      }
    });
  }
}

function abortError(endpoint: SshEndpoint): LinkmonError {
  return new LinkmonError(ErrorCodes.SSH_TIMEOUT, `collection from ${where(endpoint)} was cancelled`, { target: endpoint.id });
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
};

export function classifyConnectError(
  endpoint: SshEndpoint,
  err: Error & { level?: string; code?: string },
  verdict?: { result: string; fingerprint: string },
): LinkmonError {
  const at = where(endpoint);
  if (verdict && (verdict.result === 'unknown' || verdict.result === 'mismatch' || verdict.result === 'revoked')) {
    if (verdict.result === 'unknown') {
      return new LinkmonError(
        ErrorCodes.SSH_HOSTKEY_UNKNOWN,
        `host key of ${at} (${verdict.fingerprint}) is not in known_hosts; add it (ssh-keyscan) or run once with --accept-new-host-keys`,
        { target: endpoint.id, cause: err },
      );
    }
    return new LinkmonError(
      ErrorCodes.SSH_HOSTKEY_MISMATCH,
      `host key of ${at} (${verdict.fingerprint}) ${verdict.result === 'revoked' ? 'is revoked' : 'does not match known_hosts'}: possible impersonation, refusing to connect`,
      { target: endpoint.id, cause: err },
    );
  }
  if (err.level === 'client-authentication') {
    const how = endpoint.password ? 'password' : endpoint.keyFile ? `key ${endpoint.keyFile}` : 'agent/default keys';
    return new LinkmonError(ErrorCodes.SSH_AUTH, `authentication failed for ${endpoint.user}@${at} (tried ${how})`, {
      target: endpoint.id,
      cause: err,
    });
  }
  if (err.level === 'client-timeout') {
    return new LinkmonError(ErrorCodes.SSH_TIMEOUT, `SSH handshake with ${at} timed out`, { target: endpoint.id, cause: err });
  }
  const net = err.code ? NETWORK_CODES[err.code] : undefined;
  if (net) return new LinkmonError(ErrorCodes.SSH_CONNECT, `${net} (${at})`, { target: endpoint.id, cause: err });
  return new LinkmonError(ErrorCodes.SSH_CONNECT, `SSH connection to ${at} failed: ${err.message}`, { target: endpoint.id, cause: err });
}

export { fingerprint };
