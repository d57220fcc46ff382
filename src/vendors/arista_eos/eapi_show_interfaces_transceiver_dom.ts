/**
 * eAPI `show interfaces transceiver dom` (also `… dom thresholds`), read into the records of the
 * text parser. Every parameter lists its channels; module-wide values use channel `-`.
 *
 *   { "interfaces": { "Ethernet2/1": { "displayName": "Ethernet2/1", "vendorSn": "TEST05DA",
 *       "mediaType": "100GBASE-SR4", "updateTime": 1700000000.0,
 *       "parameters": { "rxPower": { "unit": "dBm", "channels": { "1": -30.08, "2": -0.10 } },
 *                       "temperature": { "unit": "C", "channels": { "-": 45.0 } }, … } } } }
 *
 * Powers given in mW are converted to dBm like the text output prints them.
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, epochText, isObject, num, readJsonOutput, str } from './common.js';
import type { EosDom, EosDomLane } from './show_interfaces_transceiver_dom.js';

type LaneField = 'txBiasMa' | 'txPowerDbm' | 'rxPowerDbm';

const LANE_PARAMS: Readonly<Record<string, LaneField>> = {
  txBias: 'txBiasMa',
  txPower: 'txPowerDbm',
  rxPower: 'rxPowerDbm',
};

function moduleValue(p: unknown): number | undefined {
  if (!isObject(p) || !isObject(p.channels)) return undefined;
  return num(p.channels['-']) ?? num(Object.values(p.channels)[0]);
}

export function parseEapiShowInterfacesTransceiverDom(raw: string): ParseResult<EosDom> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  if (!isObject(value.interfaces)) return { records: [], unmatched: allUnmatched(raw) };
  const records: EosDom[] = [];
  for (const [port, x] of Object.entries(value.interfaces)) {
    if (!isObject(x)) continue;
    const rec: EosDom = { port, lanes: [] };
    const media = str(x.mediaType);
    if (media !== undefined) rec.mediaType = media;
    const sn = str(x.vendorSn);
    if (sn !== undefined) rec.serial = sn;
    const updated = epochText(num(x.updateTime));
    if (updated !== undefined) rec.lastUpdate = updated;
    const params = isObject(x.parameters) ? x.parameters : {};
    const temp = moduleValue(params.temperature);
    if (temp !== undefined) rec.temperatureC = temp;
    const volt = moduleValue(params.voltage);
    if (volt !== undefined) rec.voltageV = volt;
    const lanes = new Map<number, EosDomLane>();
    for (const [name, field] of Object.entries(LANE_PARAMS)) {
      const p = params[name];
      if (!isObject(p) || !isObject(p.channels)) continue;
      const mw = str(p.unit) === 'mW';
      for (const [ch, v] of Object.entries(p.channels)) {
        const n = num(v);
        if (!/^\d+$/.test(ch) || n === undefined) continue;
        let lane = lanes.get(Number(ch));
        if (!lane) {
          lane = { channel: Number(ch) };
          lanes.set(lane.channel, lane);
        }
        lane[field] = mw && field !== 'txBiasMa' ? Number((10 * Math.log10(n)).toFixed(2)) : n;
      }
    }
    rec.lanes = [...lanes.values()].sort((a, b) => a.channel - b.channel);
    const { lanes: l, ...head } = rec;
    records.push({ ...head, lanes: l });
  }
  return { records, unmatched };
}

export const eapiShowInterfacesTransceiverDomParser: Parser<EosDom> = {
  id: 'eapi_show_interfaces_transceiver_dom',
  command: 'show interfaces transceiver dom',
  parse: parseEapiShowInterfacesTransceiverDom,
};
