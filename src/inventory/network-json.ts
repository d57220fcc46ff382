/**
 * network_config.json (`-j/--network-json`), plain or gzip (detected by the magic bytes 1f 8b).
 *
 * Fields follow what the original linkmon reads in `generate_interface_list.py: parse_network_json`
 * (michaely-cb/cluster-cp@1206bbe): `switches`, six node arrays, `systems`, `system_connections` and
 * `xconnect.connections[].links`. Unknown fields are kept (loose objects) and every section is optional.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { z } from 'zod';
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import type { Target, TargetKind } from '../core/target.js';
import { credentialsFor, readError, readInventoryFile } from './host-list.js';
import type { CredentialOptions, Env, FileStamp } from './host-list.js';

const gunzipAsync = promisify(gunzip);

/** One end of a cable: a device (node, system or switch name) and its port/interface name. */
export interface PortEnd {
  readonly device: string;
  readonly port: string;
}

/** A cable between two ports: node↔switch, system↔switch or switch↔switch (ISL). */
export interface PortLink {
  readonly a: PortEnd;
  readonly b: PortEnd;
  readonly kind: 'node' | 'system' | 'isl';
}

export interface Inventory {
  readonly nodes: readonly Target[];
  readonly switches: readonly Target[];
  readonly systems: readonly Target[];
  readonly links: readonly PortLink[];
}

// ---------------------------------------------------------------------------------------------
// Schema

const name = z.string().min(1, 'must not be empty');
/** Optional text field; JSON null counts as absent. */
const optText = z.string().nullish();

const switchSchema = z.looseObject({
  name,
  vendor: optText,
  management_address: optText,
  username: optText,
  password: optText,
  stamp: optText,
  // linkmon extensions: the CLI's TCP port when not 22, and the switch OS when neither the vendor
  // field nor the hostname tells it (see src/vendors/select.ts).
  ssh_port: z.number().int().min(1).max(65535).nullish(),
  os: optText,
  // Arista eAPI instead of the SSH CLI: transport "eapi", its HTTPS port, CA bundle, or no TLS check.
  transport: z.enum(['ssh', 'eapi']).nullish(),
  eapi_port: z.number().int().min(1).max(65535).nullish(),
  eapi_ca_file: optText,
  eapi_insecure: z.boolean().nullish(),
});

const nodeInterfaceSchema = z.looseObject({
  name,
  switch_name: optText,
  switch_port: optText,
});

const nodeSchema = z.looseObject({
  name,
  stamp: optText,
  interfaces: z.array(nodeInterfaceSchema).nullish(),
});

const systemSchema = z.looseObject({
  name,
  stamp: optText,
  // linkmon extensions: where and how to reach the system's Redfish service.
  management_address: optText,
  redfish_port: z.number().int().min(1).max(65535).nullish(),
  redfish_ca_file: optText,
  redfish_insecure: z.boolean().nullish(),
  redfish_auth: z.enum(['basic', 'session']).nullish(),
  username: optText,
  password: z.string().nullish(),
  interfaces: z.array(z.looseObject({ switch_name: optText })).nullish(),
});

const systemConnectionSchema = z.looseObject({
  system_name: name,
  system_port: name,
  switch_name: name,
  switch_port: name,
});

const xconnectSchema = z.looseObject({
  connections: z
    .array(z.looseObject({ links: z.array(z.looseObject({ name, port: name })) }))
    .nullish(),
});

/** The node arrays of network_config.json, in the order the original linkmon reads them. */
export const NODE_ARRAYS = [
  'management_nodes',
  'memoryx_nodes',
  'worker_nodes',
  'activation_nodes',
  'swarmx_nodes',
  'user_nodes',
] as const;
export type NodeArray = (typeof NODE_ARRAYS)[number];

