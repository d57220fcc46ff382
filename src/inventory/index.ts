/**
 * Inventory: turns the user's files (network_config.json and plaintext host lists) into Targets and
 * the cables between ports, and keeps that view current as the files change.
 */
import { stat } from 'node:fs/promises';
import type { LinkmonError } from '../core/errors.js';
import type { Target, TargetKind } from '../core/target.js';
import { hasExplicitUser, loadHostList, readError, sameStamp } from './host-list.js';
import type { CredentialOptions, Env, FileStamp } from './host-list.js';
import { dedupeLinks, loadNetworkJson } from './network-json.js';
import type { Inventory } from './network-json.js';

export {
  credentialsFor,
  hasExplicitUser,
  hostListTargets,
  loadHostList,
  parseHostEntry,
  parseHostList,
  readInventoryFile,
} from './host-list.js';
export type {
  CredentialOptions,
  Env,
  FileStamp,
  GivenCredentials,
  HostEntry,
  HostListResult,
  ParsedHostList,
} from './host-list.js';
export {
  NODE_ARRAYS,
  decodeNetworkJson,
  formatJsonPath,
  loadNetworkJson,
  locateJsonError,
  networkConfigSchema,
  networkInventory,
  parseNetworkConfig,
} from './network-json.js';
export type { Inventory, NetworkConfig, NetworkJsonResult, NodeArray, PortEnd, PortLink } from './network-json.js';

export interface InventoryOptions extends CredentialOptions {
  /** `-j/--network-json`: network_config.json, plain or gzip. */
  readonly networkJson?: string;
  /** `-n/--node-list` */
  readonly nodeList?: string;
  /** `-s/--switch-list` */
  readonly switchList?: string;
  /** `-c/--csx-list` */
  readonly csxList?: string;
}

export interface InventorySnapshot {
  readonly inventory: Inventory;
  /** Current problems of every file (read, syntax, schema, malformed list lines). */
  readonly errors: LinkmonError[];
}

export interface InventoryUpdate extends InventorySnapshot {
  /** True on the first call and whenever a file was re-read and its new content adopted. */
  readonly changed: boolean;
}

export const EMPTY_INVENTORY: Inventory = Object.freeze({
  nodes: Object.freeze([]),
  switches: Object.freeze([]),
  systems: Object.freeze([]),
  links: Object.freeze([]),
});

function withUser(target: Target, user: string | undefined): Target {
  const { user: _old, ...rest } = target.credentials;
  return Object.freeze({
    ...target,
    credentials: Object.freeze(user === undefined ? rest : { ...rest, user }),
  });
}

/**
 * Merges inventories in order. A target already present (same kind and port, and same host or same
 * id) is not added again: the first occurrence wins, except that an explicit `user@` from a list
 * replaces the kept target's user (the first such `user@` wins; nothing else is taken).
 */
export function unionInventories(parts: readonly Inventory[]): Inventory {
  const lists: Record<TargetKind, Target[]> = { node: [], switch: [], system: [] };
  const index = new Map<string, { kind: TargetKind; at: number }>();
  const userOverridden = new Set<string>();
  for (const part of parts) {
    for (const target of [...part.nodes, ...part.switches, ...part.systems]) {
      const port = target.port === undefined ? '' : String(target.port);
      const hostKey = `${target.kind}\0h\0${target.host}\0${port}`;
      const idKey = `${target.kind}\0i\0${target.id}\0${port}`;
      const found = index.get(hostKey) ?? index.get(idKey);
      if (found === undefined) {
        const at = lists[target.kind].push(target) - 1;
        const slot = { kind: target.kind, at };
        index.set(hostKey, slot);
        index.set(idKey, slot);
        if (hasExplicitUser(target)) userOverridden.add(`${target.kind}\0${at}`);
        continue;
      }
      const slotKey = `${found.kind}\0${found.at}`;
      if (hasExplicitUser(target) && !userOverridden.has(slotKey)) {
        const list = lists[found.kind];
        const kept = list[found.at];
        if (kept !== undefined) list[found.at] = withUser(kept, target.credentials.user);
        userOverridden.add(slotKey);
      }
    }
  }
  return Object.freeze({
    nodes: Object.freeze(lists.node),
    switches: Object.freeze(lists.switch),
    systems: Object.freeze(lists.system),
    links: Object.freeze(dedupeLinks(parts.flatMap((p) => p.links))),
  });
}

