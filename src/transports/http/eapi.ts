/**
 * Arista eAPI as a switch transport: the same `runMany` shape as the SSH CLI session pool
 * (SwitchCliTransport), over JSON-RPC 2.0 `runCmds` on HTTPS POST `/command-api`.
 *
 * One `runMany` is one request (`format: 'json'`, every command of the sweep in order). A command
 * given as `… | json` is sent without its pipe; every command is asked for its JSON answer. Outputs
 * are keyed by the command exactly as the caller gave it, and each output is the raw JSON text of
 * that command's result object, cut out of the answer unchanged (64-bit counters keep every digit;
 * the Arista `eapi_*` parsers read it, see src/vendors/arista_eos/eapi-map.ts).
 *
 * EOS stops at the first command it refuses (JSON-RPC error 1002/1003 with `data`: the results of
 * the commands before it, then `{"errors": […]}` for it): the results before are kept, the refused
 * command gets one SWITCH_COMMAND_REFUSED warning and the commands after it are sent again in a new
 * request, within the same deadline.
 *
 * HTTPS with certificate verification on by default (Node's trusted roots, plus the PEM bundle of
 * `caFile` when given); `insecure: true` turns it off for one switch. Basic authentication with the
 * endpoint's user and password; the password is revealed only into the request header and never
 * reaches an error message (text from the switch is scrubbed of it too). One keep-alive agent per
 * switch. Errors reuse the SSH transport codes, so the collector treats them alike: 401/403 is
 * SSH_AUTH, refused/unreachable/TLS/HTTP failures SSH_CONNECT, the deadline or the AbortSignal
 * SSH_TIMEOUT, a connection lost mid-answer SSH_CLOSED.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type tls from 'node:tls';
import { onAbort } from '../../core/abort.js';
import { isObject } from '../../core/json.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';
import type { CliDialect } from '../../vendors/switch-driver.js';
import type { SshEndpoint } from '../ssh/connect.js';
import { CaContexts } from './ca-contexts.js';

/** TLS and port settings of one switch. */
export interface EapiTargetOptions {
  /** HTTPS port. Default: the endpoint's port, except SSH's 22 (the collector's default), which means 443. */
  readonly port?: number;
  /** Do not verify the switch's certificate (self-signed certificates on a trusted network). Default false. */
  readonly insecure?: boolean;
  /** PEM file of the CA(s) that signed the switch's certificate, trusted in addition to Node's roots. */
  readonly caFile?: string;
  /** Name the certificate must carry, when it is not the host linkmon connects to. */
  readonly servername?: string;
}

export interface EapiClientOptions extends EapiTargetOptions {
  /** Per-switch settings over the defaults above (by endpoint; return undefined for the defaults). */
  readonly targetOptions?: (endpoint: SshEndpoint) => EapiTargetOptions | undefined;
  /** Send `enable` before the commands (accounts whose show commands need privileged mode). Default false. */
  readonly enable?: boolean;
  /** Largest answer accepted, in bytes. Default 64 MiB. */
  readonly maxResponseBytes?: number;
  /** Simultaneous connections to one switch. Default 2 (a sweep and a fast poll). */
  readonly maxSocketsPerSwitch?: number;
}

export interface EapiRunOptions {
  /** Deadline of the whole call: every request it makes (one, plus one per refused command). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface EapiRunManyResult {
  /** Command as given → raw JSON text of its result object. */
  readonly outputs: Map<string, string>;
  /** Refused commands (one warning each) and at most one transport failure (which ended the run). */
  readonly errors: LinkmonError[];
}

/** JSON-RPC error codes of EOS meaning "this one command failed" (invalid, unconverted, failed). */
const COMMAND_ERROR_CODES = new Set([1000, 1002, 1003, 1004]);

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
};

/** OpenSSL/Node codes of a certificate that could not be verified. */
const CERT_CODE_RE = /CERT|SELF_SIGNED|ISSUER|LEAF_SIGNATURE|UNABLE_TO_VERIFY|ALTNAME|HOSTNAME_MISMATCH|INVALID_CA|PATH_LENGTH|CHAIN/;

const PIPE_JSON_RE = /\s*\|\s*json\s*$/;

