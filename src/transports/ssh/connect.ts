/**
 * The SSH handshake shared by every transport: bounded concurrency (sshd drops bursts above its
 * MaxStartups), credentials (agent, key file, default identities, password), host key checking
 * against known_hosts, deadline and AbortSignal, and errors that name the device and the cause.
 * Credentials never reach logs, errors or argv.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Client, ConnectConfig } from 'ssh2';
import { onAbort } from '../../core/abort.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { Secret } from '../../core/secret.js';
import { createHostVerifier, type KnownHosts } from './known-hosts.js';

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

export interface ConnectorOptions {
  readonly knownHosts: KnownHosts;
  readonly hostKeyPolicy: HostKeyPolicy;
  /** Handshake deadline. Default 15 s (never more than the caller's own deadline). */
  readonly connectTimeoutMs?: number;
  /** Simultaneous handshakes. Default 32. */
  readonly connectConcurrency?: number;
  /** ssh-agent socket; default $SSH_AUTH_SOCK when set. */
  readonly agent?: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** `host` or `host:port` for messages. */
export function where(e: SshEndpoint): string {
  return e.port === 22 ? e.host : `${e.host}:${e.port}`;
}

export function abortError(endpoint: SshEndpoint): LinkmonError {
  return new LinkmonError(ErrorCodes.SSH_TIMEOUT, `collection from ${where(endpoint)} was cancelled`, { target: endpoint.id });
}

export class SshConnector {
  readonly #opts: ConnectorOptions;
  readonly #limit: ReturnType<typeof pLimit>;
  readonly #keyCache = new Map<string, Promise<Buffer>>();
  /** Handshakes made so far (for benchmarks and progress). */
  handshakes = 0;

  constructor(opts: ConnectorOptions) {
    this.#opts = opts;
    this.#limit = pLimit(opts.connectConcurrency ?? 32);
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

  /** Agent, then the key file (or a default identity when nothing else is given), then the password. */
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

  /**
   * Connects `client` to the endpoint and resolves when it is ready. Rejects with a coded error:
   * refused/unreachable, authentication, host key, handshake timeout, closed, cancelled.
   */
  connect(client: Client, endpoint: SshEndpoint, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    const { signal } = opts;
    const deadline = Date.now() + opts.timeoutMs;
    return this.#limit(async () => {
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
        client.once('error', (err: Error & { level?: string; code?: string }) => settle(classifyConnectError(endpoint, err, verdict)));
        client.once('close', () =>
          settle(new LinkmonError(ErrorCodes.SSH_CLOSED, `connection to ${where(endpoint)} closed during the handshake`, { target: endpoint.id })),
        );
        client.connect({
          host: endpoint.host,
          port: endpoint.port,
          username: endpoint.user,
          readyTimeout: Math.max(1, Math.min(this.#opts.connectTimeoutMs ?? 15_000, deadline - Date.now())),
          keepaliveInterval: 15_000,
          keepaliveCountMax: 3,
          hostVerifier,
          ...auth,
        });
        // Small request/answer traffic: without this, Nagle + delayed ACK add ~40 ms per exchange.
        client.setNoDelay(true);
      });
    });
  }
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

