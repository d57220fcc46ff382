/**
 * eAPI `show interfaces`, read into the records of the text parser (show_interfaces.ts).
 *
 *   { "interfaces": { "Ethernet1": { "name": "Ethernet1", "interfaceStatus": "connected",
 *       "lineProtocolStatus": "up", "physicalAddress": "44:4c:a8:cd:33:7e", "bandwidth": 10000000000,
 *       "interfaceCounters": { "linkStatusChanges": 2, "inOctets": 0, "inUcastPkts": 0,
 *         "inputErrorsDetail": { "fcsErrors": 0, "runtFrames": 0, … }, … }, … } } }
 *
 * Words are translated to what the text output prints: `interfaceStatus` `disabled` is
 * `administratively down`, `connected` is `up`, anything else `down`; `lowerLayerDown` is
 * `lowerlayerdown`; packets input are unicast + multicast + broadcast, as the text counts them.
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, isObject, normalizeMac, num, readJsonOutput, str, u64FromJson } from './common.js';
import type { JsonObject } from './common.js';
import type { EosCounterName, EosInterface, EosInterfaceRate } from './show_interfaces.js';

const HARDWARE: Readonly<Record<string, string>> = {
  ethernet: 'Ethernet',
  portChannel: 'Port-Channel',
  loopback: 'Loopback',
  vlan: 'Vlan',
  vxlan: 'Vxlan',
  tunnel: 'Tunnel',
};

const DUPLEX: Readonly<Record<string, string>> = {
  duplexFull: 'Full-duplex',
  duplexHalf: 'Half-duplex',
  duplexUnknown: 'Unknown-duplex',
};

/** JSON counter paths → text counter names. */
const COUNTERS: readonly (readonly [string | undefined, string, EosCounterName])[] = [
  [undefined, 'inOctets', 'inBytes'],
  [undefined, 'inBroadcastPkts', 'inBroadcasts'],
  [undefined, 'inMulticastPkts', 'inMulticast'],
  ['inputErrorsDetail', 'runtFrames', 'runts'],
  ['inputErrorsDetail', 'giantFrames', 'giants'],
  [undefined, 'totalInErrors', 'inErrors'],
  ['inputErrorsDetail', 'fcsErrors', 'crc'],
  ['inputErrorsDetail', 'alignmentErrors', 'alignment'],
  ['inputErrorsDetail', 'symbolErrors', 'symbol'],
  [undefined, 'inDiscards', 'inDiscards'],
  ['inputErrorsDetail', 'rxPause', 'pauseIn'],
  [undefined, 'outOctets', 'outBytes'],
  [undefined, 'outBroadcastPkts', 'outBroadcasts'],
  [undefined, 'outMulticastPkts', 'outMulticast'],
  [undefined, 'totalOutErrors', 'outErrors'],
  ['outputErrorsDetail', 'collisions', 'collisions'],
  ['outputErrorsDetail', 'lateCollisions', 'lateCollisions'],
  ['outputErrorsDetail', 'deferredTransmissions', 'deferred'],
  [undefined, 'outDiscards', 'outDiscards'],
  ['outputErrorsDetail', 'txPause', 'pauseOut'],
];

function sumPackets(c: JsonObject, dir: 'in' | 'out'): bigint | undefined {
  const parts = [c[`${dir}UcastPkts`], c[`${dir}MulticastPkts`], c[`${dir}BroadcastPkts`]].map(u64FromJson);
  if (parts[0] === undefined) return undefined;
  return parts.reduce<bigint>((a, b) => a + (b ?? 0n), 0n);
}

function rate(s: JsonObject, dir: 'in' | 'out'): EosInterfaceRate | undefined {
  const bps = num(s[`${dir}BitsRate`]);
  const pps = num(s[`${dir}PktsRate`]);
  const interval = num(s.updateInterval);
  if (bps === undefined || pps === undefined || interval === undefined) return undefined;
  return { interval: `${interval} seconds`, bitsPerSecond: Math.round(bps), packetsPerSecond: Math.round(pps) };
}