/** The command sent over eAPI for a command as the driver gives it: `show version | json` → `show version`. */
export function eapiCommandOf(command: string): string {
  return command.replace(PIPE_JSON_RE, '').trim();
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

// -------------------------------------------------------------------------------------------------
// Raw JSON spans: the answer is validated by JSON.parse, then each result is cut out of the text
// unchanged (JSON.parse would round counters above 2^53).
// -------------------------------------------------------------------------------------------------

function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

/** Index just after the JSON value starting at `i` (valid JSON assumed). */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) {
    i++;
    while (i < s.length) {
      const d = s.charCodeAt(i);
      if (d === 0x5c) i += 2;
      else if (d === 0x22) return i + 1;
      else i++;
    }
    return i;
  }
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < s.length) {
      const d = s.charCodeAt(i);
      if (d === 0x22) {
        i = valueEnd(s, i);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  while (i < s.length) {
    const d = s.charCodeAt(i);
    if (d === 0x2c || d === 0x5d || d === 0x7d || d === 32 || d === 9 || d === 10 || d === 13) break;
    i++;
  }
  return i;
}

type Span = readonly [number, number];

/** The members of the object starting at `at` (`{`): key → span of its value. */
function memberSpans(s: string, at: number): Map<string, Span> {
  const out = new Map<string, Span>();
  let i = skipWs(s, at + 1);
  while (i < s.length && s.charCodeAt(i) !== 0x7d) {
    const keyEnd = valueEnd(s, i);
    const key = JSON.parse(s.slice(i, keyEnd)) as string;
    i = skipWs(s, keyEnd);
    i = skipWs(s, i + 1); // ':'
    const end = valueEnd(s, i);
    out.set(key, [i, end]);
    i = skipWs(s, end);
    if (s.charCodeAt(i) === 0x2c) i = skipWs(s, i + 1);
  }
  return out;
}

/** The elements of the array starting at `at` (`[`). */
function elementSpans(s: string, at: number): Span[] {
  const out: Span[] = [];
  let i = skipWs(s, at + 1);
  while (i < s.length && s.charCodeAt(i) !== 0x5d) {
    const end = valueEnd(s, i);
    out.push([i, end]);
    i = skipWs(s, end);
    if (s.charCodeAt(i) === 0x2c) i = skipWs(s, i + 1);
  }
  return out;
}


/** What one runCmds request came back with. */
export type RpcAnswer =
  | { readonly kind: 'ok'; readonly results: string[] }
  | {
      readonly kind: 'error';
      readonly code: number | undefined;
      readonly message: string;
      /** Raw results of the commands that ran before the failure, and the failing command's index. */
      readonly done: string[];
      readonly failed: number | undefined;
      readonly failedErrors: string[];
    };

/** Reads a JSON-RPC answer; undefined when it is not one. */
export function readRpcAnswer(body: string): RpcAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const top = memberSpans(body, skipWs(body, 0));
  if (Array.isArray(parsed.result)) {
    const span = top.get('result');
    if (!span) return undefined;
    return { kind: 'ok', results: elementSpans(body, span[0]).map(([a, b]) => body.slice(a, b)) };
  }
  if (!isObject(parsed.error)) return undefined;
  const err = parsed.error;
  const code = typeof err.code === 'number' ? err.code : undefined;
  const message = typeof err.message === 'string' ? err.message : 'unknown error';
  const data = Array.isArray(err.data) ? err.data : [];
  let failed: number | undefined;
  let failedErrors: string[] = [];
  for (let k = 0; k < data.length; k++) {
    const d = data[k];
    if (isObject(d) && Array.isArray(d.errors) && d.errors.length > 0) {
      failed = k;
      failedErrors = d.errors.map(String);
      break;
    }
  }
  if (failed === undefined) {
    // `CLI command 2 of 3 'show foo' failed: …`
    const m = /\bcommand (\d+) of \d+\b/i.exec(message);
    if (m) failed = Number(m[1]) - 1;
  }
  let done: string[] = [];
  const errSpan = top.get('error');
  if (errSpan && failed !== undefined && failed > 0) {
    const dataSpan = memberSpans(body, errSpan[0]).get('data');
    if (dataSpan && body.charCodeAt(dataSpan[0]) === 0x5b) done = elementSpans(body, dataSpan[0]).slice(0, failed).map(([a, b]) => body.slice(a, b));
    if (done.length < failed) failed = undefined; // results missing: not a per-command failure we can split
  }
  return { kind: 'error', code, message, done, failed, failedErrors };
}

// -------------------------------------------------------------------------------------------------
// The client
// -------------------------------------------------------------------------------------------------

interface Resolved {
  readonly port: number;
  readonly insecure: boolean;
  readonly caFile?: string;
  readonly servername?: string;
}

interface AgentEntry {
  readonly key: string;
  readonly agent: https.Agent;
}