export const networkConfigSchema = z.looseObject({
  switches: z.array(switchSchema).nullish(),
  management_nodes: z.array(nodeSchema).nullish(),
  memoryx_nodes: z.array(nodeSchema).nullish(),
  worker_nodes: z.array(nodeSchema).nullish(),
  activation_nodes: z.array(nodeSchema).nullish(),
  swarmx_nodes: z.array(nodeSchema).nullish(),
  user_nodes: z.array(nodeSchema).nullish(),
  systems: z.array(systemSchema).nullish(),
  system_connections: z.array(systemConnectionSchema).nullish(),
  xconnect: xconnectSchema.nullish(),
});

export type NetworkConfig = z.output<typeof networkConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Decoding and JSON errors

/** Maximum number of schema problems reported for one file (the rest are summarised). */
const MAX_SCHEMA_ERRORS = 20;

function parseError(message: string, cause?: unknown): LinkmonError {
  return new LinkmonError(ErrorCodes.INVENTORY_PARSE, message, cause === undefined ? {} : { cause });
}

/** Gunzips when the data starts with the gzip magic bytes; returns UTF-8 text without BOM. */
export async function decodeNetworkJson(data: Buffer, file: string): Promise<string> {
  let bytes = data;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(data);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw parseError(`${file}: not a valid gzip file: ${reason}`, err);
    }
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class JsonSyntaxProblem {
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {}
}

/**
 * Finds where JSON syntax first goes wrong. Used only after JSON.parse failed, because V8's
 * "Unexpected token" messages carry no position but do quote the surrounding text (which could
 * hold a password).
 */
export function locateJsonError(text: string): { pos: number; reason: string } | undefined {
  let i = 0;
  const fail: (reason: string, pos?: number) => never = (reason, pos = i) => {
    throw new JsonSyntaxProblem(pos, reason);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const expectChar = (): string => {
    if (i >= text.length) fail('unexpected end of input');
    return text[i] as string;
  };
  const str = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) fail('unterminated string', i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape', i + 1);
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e as string)) fail('bad escape in string', i + 1);
        i += 2;
        continue;
      }
      i++;
    }
  };
  const num = (): void => {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m === null) return fail('bad number');
    i += m[0].length;
  };
  const value = (): void => {
    ws();
    const c = expectChar();
    if (c === '{') {
      i++;
      ws();
      if (expectChar() === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (expectChar() !== '"') fail('expected a double-quoted property name');
        str();
        ws();
        if (expectChar() !== ':') fail('expected ":" after property name');
        i++;
        value();
        ws();
        const d = expectChar();
        if (d === '}') {
          i++;
          return;
        }
        if (d !== ',') fail('expected "," or "}" after property value');
        i++;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (expectChar() === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        const d = expectChar();
        if (d === ']') {
          i++;
          return;
        }
        if (d !== ',') fail('expected "," or "]" after array element');
        i++;
      }
    }
    if (c === '"') return str();
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fail('unexpected character');
  };
  try {
    value();
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
    return undefined;
  } catch (thrown) {
    if (thrown instanceof JsonSyntaxProblem) return { pos: thrown.pos, reason: thrown.reason };
    throw thrown;
  }
}

function jsonSyntaxError(text: string, file: string, err: unknown): LinkmonError {
  const located = locateJsonError(text);
  if (located !== undefined) {
    const { line, column } = lineColumn(text, located.pos);
    return parseError(`${file}: invalid JSON at line ${line}, column ${column}: ${located.reason}`, err);
  }
  // Our scanner found nothing (should not happen): fall back to V8's position, never its quoted text.
  const message = err instanceof Error ? err.message : '';
  const at = /position (\d+)/.exec(message);
  if (at?.[1] !== undefined) {
    const { line, column } = lineColumn(text, Number(at[1]));
    return parseError(`${file}: invalid JSON at line ${line}, column ${column}`, err);
  }
  return parseError(`${file}: invalid JSON`, err);
}

// ---------------------------------------------------------------------------------------------
// Schema errors