function interfaceFromJson(key: string, x: JsonObject): EosInterface {
  // The key names the interface (a `name` inside that disagrees is ignored: the key is what eAPI indexes by).
  const rec: EosInterface = { name: key, counters: {}, other: [] };
  const status = str(x.interfaceStatus);
  if (status !== undefined) {
    rec.linkStatus = status === 'connected' ? 'up' : status === 'disabled' ? 'administratively down' : 'down';
  }
  const proto = str(x.lineProtocolStatus);
  if (proto !== undefined) rec.protocolStatus = proto.toLowerCase();
  if (status !== undefined) rec.status = status;
  const hw = str(x.hardware);
  if (hw !== undefined) rec.hardware = HARDWARE[hw] ?? hw;
  const mac = normalizeMac(str(x.physicalAddress) ?? '');
  if (mac !== undefined) rec.mac = mac;
  const bia = normalizeMac(str(x.burnedInAddress) ?? '');
  if (bia !== undefined) rec.bia = bia;
  const description = str(x.description);
  if (description !== undefined) rec.description = description;
  const addrs = x.interfaceAddress;
  const primary = Array.isArray(addrs) && isObject(addrs[0]) && isObject(addrs[0].primaryIp) ? addrs[0].primaryIp : undefined;
  const ip = primary ? str(primary.address) : undefined;
  if (primary && ip !== undefined && ip !== '0.0.0.0') rec.ipAddress = `${ip}/${num(primary.maskLen) ?? 0}`;
  const member = str(x.interfaceMembership);
  if (member !== undefined) rec.memberOf = member.replace(/^Member of /, '');
  const mtu = num(x.mtu);
  if (mtu !== undefined) rec.mtu = mtu;
  const bw = num(x.bandwidth);
  if (bw !== undefined) {
    rec.bandwidthKbit = Math.round(bw / 1000);
    if (bw > 0) rec.speedMbps = bw / 1_000_000;
  }
  const duplex = str(x.duplex);
  if (duplex !== undefined) rec.duplex = DUPLEX[duplex] ?? duplex;
  const lanes = num(x.lanes);
  if (lanes !== undefined && lanes > 0) rec.lanes = lanes;
  const autoneg = str(x.autoNegotiate);
  if (autoneg !== undefined) rec.autoNegotiation = autoneg;
  const loopback = str(x.loopbackMode);
  if (loopback !== undefined) rec.loopbackMode = loopback;
  const c = isObject(x.interfaceCounters) ? x.interfaceCounters : undefined;
  if (c) {
    const lsc = u64FromJson(c.linkStatusChanges);
    if (lsc !== undefined) rec.linkStatusChanges = lsc;
    const inPackets = sumPackets(c, 'in');
    if (inPackets !== undefined) rec.counters.inPackets = inPackets;
    const outPackets = sumPackets(c, 'out');
    for (const [group, name, to] of COUNTERS) {
      if (to === 'outBytes' && outPackets !== undefined) rec.counters.outPackets = outPackets;
      const src = group === undefined ? c : c[group];
      if (!isObject(src)) continue;
      const v = u64FromJson(src[name]);
      if (v !== undefined) rec.counters[to] = v;
    }
  }
  const s = isObject(x.interfaceStatistics) ? x.interfaceStatistics : undefined;
  if (s) {
    const inRate = rate(s, 'in');
    if (inRate) rec.inputRate = inRate;
    const outRate = rate(s, 'out');
    if (outRate) rec.outputRate = outRate;
  }
  const { counters, other, ...head } = rec;
  return { ...head, counters, other };
}

export function parseEapiShowInterfaces(raw: string): ParseResult<EosInterface> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  if (!isObject(value.interfaces)) return { records: [], unmatched: allUnmatched(raw) };
  const records: EosInterface[] = [];
  for (const [key, x] of Object.entries(value.interfaces)) {
    if (isObject(x)) records.push(interfaceFromJson(key, x));
  }
  return { records, unmatched };
}

export const eapiShowInterfacesParser: Parser<EosInterface> = {
  id: 'eapi_show_interfaces',
  command: 'show interfaces',
  parse: parseEapiShowInterfaces,
};