class RpcFailure extends Error {
  constructor(readonly error: LinkmonError) {
    super(error.message);
  }
}

export class EapiClient {
  readonly #opts: EapiClientOptions;
  readonly #agents = new Map<string, AgentEntry>();
  readonly #contexts = new CaContexts();
  #closed = false;
  #nextId = 1;
  /** Requests sent so far (for tests and benchmarks). */
  requests = 0;

  constructor(opts: EapiClientOptions = {}) {
    this.#opts = opts;
  }

  #resolve(endpoint: SshEndpoint): Resolved {
    const t = this.#opts.targetOptions?.(endpoint) ?? {};
    const port = t.port ?? this.#opts.port ?? (endpoint.port === 22 ? 443 : endpoint.port);
    const caFile = t.caFile ?? this.#opts.caFile;
    const servername = t.servername ?? this.#opts.servername;
    return {
      port,
      insecure: t.insecure ?? this.#opts.insecure ?? false,
      ...(caFile !== undefined && { caFile }),
      ...(servername !== undefined && { servername }),
    };
  }

  #at(endpoint: SshEndpoint, r: Resolved): string {
    return r.port === 443 ? endpoint.host : `${endpoint.host}:${r.port}`;
  }

  async #ca(endpoint: SshEndpoint, file: string): Promise<tls.SecureContext> {
    try {
      return await this.#contexts.get(file);
    } catch (err) {
      throw new RpcFailure(
        new LinkmonError(ErrorCodes.SSH_CONNECT, `cannot read the eAPI CA file ${file}: ${(err as Error).message}`, { target: endpoint.id, cause: err }),
      );
    }
  }

  async #agent(endpoint: SshEndpoint, r: Resolved): Promise<https.Agent> {
    const slot = `${endpoint.host}:${r.port}`;
    const key = JSON.stringify([r.insecure, r.caFile ?? null, r.servername ?? null]);
    const have = this.#agents.get(slot);
    if (have && have.key === key) return have.agent;
    const secureContext = r.caFile !== undefined ? await this.#ca(endpoint, r.caFile) : undefined;
    const again = this.#agents.get(slot);
    if (again && again.key === key) return again.agent;
    again?.agent.destroy();
    const agent = new https.Agent({
      keepAlive: true,
      keepAliveMsecs: 15_000,
      maxSockets: this.#opts.maxSocketsPerSwitch ?? 2,
      maxFreeSockets: this.#opts.maxSocketsPerSwitch ?? 2,
      rejectUnauthorized: !r.insecure,
      ...(secureContext !== undefined && { secureContext }),
      ...(r.servername !== undefined && { servername: r.servername }),
    });
    this.#agents.set(slot, { key, agent });
    return agent;
  }

  /**
   * Runs the commands in one `runCmds` request (more only when EOS refuses one) and returns each
   * command's raw JSON result by the command as given. `dialect` is not used (the CLI's prompt and
   * paging do not exist over eAPI); it is accepted for the SwitchCliTransport shape.
   */
  async runMany(endpoint: SshEndpoint, _dialect: CliDialect | undefined, commands: readonly string[], opts: EapiRunOptions): Promise<EapiRunManyResult> {
    const outputs = new Map<string, string>();
    const errors: LinkmonError[] = [];
    const r = this.#resolve(endpoint);
    const at = this.#at(endpoint, r);
    if (this.#closed) {
      errors.push(new LinkmonError(ErrorCodes.SSH_CLOSED, 'the eAPI client is closed', { target: endpoint.id }));
      return { outputs, errors };
    }
    const deadline = Date.now() + opts.timeoutMs;
    let pending = [...new Set(commands)];
    const enable = this.#opts.enable === true;
    while (pending.length > 0) {
      const sent = pending.map(eapiCommandOf);
      let answer: RpcAnswer;
      try {
        answer = await this.#request(endpoint, r, at, enable ? ['enable', ...sent] : sent, deadline, opts);
      } catch (err) {
        errors.push(err instanceof RpcFailure ? err.error : new LinkmonError(ErrorCodes.SSH_CLOSED, String(err), { target: endpoint.id, cause: err }));
        break;
      }
      const offset = enable ? 1 : 0;
      if (answer.kind === 'ok') {
        const results = answer.results.slice(offset);
        if (results.length !== pending.length) {
          errors.push(this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `eAPI on ${at} answered ${results.length} result(s) for ${pending.length} command(s)`));
          break;
        }
        pending.forEach((c, k) => outputs.set(c, results[k] ?? ''));
        break;
      }
      const failed = answer.failed === undefined ? undefined : answer.failed - offset;
      if (failed === undefined || failed < 0 || failed >= pending.length || (answer.code !== undefined && !COMMAND_ERROR_CODES.has(answer.code))) {
        const what = answer.code !== undefined ? `error ${answer.code}: ` : '';
        errors.push(this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `eAPI on ${at} failed the request (${what}${this.#scrub(endpoint, answer.message)})`));
        break;
      }
      answer.done.slice(offset).forEach((raw, k) => {
        const c = pending[k];
        if (c !== undefined) outputs.set(c, raw);
      });
      const refused = pending[failed] ?? '';
      const detail = answer.failedErrors.length > 0 ? ` (${answer.failedErrors.join('; ')})` : '';
      errors.push(
        new LinkmonError(ErrorCodes.SWITCH_COMMAND_REFUSED, `${at} refused "${refused}" over eAPI: ${this.#scrub(endpoint, answer.message + detail)}`, {
          target: endpoint.id,
          severity: 'warning',
        }),
      );
      pending = pending.slice(failed + 1);
    }
    return { outputs, errors };
  }

  #fail(endpoint: SshEndpoint, code: ErrorCode, message: string, cause?: unknown): LinkmonError {
    return new LinkmonError(code, message, { target: endpoint.id, ...(cause !== undefined && { cause }) });
  }

  /** Text from the switch may echo anything: the password and the Authorization value never pass. */
  #scrub(endpoint: SshEndpoint, text: string): string {
    const pw = endpoint.password?.reveal();
    if (pw === undefined || pw === '') return text;
    const basic = Buffer.from(`${endpoint.user}:${pw}`).toString('base64');
    return text.split(basic).join('[redacted]').split(pw).join('[redacted]');
  }

  async #request(endpoint: SshEndpoint, r: Resolved, at: string, cmds: readonly string[], deadline: number, opts: EapiRunOptions): Promise<RpcAnswer> {
    const { signal } = opts;
    if (signal?.aborted) throw new RpcFailure(this.#fail(endpoint, ErrorCodes.SSH_TIMEOUT, `eAPI collection from ${at} was cancelled`));
    if (endpoint.password === undefined) {
      throw new RpcFailure(this.#fail(endpoint, ErrorCodes.SSH_AUTH, `no password for ${endpoint.user}@${at}: eAPI needs one (basic authentication)`));
    }
    const agent = await this.#agent(endpoint, r);
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'runCmds', params: { version: 1, cmds, format: 'json' }, id: `linkmon-${this.#nextId++}` });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#post(endpoint, r, at, agent, body, deadline, opts);
      } catch (err) {
        // A kept-alive connection the switch closed meanwhile: send once more on a fresh one.
        if (err instanceof StaleSocket && attempt === 0) continue;
        if (err instanceof StaleSocket) throw new RpcFailure(this.#classify(endpoint, r, at, err.cause as Error));
        throw err;
      }
    }
  }

  #post(endpoint: SshEndpoint, r: Resolved, at: string, agent: https.Agent, body: string, deadline: number, opts: EapiRunOptions): Promise<RpcAnswer> {
    const { signal } = opts;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(new RpcFailure(this.#timeout(endpoint, at, opts.timeoutMs)));
    const password = endpoint.password?.reveal() ?? '';
    const max = this.#opts.maxResponseBytes ?? 64 * 1024 * 1024;
    this.requests++;
    return new Promise<RpcAnswer>((resolve, reject) => {
      let settled = false;
      let gotResponse = false;
      const req = https.request({
        host: endpoint.host,
        port: r.port,
        method: 'POST',
        path: '/command-api',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Basic ${Buffer.from(`${endpoint.user}:${password}`).toString('base64')}`,
        },
        ...(r.servername !== undefined && { servername: r.servername }),
      });
      const finish = (err: Error | undefined, value?: RpcAnswer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        cancel();
        if (err) reject(err);
        else resolve(value as RpcAnswer);
      };
      const timer = setTimeout(() => {
        finish(new RpcFailure(this.#timeout(endpoint, at, opts.timeoutMs)));
        req.destroy();
      }, remaining);
      const cancel = onAbort(signal, () => {
        finish(new RpcFailure(this.#fail(endpoint, ErrorCodes.SSH_TIMEOUT, `eAPI collection from ${at} was cancelled`)));
        req.destroy();
      });
      req.on('error', (err: Error & { code?: string }) => {
        if (!gotResponse && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
          finish(new StaleSocket(err));
          return;
        }
        finish(new RpcFailure(gotResponse ? this.#closedMidAnswer(endpoint, at, err) : this.#classify(endpoint, r, at, err)));
      });
      req.on('response', (res: IncomingMessage) => {
        gotResponse = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          size += d.length;
          if (size > max) {
            finish(new RpcFailure(this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `eAPI answer from ${at} is larger than ${Math.round(max / 1048576)} MiB`)));
            req.destroy();
            return;
          }
          chunks.push(d);
        });
        res.on('error', (err) => finish(new RpcFailure(this.#closedMidAnswer(endpoint, at, err))));
        // Closed before the whole answer arrived ('end' comes first when it is complete).
        res.on('close', () => {
          if (!res.complete) finish(new RpcFailure(this.#closedMidAnswer(endpoint, at)));
        });
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) {
            finish(new RpcFailure(this.#closedMidAnswer(endpoint, at)));
            return;
          }
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            finish(new RpcFailure(this.#httpError(endpoint, at, status, text)));
            return;
          }
          const answer = readRpcAnswer(text);
          if (!answer) {
            finish(new RpcFailure(this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `eAPI on ${at} answered something that is not JSON-RPC: ${this.#snippet(endpoint, text)}`)));
            return;
          }
          finish(undefined, answer);
        });
      });
      req.end(body);
    });
  }

  #snippet(endpoint: SshEndpoint, text: string): string {
    const t = this.#scrub(endpoint, text).replace(/\s+/g, ' ').trim();
    return JSON.stringify(t.length > 120 ? `${t.slice(0, 120)}…` : t);
  }

  #timeout(endpoint: SshEndpoint, at: string, ms: number): LinkmonError {
    return this.#fail(endpoint, ErrorCodes.SSH_TIMEOUT, `eAPI request to ${endpoint.id} (${at}) timed out after ${seconds(ms)}`);
  }

  #closedMidAnswer(endpoint: SshEndpoint, at: string, cause?: unknown): LinkmonError {
    return this.#fail(endpoint, ErrorCodes.SSH_CLOSED, `connection to ${at} closed during the eAPI answer`, cause);
  }

  #httpError(endpoint: SshEndpoint, at: string, status: number, text: string): LinkmonError {
    if (status === 401) {
      return this.#fail(endpoint, ErrorCodes.SSH_AUTH, `eAPI authentication failed for ${endpoint.user}@${at} (HTTP 401, tried password)`);
    }
    if (status === 403) {
      return this.#fail(endpoint, ErrorCodes.SSH_AUTH, `eAPI refused ${endpoint.user}@${at} (HTTP 403): the account may not use the command API`);
    }
    if (status === 404) {
      return this.#fail(
        endpoint,
        ErrorCodes.SSH_CONNECT,
        `no eAPI at https://${at}/command-api (HTTP 404): enable it on the switch (management api http-commands, no shutdown)`,
      );
    }
    return this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `eAPI on ${at} answered HTTP ${status}: ${this.#snippet(endpoint, text)}`);
  }

  #classify(endpoint: SshEndpoint, r: Resolved, at: string, err: Error & { code?: string }): LinkmonError {
    const code = err.code ?? '';
    if (CERT_CODE_RE.test(code)) {
      const how = r.caFile !== undefined ? `the CA file ${r.caFile} does not vouch for it` : 'no trusted CA signed it';
      return this.#fail(
        endpoint,
        ErrorCodes.SSH_CONNECT,
        `TLS certificate of ${at} not accepted (${code}: ${err.message}; ${how}): give the CA that signed it (caFile) or, on a trusted network only, ` +
          `turn certificate verification off for this switch (insecure: true)`,
        err,
      );
    }
    const net = NETWORK_CODES[code];
    if (net) return this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `${net} (${at}, eAPI over HTTPS)`, err);
    if (/^ERR_SSL|^EPROTO$|^ERR_TLS/.test(code)) {
      return this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `TLS handshake with ${at} failed (${code}: ${err.message})`, err);
    }
    return this.#fail(endpoint, ErrorCodes.SSH_CONNECT, `eAPI connection to ${at} failed: ${err.message}`, err);
  }

  /** Ends every kept-alive connection; requests still running fail with SSH_CLOSED or SSH_CONNECT. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const { agent } of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}

/** A request that failed on a reused keep-alive socket before any answer (safe to resend). */
class StaleSocket extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
