/**
 * eAPI `show interfaces phy detail`, read into the records of the text parser
 * (show_interfaces_phy_detail.ts). Each interface lists its PHY chips (`phyStatuses`); as in the
 * text output, when several chips report a value the last one (the outermost, line side) is kept.
 *
 *   { "interfacePhyStatuses": { "Ethernet1/1": { "phyStatuses": [ {
 *       "description": { "phyChipName": "BCM88690-TSCBH", "location": "line" },
 *       "phyState": { "value": "linkUp", "changes": 2, "lastChange": 1749630055.51 },
 *       "fec": { "correctedCodewords": { "value": 3, "changes": 303, "lastChange": 1749635205.17 },
 *                "uncorrectedCodewords": { "value": 0, "changes": 0, "lastChange": 0.0 } },
 *       "preFecBer": { "value": 5.38e-10 } }, … ] } } }
 *
 * Times (`lastChange`, seconds since the epoch) become ISO times, 0 becomes `never`.
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import type { FecRegisterReading } from '../switch-driver.js';
import { allUnmatched, epochText, isObject, num, readJsonOutput, str, u64FromJson } from './common.js';
import type { JsonObject } from './common.js';
import type { EosPhyDetail, PhyRow } from './show_interfaces_phy_detail.js';

/** `5.378509864228316e-10` → `5.38E-10`, as the text output prints rates. */
export function berText(v: number): string {
  const [mantissa, exp] = v.toExponential(2).toUpperCase().split('E');
  const e = Number(exp);
  return `${mantissa}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function registerOf(x: unknown): FecRegisterReading | undefined {
  if (!isObject(x)) return undefined;
  const value = u64FromJson(x.value);
  const changes = u64FromJson(x.changes);
  if (value === undefined || changes === undefined) return undefined;
  const last = epochText(num(x.lastChange));
  return { value, changes, ...(last !== undefined && { lastChange: last }) };
}

function chipModel(c: JsonObject): string | undefined {
  const name = str(c.modelName);
  if (name === undefined) return undefined;
  const hex = (v: unknown, pad: number): string => `0x${(num(v) ?? 0).toString(16).padStart(pad, '0')}`;
  const rev = str(c.hwRev);
  return `${name}${rev !== undefined ? ` (${rev})` : ''} (${hex(c.oui, 6)},${hex(c.model, 1)},${hex(c.rev, 1)})`;
}

function stateRow(label: string, x: unknown): PhyRow | undefined {
  if (!isObject(x)) return undefined;
  const row: PhyRow = { label };
  const v = x.value;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') row.state = String(v);
  const changes = u64FromJson(x.changes);
  if (changes !== undefined) row.changes = changes;
  const last = epochText(num(x.lastChange));
  if (last !== undefined) row.lastChange = last;
  return row;
}

function phyFromJson(port: string, x: JsonObject): EosPhyDetail {
  const rec: EosPhyDetail = { port, stale: false, chips: [], rows: [], tables: [] };
  const iface = stateRow('Interface state', x.interfaceState);
  if (iface?.state !== undefined) {
    rec.interfaceState = iface.state;
    rec.rows.push(iface);
  }
  const statuses = Array.isArray(x.phyStatuses) ? x.phyStatuses : [];
  for (const p of statuses) {
    if (!isObject(p)) continue;
    const d = isObject(p.description) ? p.description : {};
    const chip = str(d.phyChipName);
    if (chip !== undefined) rec.chips.push(str(d.location) !== undefined ? `${chip} ${str(d.location)}` : chip);
    const model = isObject(p.chip) ? chipModel(p.chip) : undefined;
    if (model !== undefined) rec.model = model;
    const fw = str(p.firmwareRev);
    if (fw !== undefined) rec.firmwareRevision = fw;
    const speed = str(p.operSpeed);
    if (speed !== undefined) rec.operSpeed = speed;
    const phy = stateRow('PHY state', p.phyState);
    if (phy) {
      rec.rows.push(phy);
      if (phy.state !== undefined) rec.phyState = phy.state;
    }
    const fec = isObject(p.fec) ? p.fec : undefined;
    if (fec) {
      const corrected = registerOf(fec.correctedCodewords);
      const uncorrected = registerOf(fec.uncorrectedCodewords);
      for (const [label, r] of [
        ['FEC corrected codewords', corrected],
        ['FEC uncorrected codewords', uncorrected],
      ] as const) {
        if (!r) continue;
        rec.rows.push({ label, state: String(r.value), changes: r.changes, ...(r.lastChange !== undefined && { lastChange: r.lastChange }) });
      }
      if (corrected) rec.fecCorrected = corrected;
      if (uncorrected) rec.fecUncorrected = uncorrected;
    }
    const ber = isObject(p.preFecBer) ? num(p.preFecBer.value) : undefined;
    if (ber !== undefined) rec.preFecBer = berText(ber);
    const post = isObject(p.postFecBer) ? num(p.postFecBer.value) : undefined;
    if (post !== undefined) rec.postFecBer = berText(post);
  }
  const { chips, rows, tables, ...head } = rec;
  return { ...head, chips, rows, tables };
}

export function parseEapiShowInterfacesPhyDetail(raw: string): ParseResult<EosPhyDetail> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  if (!isObject(value.interfacePhyStatuses)) return { records: [], unmatched: allUnmatched(raw) };
  const records: EosPhyDetail[] = [];
  for (const [port, x] of Object.entries(value.interfacePhyStatuses)) {
    if (isObject(x)) records.push(phyFromJson(port, x));
  }
  return { records, unmatched };
}

export const eapiShowInterfacesPhyDetailParser: Parser<EosPhyDetail> = {
  id: 'eapi_show_interfaces_phy_detail',
  command: 'show interfaces phy detail',
  parse: parseEapiShowInterfacesPhyDetail,
};
