/**
 * Maps the DMTF Redfish network resources of any NIC or appliance to link observations: a `Port`
 * (a NetworkAdapter's `Ports` member, or the older `NetworkPort`) with its `PortMetrics`, and a
 * ComputerSystem's `EthernetInterface`. Pure; never throws on odd input: a missing or mistyped
 * property only leaves its field out.
 *
 * Nothing read is dropped silently: every integer of a PortMetrics resource (Oem included) is kept
 * in `raw` as `redfish.<PropertyPath>` (bigint), its other values in `info`; every other property of
 * a Port is a fact in `info` under the same kind of key; transceiver readings become `optics`.
 * README.md in this folder has the mapping table.
 */
import type { LinkCounter, LinkObservation, Optics, OpticsLane } from '../../core/link.js';
import { asArr, asObj, at, finite, type JsonObject } from '../../core/json.js';

type Obj = JsonObject;


function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

const num = finite;

/** A count: a non-negative integer, or a string of digits (some services quote their counters). */
function count(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return undefined;
}

// --- normalized fields --------------------------------------------------------------------------

/**
 * PortMetrics property paths feeding the normalized counters, in order of preference (the first
 * one present wins for its counter). `Port.LinkTransitionIndicator` feeds `carrier_changes`.
 */
export const PORT_METRICS_COUNTERS: readonly (readonly [path: string, counter: LinkCounter])[] = [
  ['RXBytes', 'rx_bytes'],
  ['TXBytes', 'tx_bytes'],
  ['RXErrors', 'rx_errors'],
  ['TXErrors', 'tx_errors'],
  ['Networking.RXFrames', 'rx_packets'],
  ['Networking.TXFrames', 'tx_packets'],
  ['Networking.RXFCSErrors', 'rx_crc_errors'],
  ['FibreChannel.InvalidCRCs', 'rx_crc_errors'],
  ['Networking.RXFrameAlignmentErrors', 'rx_alignment_errors'],
  ['Networking.RXUndersizeFrames', 'rx_runts'],
  ['Networking.RXDiscards', 'rx_discards'],
  ['Networking.TXDiscards', 'tx_discards'],
  ['Networking.RXPFCFrames', 'rx_pfc_frames'],
  ['Networking.TXPFCFrames', 'tx_pfc_frames'],
  ['FibreChannel.CorrectableFECErrors', 'fec_corrected_codewords'],
  ['FibreChannel.UncorrectableFECErrors', 'fec_uncorrected_codewords'],
  ['FibreChannel.LinkFailures', 'link_down_events'],
];

const MAC_RE = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

/** A MAC address in lower case with colons; undefined for anything else (WWNs, GUIDs, empty). */
export function normalizeMac(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (MAC_RE.test(s)) return s.toLowerCase().replace(/-/g, ':');
  if (/^[0-9a-f]{12}$/i.test(s)) return s.toLowerCase().replace(/(..)(?!$)/g, '$1:');
  return undefined;
}

/** Redfish LinkStatus (Port, EthernetInterface, or NetworkPort's `Up`/`Down`) → operState and carrier. */
function linkState(linkStatus: string): { operState: string; carrier?: boolean } {
  switch (linkStatus) {
    case 'LinkUp':
    case 'Up':
      return { operState: 'up', carrier: true };
    case 'LinkDown':
    case 'NoLink':
    case 'Down':
      return { operState: 'down', carrier: false };
    case 'Starting':
    case 'Training':
      return { operState: linkStatus.toLowerCase(), carrier: false };
    default:
      return { operState: linkStatus.toLowerCase() };
  }
}

/** A speed in Gb/s as Mb/s; only a positive one (a down link often reports 0). */
function gbpsToMbps(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n > 0 ? Math.round(n * 1000) : undefined;
}

function positive(v: unknown): number | undefined {
  const n = num(v);
  return n !== undefined && n > 0 ? n : undefined;
}

// --- flattening into raw and info ---------------------------------------------------------------

/** Facts kept per link at most (a runaway Oem section must not bloat every sample). */
const MAX_INFO_KEYS = 256;
const MAX_DEPTH = 8;

type Leaf = string | number | boolean;

function isLeaf(v: unknown): v is Leaf {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Calls `emit` for every scalar under `v` with its property path (`A.B`, arrays as `A[0].B`; an
 * array of scalars is one value, comma-separated). Annotations (`@odata.*`, `X@Redfish.*`) are
 * skipped.
 */
function flatten(v: unknown, path: string, depth: number, emit: (path: string, value: Leaf) => void): void {
  if (isLeaf(v)) {
    emit(path, v);
    return;
  }
  if (depth >= MAX_DEPTH || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every(isLeaf)) {
      emit(path, v.map(String).join(','));
      return;
    }
    v.forEach((x, i) => flatten(x, `${path}[${i}]`, depth + 1, emit));
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('@')) continue;
    flatten(x, path === '' ? k : `${path}.${k}`, depth + 1, emit);
  }
}