/** `switches[3].name` from a zod path; "(top level)" for the root. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(top level)' : out;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || !(key in cur)) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** Describes one zod issue without quoting any value from the file (values may be passwords). */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const where = formatJsonPath(issue.path);
  if (issue.code === 'invalid_type') {
    const at = valueAt(root, issue.path);
    if (!at.found) return `${where}: missing (expected ${issue.expected})`;
    return `${where}: expected ${issue.expected}, got ${kindOf(at.value)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return `${where}: must not be empty`;
  return `${where}: ${issue.message}`;
}

/**
 * Parses and validates the text of a network_config.json. Returns the config, or the problems:
 * INVENTORY_PARSE errors `<file>: invalid JSON at line L, column C: …` or `<file>: <json path>: …`.
 */
export function parseNetworkConfig(
  text: string,
  file: string,
): { config: NetworkConfig; errors: readonly [] } | { config?: undefined; errors: readonly LinkmonError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { errors: [jsonSyntaxError(text, file, err)] };
  }
  const result = networkConfigSchema.safeParse(raw);
  if (result.success) return { config: result.data, errors: [] };
  const issues = result.error.issues;
  const errors = issues.slice(0, MAX_SCHEMA_ERRORS).map((issue) => parseError(`${file}: ${describeIssue(issue, raw)}`));
  if (issues.length > MAX_SCHEMA_ERRORS) {
    errors.push(parseError(`${file}: … and ${issues.length - MAX_SCHEMA_ERRORS} more schema problems`));
  }
  return { errors };
}

// ---------------------------------------------------------------------------------------------
// Targets and links

function present(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value !== '';
}

function labelsWithStamp(base: Record<string, string>, stamp: string | null | undefined): Readonly<Record<string, string>> {
  return Object.freeze(present(stamp) ? { ...base, stamp } : { ...base });
}

function target(fields: Omit<Target, 'source'>, file: string): Target {
  return Object.freeze({ ...fields, source: file });
}

function freezeLink(a: PortEnd, b: PortEnd, kind: PortLink['kind']): PortLink {
  return Object.freeze({ a: Object.freeze({ ...a }), b: Object.freeze({ ...b }), kind });
}

/**
 * Targets and cables described by a validated config. Node host = name (the original linkmon
 * connects to node names); switch host = management_address ?? name; system host = name.
 * Links: node interfaces with switch_name and switch_port, system_connections to systems listed in
 * `systems` (others are skipped, as the original does), and xconnect connections with two links.
 */
export function networkInventory(
  config: NetworkConfig,
  file: string,
  env: Env,
  opts: CredentialOptions = {},
): Inventory {
  const nodes: Target[] = [];
  const switches: Target[] = [];
  const systems: Target[] = [];
  const links: PortLink[] = [];
  const kindTargets: Record<TargetKind, Target[]> = { node: nodes, switch: switches, system: systems };
  const seen = new Set<string>();
  const add = (t: Target): void => {
    const key = `${t.kind}\0${t.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    kindTargets[t.kind].push(t);
  };

  for (const sw of config.switches ?? []) {
    add(
      target(
        {
          id: sw.name,
          kind: 'switch',
          host: present(sw.management_address) ? sw.management_address : sw.name,
          ...(typeof sw.ssh_port === 'number' ? { port: sw.ssh_port } : {}),
          ...(present(sw.vendor) ? { vendor: sw.vendor } : {}),
          ...(present(sw.os) ? { os: sw.os } : {}),
          ...(sw.transport ? { transport: sw.transport } : {}),
          ...(sw.transport === 'eapi'
            ? {
                eapi: {
                  ...(typeof sw.eapi_port === 'number' ? { port: sw.eapi_port } : {}),
                  ...(present(sw.eapi_ca_file) ? { caFile: sw.eapi_ca_file } : {}),
                  ...(sw.eapi_insecure === true ? { insecure: true } : {}),
                },
              }
            : {}),
          labels: labelsWithStamp({}, sw.stamp),
          credentials: credentialsFor('switch', env, opts, {
            ...(present(sw.username) ? { user: sw.username } : {}),
            ...(typeof sw.password === 'string' ? { password: sw.password } : {}),
          }),
        },
        file,
      ),
    );
  }

  for (const array of NODE_ARRAYS) {
    const role = array.slice(0, -'_nodes'.length);
    for (const node of config[array] ?? []) {
      add(
        target(
          {
            id: node.name,
            kind: 'node',
            host: node.name,
            labels: labelsWithStamp({ role }, node.stamp),
            credentials: credentialsFor('node', env, opts),
          },
          file,
        ),
      );
      for (const iface of node.interfaces ?? []) {
        if (present(iface.switch_name) && present(iface.switch_port)) {
          links.push(
            freezeLink({ device: node.name, port: iface.name }, { device: iface.switch_name, port: iface.switch_port }, 'node'),
          );
        }
      }
    }
  }

  const systemNames = new Set<string>();
  for (const sys of config.systems ?? []) {
    systemNames.add(sys.name);
    add(
      target(
        {
          id: sys.name,
          kind: 'system',
          host: present(sys.management_address) ? sys.management_address : sys.name,
          ...(typeof sys.redfish_port === 'number' ? { port: sys.redfish_port } : {}),
          ...(present(sys.redfish_ca_file) || sys.redfish_insecure === true || sys.redfish_auth
            ? {
                redfish: {
                  ...(present(sys.redfish_ca_file) ? { caFile: sys.redfish_ca_file } : {}),
                  ...(sys.redfish_insecure === true ? { insecure: true } : {}),
                  ...(sys.redfish_auth ? { auth: sys.redfish_auth } : {}),
                },
              }
            : {}),
          labels: labelsWithStamp({}, sys.stamp),
          credentials: credentialsFor('system', env, opts, {
            ...(present(sys.username) ? { user: sys.username } : {}),
            ...(typeof sys.password === 'string' ? { password: sys.password } : {}),
          }),
        },
        file,
      ),
    );
  }

  for (const conn of config.system_connections ?? []) {
    if (!systemNames.has(conn.system_name)) continue;
    links.push(
      freezeLink(
        { device: conn.system_name, port: conn.system_port },
        { device: conn.switch_name, port: conn.switch_port },
        'system',
      ),
    );
  }

  for (const conn of config.xconnect?.connections ?? []) {
    const [a, b] = conn.links;
    if (conn.links.length !== 2 || a === undefined || b === undefined) continue;
    links.push(freezeLink({ device: a.name, port: a.port }, { device: b.name, port: b.port }, 'isl'));
  }

  return Object.freeze({
    nodes: Object.freeze(nodes),
    switches: Object.freeze(switches),
    systems: Object.freeze(systems),
    links: Object.freeze(dedupeLinks(links)),
  });
}