type SourceKind = 'json' | TargetKind;

interface Source {
  readonly kind: SourceKind;
  readonly file: string;
  /** Stamp of the version last read (undefined: never read, or unreadable last time). */
  stamp?: FileStamp;
  /** Last content adopted. */
  good?: Inventory;
  /** Problems found at the last stat/read of this file; reported until the file changes. */
  errors: readonly LinkmonError[];
}

function listInventory(kind: TargetKind, targets: readonly Target[]): Inventory {
  return Object.freeze({
    nodes: Object.freeze(kind === 'node' ? [...targets] : []),
    switches: Object.freeze(kind === 'switch' ? [...targets] : []),
    systems: Object.freeze(kind === 'system' ? [...targets] : []),
    links: Object.freeze([]),
  });
}

/**
 * Keeps the inventory current. Each `current()` stat()s every file and re-reads only those whose
 * mtimeMs or size changed since the last read. If a re-read fails (unreadable, half-written JSON,
 * new malformed list lines) the file's previous good content stays in use and the problems are
 * returned, so a file caught mid-write never empties the sweep. On a file's first read, a list with
 * some malformed lines still contributes its valid lines; a JSON file with any problem contributes
 * nothing.
 */
export class InventoryWatcher {
  readonly #env: Env;
  readonly #creds: CredentialOptions;
  readonly #sources: Source[] = [];
  #inventory: Inventory = EMPTY_INVENTORY;
  #first = true;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: InventoryOptions, env: Env) {
    this.#env = env;
    this.#creds = opts.nodeSshKey === undefined ? {} : { nodeSshKey: opts.nodeSshKey };
    const add = (kind: SourceKind, file: string | undefined): void => {
      if (file !== undefined && file !== '') this.#sources.push({ kind, file, errors: [] });
    };
    add('json', opts.networkJson);
    add('node', opts.nodeList);
    add('switch', opts.switchList);
    add('system', opts.csxList);
  }

  /** Concurrent calls are served one after another. */
  current(): Promise<InventoryUpdate> {
    const run = this.#queue.then(() => this.#update());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #update(): Promise<InventoryUpdate> {
    let changed = this.#first;
    this.#first = false;
    for (const source of this.#sources) {
      let st;
      try {
        st = await stat(source.file);
      } catch (err) {
        source.stamp = undefined;
        source.errors = [readError(source.file, err)];
        continue;
      }
      if (sameStamp(source.stamp, { mtimeMs: st.mtimeMs, size: st.size })) continue;
      const result = await this.#read(source);
      source.stamp = result.stamp;
      source.errors = result.errors;
      if (result.inventory !== undefined && (result.errors.length === 0 || source.good === undefined)) {
        source.good = result.inventory;
        changed = true;
      }
    }
    if (changed) {
      this.#inventory = unionInventories(
        this.#sources.flatMap((s) => (s.good === undefined ? [] : [s.good])),
      );
    }
    return {
      inventory: this.#inventory,
      errors: this.#sources.flatMap((s) => s.errors),
      changed,
    };
  }

  async #read(
    source: Source,
  ): Promise<{ inventory?: Inventory; errors: readonly LinkmonError[]; stamp?: FileStamp }> {
    if (source.kind === 'json') return loadNetworkJson(source.file, this.#env, this.#creds);
    const result = await loadHostList(source.file, source.kind, this.#env, this.#creds);
    return {
      ...(result.stamp === undefined ? {} : { inventory: listInventory(source.kind, result.targets), stamp: result.stamp }),
      errors: result.errors,
    };
  }
}

/**
 * Reads every given file once and combines them (network JSON first, then the node, switch and
 * CSX lists). Problems come back in `errors`; this never throws for bad input files.
 */
export async function loadInventory(opts: InventoryOptions, env: Env): Promise<InventorySnapshot> {
  const { inventory, errors } = await new InventoryWatcher(opts, env).current();
  return { inventory, errors };
}
