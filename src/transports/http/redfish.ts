/**
 * A Redfish client for BMCs (and CSX systems): GET of JSON resources over HTTPS, collections
 * followed through `Members` and `Members@odata.nextLink` paging.
 *
 * HTTPS with certificate verification on by default (Node's trusted roots, plus the PEM bundle of
 * the target's `caFile`); `insecure: true` turns it off for one BMC. One keep-alive agent per BMC.
 *
 * Authentication: HTTP basic (default), or a SessionService session (`auth: 'session'`): one login
 * (POST /redfish/v1/SessionService/Sessions with UserName/Password → `X-Auth-Token` + `Location`)
 * shared by every request to that BMC; a 401 drops it and logs in once more, a second 401 is an
 * authentication error. `close()` DELETEs every session still open (best effort, bounded in time).
 *
 * At most `maxConcurrentPerBmc` requests (default 4) are in flight to one BMC, logins included.
 * `timeoutMs` is the deadline of a whole call (a get with its retries; a getAll with every page and
 * member). 5xx answers and connection resets are retried up to `maxRetries` times (default 2) with
 * exponential backoff, never past the deadline.
 *
 * The password (and the session token) is revealed only into request headers/bodies and never
 * reaches an error message: text from the BMC is scrubbed of it too. Error codes (docs/errors.md):
 * REDFISH_AUTH (401/403), REDFISH_SESSION_LIMIT (login refused, session table full), REDFISH_CONNECT
 * (refused, unreachable, reset), REDFISH_TLS (certificate not accepted, handshake, CA file),
 * REDFISH_TIMEOUT (deadline or AbortSignal), REDFISH_CLOSED (connection lost mid-answer),
 * REDFISH_HTTP (any other non-2xx answer, 5xx after the retries), REDFISH_BAD_RESPONSE (not JSON, not
 * a collection, too large, a link off the BMC) and REDFISH_NOT_FOUND (404 of a required resource).
 */
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import type tls from 'node:tls';
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';
import { onAbort } from '../../core/abort.js';
import { isObject } from '../../core/json.js';
import { ErrorCodes, LinkmonError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';
import type { Secret } from '../../core/secret.js';
import { CaContexts } from './ca-contexts.js';

export interface RedfishTarget {
  /** Target id (inventory name), used in errors. */
  readonly id: string;
  /** `https://host[:port]`, without a path. */
  readonly baseUrl: string;
  readonly user: string;
  readonly password: Secret;
  /** Do not verify the BMC's certificate (self-signed certificates on a trusted network). Default false. */
  readonly insecure?: boolean;
  /** PEM file of the CA(s) that signed the BMC's certificate, trusted in addition to Node's roots. */
  readonly caFile?: string;
  /** Default 'basic'. */
  readonly auth?: 'basic' | 'session';
}

export interface RedfishRequestOptions {
  /** Deadline of the whole call, retries (and for getAll every page and member) included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** A 404 answers undefined (get) or an empty list (getAll) instead of an error. */
  readonly optional?: boolean;
}

export interface RedfishClientOptions {
  /** Requests in flight to one BMC at once, session logins included. Default 4. */
  readonly maxConcurrentPerBmc?: number;
  /** Retries of a request answered 5xx or cut by a connection reset. Default 2. */
  readonly maxRetries?: number;
  /** First backoff before a retry, doubled each time. Default 250 ms. */
  readonly retryBaseMs?: number;
  /** Largest answer accepted, in bytes. Default 32 MiB. */
  readonly maxResponseBytes?: number;
  /** Time close() gives the session DELETEs. Default 5 s. */
  readonly closeTimeoutMs?: number;
  /** Pages of one collection followed at most. Default 1000. */
  readonly maxPages?: number;
}

const SESSIONS_PATH = '/redfish/v1/SessionService/Sessions';

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

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** OpenSSL/Node codes of a certificate that could not be verified. */
const CERT_CODE_RE = /CERT|SELF_SIGNED|ISSUER|LEAF_SIGNATURE|UNABLE_TO_VERIFY|ALTNAME|HOSTNAME_MISMATCH|INVALID_CA|PATH_LENGTH|CHAIN/;

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}


