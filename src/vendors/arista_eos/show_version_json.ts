/**
 * `show version | json` (and eAPI `show version`, see eapi_show_version.ts): the switch's model,
 * EOS version, serial number and uptime.
 *
 *   { "modelName": "DCS-7060CX-32S-F", "version": "4.23.0F", "serialNumber": "JPE20320659",
 *     "uptime": 48271281.9, "memTotal": 8104364, … }
 */
import type { ParseResult, Parser } from '../../core/parser.js';
import { allUnmatched, num, readJsonOutput, str } from './common.js';
import type { JsonObject } from './common.js';

export interface EosVersion {
  mfgName?: string;
  modelName?: string;
  hardwareRevision?: string;
  serialNumber?: string;
  systemMacAddress?: string;
  version?: string;
  internalVersion?: string;
  architecture?: string;
  uptimeSeconds?: number;
  /** Seconds since the epoch. */
  bootupTimestamp?: number;
  memTotalKb?: number;
  memFreeKb?: number;
}

const TEXT_KEYS = [
  'mfgName',
  'modelName',
  'hardwareRevision',
  'serialNumber',
  'systemMacAddress',
  'version',
  'internalVersion',
  'architecture',
] as const;

export function versionFromJson(o: JsonObject): EosVersion | undefined {
  const rec: EosVersion = {};
  for (const k of TEXT_KEYS) {
    const v = str(o[k]);
    if (v !== undefined) rec[k] = v;
  }
  const uptime = num(o.uptime);
  if (uptime !== undefined) rec.uptimeSeconds = uptime;
  const boot = num(o.bootupTimestamp);
  if (boot !== undefined) rec.bootupTimestamp = boot;
  const total = num(o.memTotal);
  if (total !== undefined) rec.memTotalKb = total;
  const free = num(o.memFree);
  if (free !== undefined) rec.memFreeKb = free;
  return rec.modelName !== undefined || rec.version !== undefined ? rec : undefined;
}

export function parseShowVersionJson(raw: string): ParseResult<EosVersion> {
  const { value, unmatched } = readJsonOutput(raw);
  if (!value) return { records: [], unmatched };
  const rec = versionFromJson(value);
  return rec ? { records: [rec], unmatched } : { records: [], unmatched: allUnmatched(raw) };
}

export const showVersionJsonParser: Parser<EosVersion> = {
  id: 'show_version_json',
  command: 'show version | json',
  parse: parseShowVersionJson,
};
