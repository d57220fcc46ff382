/**
 * eAPI `show interfaces transceiver`: one reading per interface, read into the records of
 * `show interfaces transceiver dom` (the reading is kept as channel 1).
 *
 *   { "interfaces": { "Ethernet3/1/1": { "mediaType": "40GBASE-SR4", "vendorSn": "XMD1401000RP",
 *       "temperature": 35.26, "voltage": 3.27, "txBias": 6.306, "txPower": -0.91, "rxPower": -1.80,
 *       "updateTime": 1469043196.34 } } }
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, epochText, isObject, num, readJsonOutput, str } from './common.js';
import type { EosDom, EosDomLane } from './show_interfaces_transceiver_dom.js';

export function parseEapiShowInterfacesTransceiver(raw: string): ParseResult<EosDom> {
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
    const temp = num(x.temperature);
    if (temp !== undefined) rec.temperatureC = temp;
    const volt = num(x.voltage);
    if (volt !== undefined) rec.voltageV = volt;
    const lane: EosDomLane = { channel: 1 };
    const bias = num(x.txBias);
    if (bias !== undefined) lane.txBiasMa = bias;
    const tx = num(x.txPower);
    if (tx !== undefined) lane.txPowerDbm = tx;
    const rx = num(x.rxPower);
    if (rx !== undefined) lane.rxPowerDbm = rx;
    if (Object.keys(lane).length > 1) rec.lanes.push(lane);
    const { lanes, ...head } = rec;
    records.push({ ...head, lanes });
  }
  return { records, unmatched };
}

export const eapiShowInterfacesTransceiverParser: Parser<EosDom> = {
  id: 'eapi_show_interfaces_transceiver',
  command: 'show interfaces transceiver',
  parse: parseEapiShowInterfacesTransceiver,
};