interface Session {
  readonly token: string;
  /** Path of the session resource (for DELETE); undefined when the BMC gave none. */
  readonly location: string | undefined;
}

interface Bmc {
  readonly key: string;
  readonly target: RedfishTarget;
  readonly origin: URL;
  readonly agent: Promise<https.Agent>;
  readonly limit: LimitFunction;
  session: Promise<Session> | undefined;
  /** The session `session` resolved to. */
  current: Session | undefined;
  /** Every session created and not yet deleted (close() deletes them). */
  readonly open: Set<Session>;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly text: string;
}

/** A failure the retry loop may try again (5xx, connection reset). */
class Retryable extends Error {
  constructor(readonly error: LinkmonError) {
    super(error.message);
  }
}

interface Call {
  readonly target: RedfishTarget;
  readonly deadline: number;
  readonly opts: RedfishRequestOptions;
}

export class RedfishClient {
  readonly #opts: RedfishClientOptions;
  readonly #bmcs = new Map<string, Bmc>();
  readonly #contexts = new CaContexts();
  #closed = false;
  /** Requests sent so far (for tests and benchmarks). */
  requests = 0;

  constructor(opts: RedfishClientOptions = {}) {
    this.#opts = opts;
  }

  /**
   * GET of one resource (`/redfish/v1/...`, or an absolute URL on the same BMC), parsed from JSON.
   * Undefined only for a 404 when `optional` is set.
   */
  async get<T = unknown>(target: RedfishTarget, path: string, opts: RedfishRequestOptions): Promise<T | undefined> {
    const call: Call = { target, deadline: Date.now() + opts.timeoutMs, opts };
    return (await this.#get(call, path, opts.optional === true)) as T | undefined;
  }

  /**
   * Every member of a collection: follows `Members@odata.nextLink` pages and GETs each member that
   * is only a link (`{"@odata.id": …}`); expanded members are returned as they are.
   */
  async getAll<T = unknown>(target: RedfishTarget, collectionPath: string, opts: RedfishRequestOptions): Promise<T[]> {
    const call: Call = { target, deadline: Date.now() + opts.timeoutMs, opts };
    const members: unknown[] = [];
    const seen = new Set<string>();
    const maxPages = this.#opts.maxPages ?? 1000;
    let next: string | undefined = collectionPath;
    let first = true;
    while (next !== undefined) {
      if (seen.has(next) || seen.size >= maxPages) {
        throw this.#fail(target, ErrorCodes.REDFISH_BAD_RESPONSE, `Redfish collection ${this.#url(target, collectionPath)} pages loop or exceed ${maxPages} pages`);
      }
      seen.add(next);
      const page = await this.#get(call, next, first && opts.optional === true);
      if (page === undefined) return [];
      first = false;
      if (!isObject(page) || !Array.isArray(page.Members)) {
        throw this.#fail(target, ErrorCodes.REDFISH_BAD_RESPONSE, `Redfish resource ${this.#url(target, next)} is not a collection (no Members array)`);
      }
      members.push(...page.Members);
      const link = page['Members@odata.nextLink'];
      next = typeof link === 'string' && link !== '' ? link : undefined;
    }
    const out = await Promise.all(
      members.map(async (m) => {
        if (isObject(m) && typeof m['@odata.id'] === 'string' && Object.keys(m).every((k) => k.startsWith('@odata.'))) {
          return await this.#get(call, m['@odata.id'], false);
        }
        return m;
      }),
    );
    return out as T[];
  }

  /** DELETEs every session this client created (best effort, at most closeTimeoutMs), then ends the connections. */
  async close(): Promise<void> {
    this.#closed = true;
    const bmcs = [...this.#bmcs.values()];
    this.#bmcs.clear();
    const deadline = Date.now() + (this.#opts.closeTimeoutMs ?? 5000);
    await Promise.allSettled(
      bmcs.flatMap((b) =>
        [...b.open].map(async (s) => {
          if (s.location === undefined) return;
          const agent = await b.agent;
          const url = `${b.origin.origin}${s.location}`;
          const ans = await this.#send(b.target, b, agent, url, { method: 'DELETE', headers: { 'x-auth-token': s.token } }, deadline, undefined, '', deadline - Date.now());
          if (ans.status < 500) b.open.delete(s);
        }),
      ),
    );
    for (const b of bmcs) {
      try {
        (await b.agent).destroy();
      } catch {
        // the agent was never made (CA file unreadable)
      }
    }
  }

  // -----------------------------------------------------------------------------------------------

  #url(target: RedfishTarget, path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    return `${target.baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  #fail(target: RedfishTarget, code: ErrorCode, message: string, cause?: unknown): LinkmonError {
    return new LinkmonError(code, this.#scrub(target, message), { target: target.id, ...(cause !== undefined && { cause }) });
  }

  /** Text from the BMC may echo anything: the password, the Authorization value and tokens never pass. */
  #scrub(target: RedfishTarget, text: string): string {
    let out = text;
    const pw = target.password.reveal();
    if (pw !== '') {
      const basic = Buffer.from(`${target.user}:${pw}`).toString('base64');
      out = out.split(basic).join('[redacted]').split(pw).join('[redacted]');
    }
    const b = this.#bmcs.get(this.#key(target));
    for (const s of b?.open ?? []) if (s.token !== '') out = out.split(s.token).join('[redacted]');
    return out;
  }

  #snippet(target: RedfishTarget, text: string): string {
    let t = text;
    try {
      const parsed = JSON.parse(text) as unknown;
      const err = isObject(parsed) && isObject(parsed.error) ? parsed.error : undefined;
      if (err && typeof err.message === 'string') t = err.message;
    } catch {
      // not JSON: quote the text
    }
    t = this.#scrub(target, t).replace(/\s+/g, ' ').trim();
    return JSON.stringify(t.length > 160 ? `${t.slice(0, 160)}…` : t);
  }

  #key(target: RedfishTarget): string {
    return JSON.stringify([target.id, target.baseUrl, target.insecure === true, target.caFile ?? null]);
  }

