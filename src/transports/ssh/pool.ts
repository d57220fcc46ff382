/**
 * Persistent SSH connections (ssh2), one per device, reused across sweeps. Handshakes are bounded
 * by their own concurrency limit (sshd's MaxStartups drops bursts), every exec has a deadline and
 * an AbortSignal, and a connection that times out or fails is dropped and re-made on next use.
 * Host keys are checked against known_hosts. Credentials never reach logs, errors or argv.
 */
import { Client, type ClientChannel } from 'ssh2';
import { onAbort } from '../../core/abort.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import { abortError, SshConnector, where, type ConnectorOptions, type SshEndpoint } from './connect.js';
import { fingerprint } from './known-hosts.js';

export interface SshPoolOptions extends ConnectorOptions {
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

function endpointKey(e: SshEndpoint): string {
  return `${e.user}@${e.host}:${e.port}`;
}


export class SshPool {
  readonly #opts: SshPoolOptions;
  readonly #connections = new Map<string, Connection>();
  readonly #connector: SshConnector;
  #closed = false;

  constructor(opts: SshPoolOptions) {
    this.#opts = opts;
    this.#connector = new SshConnector(opts);
  }

  /** Handshakes made so far (for benchmarks and progress). */
  get handshakes(): number {
    return this.#connector.handshakes;
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

  #connect(endpoint: SshEndpoint, signal: AbortSignal | undefined, timeoutMs: number): Connection {
    const client = new Client();
    const conn: Connection = { client, closed: false, ready: Promise.resolve() };
    client.on('error', () => {
      conn.closed = true;
    });
    client.on('close', () => {
      conn.closed = true;
    });
    const ready = this.#connector.connect(client, endpoint, { timeoutMs, signal });
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


export { classifyConnectError, type HostKeyPolicy, type SshEndpoint } from './connect.js';
export { fingerprint };