/** Drops repeated cables (same kind, same two ends in either order). */
export function dedupeLinks(links: readonly PortLink[]): PortLink[] {
  const seen = new Set<string>();
  const out: PortLink[] = [];
  for (const link of links) {
    const ends = [`${link.a.device}\0${link.a.port}`, `${link.b.device}\0${link.b.port}`].sort();
    const key = `${link.kind}\0${ends.join('\0\0')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(link);
  }
  return out;
}

export interface NetworkJsonResult {
  /** Undefined when the file could not be read, decoded, parsed or validated. */
  readonly inventory?: Inventory;
  readonly errors: readonly LinkmonError[];
  readonly stamp?: FileStamp;
}

/** Reads, decodes and validates a network_config.json[.gz]. Never throws. */
export async function loadNetworkJson(file: string, env: Env, opts: CredentialOptions = {}): Promise<NetworkJsonResult> {
  let read;
  try {
    read = await readInventoryFile(file);
  } catch (err) {
    return { errors: [err instanceof LinkmonError ? err : readError(file, err)] };
  }
  let text: string;
  try {
    text = await decodeNetworkJson(read.data, file);
  } catch (err) {
    return { errors: [err instanceof LinkmonError ? err : parseError(`${file}: ${String(err)}`, err)], stamp: read.stamp };
  }
  const parsed = parseNetworkConfig(text, file);
  if (parsed.config === undefined) return { errors: parsed.errors, stamp: read.stamp };
  return { inventory: networkInventory(parsed.config, file, env, opts), errors: [], stamp: read.stamp };
}