  #bmc(target: RedfishTarget): Bmc {
    const key = this.#key(target);
    const have = this.#bmcs.get(key);
    if (have) return have;
    let origin: URL;
    try {
      origin = new URL(target.baseUrl);
    } catch {
      throw this.#fail(target, ErrorCodes.USAGE, `Redfish base URL ${JSON.stringify(target.baseUrl)} of ${target.id} is not a URL`);
    }
    if (origin.protocol !== 'https:') {
      throw this.#fail(target, ErrorCodes.USAGE, `Redfish base URL ${target.baseUrl} of ${target.id} must be https://`);
    }
    const max = this.#opts.maxConcurrentPerBmc ?? 4;
    const agent = this.#makeAgent(target, max);
    agent.catch(() => undefined);
    const b: Bmc = { key, target, origin, agent, limit: pLimit(max), session: undefined, current: undefined, open: new Set() };
    this.#bmcs.set(key, b);
    return b;
  }

  async #makeAgent(target: RedfishTarget, max: number): Promise<https.Agent> {
    let secureContext: tls.SecureContext | undefined;
    if (target.caFile !== undefined) {
      const file = target.caFile;
      try {
        secureContext = await this.#contexts.get(file);
      } catch (err) {
        throw this.#fail(target, ErrorCodes.REDFISH_TLS, `cannot read the Redfish CA file ${file}: ${(err as Error).message}`, err);
      }
    }
    return new https.Agent({
      keepAlive: true,
      keepAliveMsecs: 15_000,
      maxSockets: max,
      maxFreeSockets: max,
      rejectUnauthorized: target.insecure !== true,
      ...(secureContext !== undefined && { secureContext }),
    });
  }

  async #get(call: Call, path: string, optional: boolean): Promise<unknown> {
    const { target } = call;
    const url = this.#url(target, path);
    if (this.#closed) throw this.#fail(target, ErrorCodes.REDFISH_CLOSED, `the Redfish client is closed (GET ${url})`);
    const b = this.#bmc(target);
    const session = target.auth === 'session';
    let relogged = false;
    for (;;) {
      let token: Session | undefined;
      const headers: Record<string, string> = { accept: 'application/json', 'odata-version': '4.0' };
      if (session) {
        token = await this.#session(call, b);
        headers['x-auth-token'] = token.token;
      } else {
        headers.authorization = `Basic ${Buffer.from(`${target.user}:${target.password.reveal()}`).toString('base64')}`;
      }
      const ans = await this.#request(call, b, url, { method: 'GET', headers }, '');
      if (ans.status === 401 && session && !relogged && token !== undefined) {
        relogged = true;
        this.#dropSession(b, token);
        continue;
      }
      if (ans.status === 401 || ans.status === 403) {
        const how = session ? (relogged ? 'after a new session login' : 'with a session') : 'with basic authentication';
        throw this.#fail(
          target,
          ErrorCodes.REDFISH_AUTH,
          `Redfish refused ${target.user} on GET ${url} (HTTP ${ans.status} ${how}): ${this.#snippet(target, ans.text)}`,
        );
      }
      if (ans.status === 404) {
        if (optional) return undefined;
        throw this.#fail(target, ErrorCodes.REDFISH_NOT_FOUND, `Redfish resource ${url} does not exist (HTTP 404)`);
      }
      if (ans.status < 200 || ans.status >= 300) {
        throw this.#fail(target, ErrorCodes.REDFISH_HTTP, `Redfish GET ${url} answered HTTP ${ans.status}: ${this.#snippet(target, ans.text)}`);
      }
      try {
        return JSON.parse(ans.text) as unknown;
      } catch (err) {
        throw this.#fail(
          target,
          ErrorCodes.REDFISH_BAD_RESPONSE,
          `Redfish GET ${url} answered something that is not JSON (${(err as Error).message}): ${this.#snippet(target, ans.text.slice(0, 200))}`,
        );
      }
    }
  }

  /** Forgets a session the BMC refused (a concurrent call may already have made a new one). It stays in `open`: close() still DELETEs it. */
  #dropSession(b: Bmc, stale: Session): void {
    if (b.current === stale) {
      b.current = undefined;
      b.session = undefined;
    }
  }

  /** The BMC's session, logging in when there is none (one login shared by concurrent calls). */
  #session(call: Call, b: Bmc): Promise<Session> {
    if (b.session) return b.session;
    const p = this.#login(call, b);
    b.session = p;
    p.then(
      (s) => {
        if (b.session === p) b.current = s;
      },
      () => {
        if (b.session === p) b.session = undefined;
      },
    );
    return p;
  }

  async #login(call: Call, b: Bmc): Promise<Session> {
    const { target } = call;
    const url = this.#url(target, SESSIONS_PATH);
    const body = JSON.stringify({ UserName: target.user, Password: target.password.reveal() });
    const ans = await this.#request(
      call,
      b,
      url,
      { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', 'odata-version': '4.0' } },
      body,
    );
    if (ans.status === 401 || ans.status === 403) {
      throw this.#fail(target, ErrorCodes.REDFISH_AUTH, `Redfish session login of ${target.user} at ${url} refused (HTTP ${ans.status}, tried password)`);
    }
    if (ans.status < 200 || ans.status >= 300) {
      throw this.#fail(target, ErrorCodes.REDFISH_HTTP, `Redfish session login at ${url} answered HTTP ${ans.status}: ${this.#snippet(target, ans.text)}`);
    }
    const token = ans.headers['x-auth-token'];
    if (typeof token !== 'string' || token === '') {
      throw this.#fail(target, ErrorCodes.REDFISH_AUTH, `Redfish session login at ${url} answered HTTP ${ans.status} without an X-Auth-Token`);
    }
    let location: string | undefined;
    const loc = ans.headers.location;
    if (typeof loc === 'string' && loc !== '') location = loc;
    else {
      try {
        const parsed = JSON.parse(ans.text) as unknown;
        if (isObject(parsed) && typeof parsed['@odata.id'] === 'string') location = parsed['@odata.id'];
      } catch {
        // no body: the session cannot be deleted, it will expire on the BMC
      }
    }
    if (location !== undefined) {
      try {
        const u = new URL(location, b.origin);
        location = u.origin === b.origin.origin ? `${u.pathname}${u.search}` : undefined;
      } catch {
        location = undefined;
      }
    }
    const s: Session = { token, location };
    b.open.add(s);
    return s;
  }

  /** One request with retries (5xx, connection resets) and backoff, within the call's deadline. */
  async #request(call: Call, b: Bmc, url: string, init: { method: string; headers: Record<string, string> }, body: string): Promise<Answer> {
    const { target, deadline, opts } = call;
    const maxRetries = this.#opts.maxRetries ?? 2;
    const base = this.#opts.retryBaseMs ?? 250;
    let agent: https.Agent;
    try {
      agent = await b.agent;
    } catch (err) {
      throw err instanceof LinkmonError ? err : this.#fail(target, ErrorCodes.REDFISH_CONNECT, String(err), err);
    }
    const u = new URL(url);
    if (u.origin !== b.origin.origin) {
      throw this.#fail(target, ErrorCodes.REDFISH_BAD_RESPONSE, `Redfish link ${url} leaves ${b.origin.origin}: not followed`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const ans = await this.#limited(call, b, url, () => this.#send(target, b, agent, url, init, deadline, opts.signal, body, opts.timeoutMs));
        if (ans.status >= 500 && ans.status <= 599) {
          // A full session table does not empty itself in a second: no retry.
          if (init.method === 'POST' && /SessionLimit|session limit|sessions? exceed|too many sessions/i.test(ans.text)) {
            throw this.#fail(
              target,
              ErrorCodes.REDFISH_SESSION_LIMIT,
              `Redfish session login at ${url} refused: the BMC's session table is full (HTTP ${ans.status}: ${this.#snippet(target, ans.text)}); ` +
                `sessions expire on their own, or use basic authentication for this BMC`,
            );
          }
          throw new Retryable(this.#fail(target, ErrorCodes.REDFISH_HTTP, `Redfish ${init.method} ${url} answered HTTP ${ans.status}: ${this.#snippet(target, ans.text)}`));
        }
        return ans;
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        const wait = base * 2 ** attempt;
        if (attempt >= maxRetries) {
          throw attempt > 0 ? this.#fail(target, err.error.code, `${err.error.message} (after ${attempt} retries)`, err.error.cause) : err.error;
        }
        if (Date.now() + wait >= deadline) throw err.error;
        await this.#sleep(call, wait, url);
      }
    }
  }

  /** Runs `fn` in the BMC's concurrency limit; gives up waiting for a slot at the deadline or abort. */
  #limited<T>(call: Call, b: Bmc, url: string, fn: () => Promise<T>): Promise<T> {
    const { target, deadline, opts } = call;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (err: unknown, value?: T): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        cancel();
        if (err !== undefined) reject(err);
        else resolve(value as T);
      };
      const timer = setTimeout(() => settle(this.#timeout(target, url, opts.timeoutMs)), Math.max(0, deadline - Date.now()));
      const cancel = onAbort(opts.signal, () => settle(this.#fail(target, ErrorCodes.REDFISH_TIMEOUT, `Redfish collection from ${target.id} was cancelled`)));
      b.limit(async () => {
        // The caller gave up while this waited for a slot: do not send.
        if (settled) return;
        try {
          settle(undefined, await fn());
        } catch (err) {
          settle(err ?? new Error('unknown failure'));
        }
      }).catch(() => undefined);
    });
  }

  #sleep(call: Call, ms: number, url: string): Promise<void> {
    const { target, opts } = call;
    return new Promise<void>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(this.#fail(target, ErrorCodes.REDFISH_TIMEOUT, `Redfish GET ${url} was cancelled`));
        return;
      }
      const cancel = onAbort(opts.signal, () => {
        clearTimeout(timer);
        reject(this.#fail(target, ErrorCodes.REDFISH_TIMEOUT, `Redfish GET ${url} was cancelled`));
      });
      const timer = setTimeout(() => {
        cancel();
        resolve();
      }, ms);
    });
  }

  #timeout(target: RedfishTarget, url: string, ms: number): LinkmonError {
    return this.#fail(target, ErrorCodes.REDFISH_TIMEOUT, `Redfish request to ${target.id} (${url}) timed out after ${seconds(ms)}`);
  }

  /** One HTTP exchange. Connection resets before an answer are Retryable. */
  #send(
    t: RedfishTarget,
    b: Bmc,
    agent: https.Agent,
    full: string,
    init: { method: string; headers: Record<string, string> },
    deadline: number,
    signal: AbortSignal | undefined,
    body: string,
    timeoutMs: number,
  ): Promise<Answer> {
    const u = new URL(full);
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(this.#timeout(t, full, timeoutMs));
    if (signal?.aborted) return Promise.reject(this.#fail(t, ErrorCodes.REDFISH_TIMEOUT, `Redfish ${init.method} ${full} was cancelled`));
    const max = this.#opts.maxResponseBytes ?? 32 * 1024 * 1024;
    this.requests++;
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      let gotResponse = false;
      const req = https.request({
        host: b.origin.hostname.replace(/^\[|\]$/g, ''),
        port: b.origin.port === '' ? 443 : Number(b.origin.port),
        method: init.method,
        path: `${u.pathname}${u.search}`,
        agent,
        headers: { ...init.headers, ...(body !== '' && { 'content-length': String(Buffer.byteLength(body)) }) },
      });
      const finish = (err: unknown, value?: Answer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        cancel();
        if (err !== undefined) reject(err);
        else resolve(value as Answer);
      };
      const timer = setTimeout(() => {
        finish(this.#timeout(t, full, timeoutMs));
        req.destroy();
      }, remaining);
      const cancel = onAbort(signal, () => {
        finish(this.#fail(t, ErrorCodes.REDFISH_TIMEOUT, `Redfish ${init.method} ${full} was cancelled`));
        req.destroy();
      });
      req.on('error', (err: Error & { code?: string }) => {
        if (!gotResponse && RESET_CODES.has(err.code ?? '')) {
          finish(new Retryable(this.#fail(t, ErrorCodes.REDFISH_CONNECT, `connection reset by ${b.origin.host} (Redfish ${init.method} ${full})`, err)));
          return;
        }
        finish(gotResponse ? this.#closedMidAnswer(t, full, err) : this.#classify(t, b, full, err));
      });
      req.on('response', (res: IncomingMessage) => {
        gotResponse = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          size += d.length;
          if (size > max) {
            finish(this.#fail(t, ErrorCodes.REDFISH_BAD_RESPONSE, `Redfish answer to ${full} is larger than ${Math.round(max / 1048576)} MiB`));
            req.destroy();
            return;
          }
          chunks.push(d);
        });
        res.on('error', (err) => finish(this.#closedMidAnswer(t, full, err)));
        res.on('close', () => {
          if (!res.complete) finish(this.#closedMidAnswer(t, full));
        });
        res.on('end', () => {
          if (!res.complete) {
            finish(this.#closedMidAnswer(t, full));
            return;
          }
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.end(body === '' ? undefined : body);
    });
  }

  #closedMidAnswer(target: RedfishTarget, url: string, cause?: unknown): LinkmonError {
    return this.#fail(target, ErrorCodes.REDFISH_CLOSED, `connection closed during the Redfish answer to ${url}`, cause);
  }

  #classify(target: RedfishTarget, b: Bmc, url: string, err: Error & { code?: string }): LinkmonError {
    const code = err.code ?? '';
    const at = b.origin.host;
    if (CERT_CODE_RE.test(code)) {
      const how = target.caFile !== undefined ? `the CA file ${target.caFile} does not vouch for it` : 'no trusted CA signed it';
      return this.#fail(
        target,
        ErrorCodes.REDFISH_TLS,
        `TLS certificate of ${at} not accepted (${code}: ${err.message}; ${how}): give the CA that signed it (caFile) or, on a trusted network only, ` +
          `turn certificate verification off for this BMC (insecure: true)`,
        err,
      );
    }
    const net = NETWORK_CODES[code];
    if (net) return this.#fail(target, ErrorCodes.REDFISH_CONNECT, `${net} (${at}, Redfish ${url})`, err);
    if (/^ERR_SSL|^EPROTO$|^ERR_TLS/.test(code)) {
      return this.#fail(target, ErrorCodes.REDFISH_TLS, `TLS handshake with ${at} failed (${code}: ${err.message})`, err);
    }
    return this.#fail(target, ErrorCodes.REDFISH_CONNECT, `Redfish connection to ${at} failed (${url}): ${err.message}`, err);
  }
}