class Facts {
  readonly info: Record<string, string> = {};
  #n = 0;

  set(key: string, value: Leaf): void {
    if (Object.hasOwn(this.info, key)) {
      this.info[key] = String(value);
      return;
    }
    if (this.#n >= MAX_INFO_KEYS) return;
    this.#n++;
    this.info[key] = String(value);
  }
}

/** Top-level properties of a resource that are identity, navigation or actions, not facts. */
const NOT_FACTS = new Set(['Id', 'Name', 'Description', 'Actions', 'Links', 'Metrics', 'EnvironmentMetrics']);

/** Port properties that become normalized fields (so not repeated in info when they do). */
const PORT_NORMALIZED = new Set(['LinkStatus', 'LinkTransitionIndicator', 'CurrentSpeedGbps', 'MaxSpeedGbps', 'CurrentLinkSpeedMbps']);

/** Facts that statusFacts() keeps under the common keys `health` and `state`. */
const STATUS_KEYS = new Set(['redfish.Status.Health', 'redfish.Status.State']);

/** `link_status`, `health`, `state`: the keys every Redfish source uses (the tables show `link_status`). */
function statusFacts(resource: unknown, facts: Facts): void {
  const ls = str(at(resource, 'LinkStatus'));
  if (ls !== undefined) facts.set('link_status', ls);
  const health = str(at(resource, 'Status', 'Health'));
  if (health !== undefined) facts.set('health', health);
  const state = str(at(resource, 'Status', 'State'));
  if (state !== undefined) facts.set('state', state);
}

// --- optics -------------------------------------------------------------------------------------

interface LaneBuild {
  lane: number;
  txBiasMa?: number;
  txPowerMw?: number;
  rxPowerMw?: number;
}

const TRANSCEIVER_READINGS = ['TXBiasCurrentMilliAmps', 'TXOutputPowerMilliWatts', 'RXInputPowerMilliWatts'] as const;

function laneReadings(o: Obj, lane: number): LaneBuild | undefined {
  const l: LaneBuild = { lane };
  const bias = num(o['TXBiasCurrentMilliAmps']);
  if (bias !== undefined) l.txBiasMa = bias;
  const tx = num(o['TXOutputPowerMilliWatts']);
  if (tx !== undefined) l.txPowerMw = tx;
  const rx = num(o['RXInputPowerMilliWatts']);
  if (rx !== undefined) l.rxPowerMw = rx;
  return Object.keys(l).length > 1 ? l : undefined;
}

/**
 * Optics from `PortMetrics.Transceivers[]` (readings) and `Port.SFP` (identity). A transceiver
 * with `ByLane` gives one lane per entry, numbered by its `LaneId` (1-based; a 0-based list is
 * shifted by one) and its aggregated readings stay in info; a transceiver without `ByLane` is one
 * lane, numbered by its position (1 for the first).
 */
function mapOptics(port: unknown, metrics: unknown, facts: Facts): Optics | undefined {
  const lanes = new Map<number, LaneBuild>();
  let voltageV: number | undefined;
  asArr(at(metrics, 'Transceivers')).forEach((t, i) => {
    const o = asObj(t);
    if (!o) return;
    const prefix = `redfish.Transceivers[${i}]`;
    const v = num(o['SupplyVoltage']);
    if (v !== undefined) {
      if (voltageV === undefined) voltageV = v;
      else facts.set(`${prefix}.SupplyVoltage`, v);
    }
    for (const [k, x] of Object.entries(o)) {
      if (k === 'ByLane' || k === 'SupplyVoltage' || k.includes('@') || (TRANSCEIVER_READINGS as readonly string[]).includes(k)) continue;
      flatten(x, `${prefix}.${k}`, 1, (p, value) => facts.set(p, value));
    }
    const byLane = asArr(o['ByLane'])
      .map(asObj)
      .filter((l): l is Obj => l !== undefined);
    const add = (l: LaneBuild | undefined, source: Obj, path: string): void => {
      if (!l) return;
      if (lanes.has(l.lane)) {
        for (const k of TRANSCEIVER_READINGS) if (num(source[k]) !== undefined) facts.set(`${path}.${k}`, source[k] as number);
        return;
      }
      lanes.set(l.lane, l);
    };
    if (byLane.length > 0) {
      const shift = byLane.some((l) => l['LaneId'] === 0) ? 1 : 0;
      byLane.forEach((l, j) => {
        const id = num(l['LaneId']);
        const lane = id !== undefined && Number.isInteger(id) && id >= 0 ? id + shift : j + 1;
        add(laneReadings(l, lane), l, `${prefix}.ByLane[${j}]`);
      });
      for (const k of TRANSCEIVER_READINGS) {
        const x = num(o[k]);
        if (x !== undefined) facts.set(`${prefix}.${k}`, x);
      }
    } else {
      add(laneReadings(o, i + 1), o, prefix);
    }
  });

  const sfp = asObj(at(port, 'SFP'));
  const identity: { identifier?: string; vendor?: string; partNumber?: string; serial?: string } = {};
  const identifier = str(sfp?.['Type']);
  if (identifier !== undefined) identity.identifier = identifier;
  const vendor = str(sfp?.['Manufacturer']);
  if (vendor !== undefined) identity.vendor = vendor;
  const partNumber = str(sfp?.['PartNumber']);
  if (partNumber !== undefined) identity.partNumber = partNumber;
  const serial = str(sfp?.['SerialNumber']);
  if (serial !== undefined) identity.serial = serial;

  if (lanes.size === 0 && voltageV === undefined && Object.keys(identity).length === 0) return undefined;
  const sorted: OpticsLane[] = [...lanes.values()].sort((a, b) => a.lane - b.lane);
  return { ...identity, ...(voltageV !== undefined ? { voltageV } : {}), lanes: sorted };
}

// --- Port + PortMetrics -------------------------------------------------------------------------

/**
 * One Port (or NetworkPort) and its PortMetrics (undefined when the service has none) as a link
 * named `name`.
 */
export function mapRedfishPort(port: unknown, metrics: unknown | undefined, name: string): LinkObservation {
  const p = asObj(port);
  const m = asObj(metrics);
  const facts = new Facts();
  const raw = new Map<string, bigint>();
  const counters: Partial<Record<LinkCounter, bigint>> = {};

  statusFacts(p, facts);
  for (const [k, v] of Object.entries(p ?? {})) {
    if (k.includes('@') || NOT_FACTS.has(k) || PORT_NORMALIZED.has(k)) continue;
    flatten(v, `redfish.${k}`, 1, (path, value) => {
      if (!STATUS_KEYS.has(path)) facts.set(path, value);
    });
  }

  // Counters of the Port itself.
  const transitions = count(p?.['LinkTransitionIndicator']);
  if (transitions !== undefined) {
    raw.set('redfish.LinkTransitionIndicator', transitions);
    counters.carrier_changes = transitions;
  } else if (p?.['LinkTransitionIndicator'] !== undefined && isLeaf(p['LinkTransitionIndicator'])) {
    facts.set('redfish.LinkTransitionIndicator', p['LinkTransitionIndicator']);
  }

  // PortMetrics: every count into raw, anything else into info; transceivers are optics.
  for (const [k, v] of Object.entries(m ?? {})) {
    if (k.includes('@') || k === 'Transceivers' || k === 'Id' || k === 'Name' || k === 'Description' || k === 'Actions' || k === 'Links') continue;
    flatten(v, `redfish.${k}`, 1, (path, value) => {
      const c = count(value);
      if (c !== undefined) raw.set(path, c);
      else facts.set(path, value);
    });
  }
  for (const [path, counter] of PORT_METRICS_COUNTERS) {
    if (counters[counter] !== undefined) continue;
    const c = count(at(m, ...path.split('.')));
    if (c !== undefined) counters[counter] = c;
  }

  const optics = mapOptics(p, m, facts);

  // Facts that are normalized fields.
  const linkStatus = str(p?.['LinkStatus']);
  const state = linkStatus !== undefined ? linkState(linkStatus) : disabledState(p);
  const speedMbps = gbpsToMbps(p?.['CurrentSpeedGbps']) ?? positive(p?.['CurrentLinkSpeedMbps']);
  const maxSpeedMbps = gbpsToMbps(p?.['MaxSpeedGbps']) ?? legacyMaxSpeedMbps(p);
  // A speed that is not one (0 on a down link, a string) stays a fact.
  if (speedMbps === undefined) for (const k of ['CurrentSpeedGbps', 'CurrentLinkSpeedMbps']) if (isLeaf(p?.[k])) facts.set(`redfish.${k}`, p[k] as Leaf);
  if (maxSpeedMbps === undefined && isLeaf(p?.['MaxSpeedGbps'])) facts.set('redfish.MaxSpeedGbps', p['MaxSpeedGbps'] as Leaf);
  if (linkStatus === undefined && isLeaf(p?.['LinkStatus'])) facts.set('redfish.LinkStatus', p['LinkStatus'] as Leaf);
  const mac =
    asArr(at(p, 'Ethernet', 'AssociatedMACAddresses')).map(normalizeMac).find((x) => x !== undefined) ??
    asArr(p?.['AssociatedNetworkAddresses']).map(normalizeMac).find((x) => x !== undefined);
  const description = str(p?.['Description']);

  return {
    port: name,
    ...(mac !== undefined ? { mac } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(speedMbps !== undefined ? { speedMbps } : {}),
    ...(maxSpeedMbps !== undefined ? { maxSpeedMbps } : {}),
    ...(state ?? {}),
    counters,
    laneCounters: {},
    ...(optics !== undefined ? { optics } : {}),
    raw,
    info: facts.info,
  };
}

/** Without a LinkStatus, an administratively disabled port is down (carrier unknown, as on a node). */
function disabledState(resource: Obj | undefined): { operState: string } | undefined {
  if (resource?.['InterfaceEnabled'] === false || resource?.['Enabled'] === false || resource?.['LinkState'] === 'Disabled') return { operState: 'down' };
  return undefined;
}

/** NetworkPort: the highest of `SupportedLinkCapabilities[].LinkSpeedMbps` / `.CapableLinkSpeedMbps[]`. */
function legacyMaxSpeedMbps(p: Obj | undefined): number | undefined {
  let max: number | undefined;
  for (const cap of asArr(p?.['SupportedLinkCapabilities'])) {
    const speeds = [at(cap, 'LinkSpeedMbps'), ...asArr(at(cap, 'CapableLinkSpeedMbps'))];
    for (const s of speeds) {
      const n = positive(s);
      if (n !== undefined && (max === undefined || n > max)) max = n;
    }
  }
  return max;
}

/**
 * Facts of the NetworkAdapter a port belongs to, added to each of its links by the collector:
 * `firmware_version` (`Controllers[0].FirmwarePackageVersion`) and `redfish.NetworkAdapter.*`.
 */
export function adapterInfo(adapter: unknown): Record<string, string> {
  const info: Record<string, string> = {};
  for (const k of ['Manufacturer', 'Model', 'PartNumber', 'SerialNumber', 'SKU']) {
    const v = str(at(adapter, k));
    if (v !== undefined) info[`redfish.NetworkAdapter.${k}`] = v;
  }
  const fw = asArr(at(adapter, 'Controllers'))
    .map((c) => str(at(c, 'FirmwarePackageVersion')))
    .find((v) => v !== undefined);
  if (fw !== undefined) info.firmware_version = fw;
  return info;
}

/**
 * Adds what a Port's EnvironmentMetrics resource says: `TemperatureCelsius.Reading` is the
 * module temperature when the port has optics, else a fact (`redfish.EnvironmentMetrics.TemperatureCelsius`).
 */
export function withEnvironmentMetrics(link: LinkObservation, env: unknown): LinkObservation {
  const t = num(at(env, 'TemperatureCelsius', 'Reading'));
  if (t === undefined) return link;
  if (link.optics !== undefined) return { ...link, optics: { ...link.optics, temperatureC: t } };
  return { ...link, info: { ...link.info, 'redfish.EnvironmentMetrics.TemperatureCelsius': String(t) } };
}

// --- EthernetInterface --------------------------------------------------------------------------

/** EthernetInterface properties kept as facts (`redfish.<path>`); addresses and DNS settings are not link facts. */
const IFACE_FACTS: readonly string[] = [
  'EthernetInterfaceType',
  'InterfaceEnabled',
  'PermanentMACAddress',
  'AutoNeg',
  'FullDuplex',
  'MTUSize',
  'SpeedMbps',
  'TeamMode',
  'VLAN.VLANEnable',
  'VLAN.VLANId',
  'UefiDevicePath',
];

/** One EthernetInterface (of a ComputerSystem) as a link named `name`. */
export function mapEthernetInterface(iface: unknown, name: string): LinkObservation {
  const o = asObj(iface);
  const facts = new Facts();
  statusFacts(o, facts);
  for (const path of IFACE_FACTS) {
    const v = at(o, ...path.split('.'));
    if (isLeaf(v)) facts.set(`redfish.${path}`, v);
  }
  const mtu = positive(o?.['MTUSize']);
  if (mtu !== undefined) facts.set('mtu', mtu);
  if (typeof o?.['FullDuplex'] === 'boolean') facts.set('duplex', o['FullDuplex'] ? 'full' : 'half');

  const linkStatus = str(o?.['LinkStatus']);
  const state = linkStatus !== undefined ? linkState(linkStatus) : disabledState(o);
  const mac = normalizeMac(o?.['MACAddress']) ?? normalizeMac(o?.['PermanentMACAddress']);
  const speedMbps = positive(o?.['SpeedMbps']);
  const description = str(o?.['Description']);
  return {
    port: name,
    ...(mac !== undefined ? { mac } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(speedMbps !== undefined ? { speedMbps } : {}),
    ...(state ?? {}),
    counters: {},
    laneCounters: {},
    raw: new Map(),
    info: facts.info,
  };
}
