/** Registry of the Linux node parsers, keyed by parser id (= file name). */
import type { Parser } from '../../core/parser.js';
import { ethtoolParser } from './ethtool.js';
import { ethtoolIParser } from './ethtool_i.js';
import { ethtoolMParser } from './ethtool_m.js';
import { ethtoolSParser } from './ethtool_s.js';
import { ethtoolShowFecParser } from './ethtool_show_fec.js';

export { ethtoolParser } from './ethtool.js';
export type { EthtoolSettings } from './ethtool.js';
export { ethtoolIParser } from './ethtool_i.js';
export type { EthtoolDriverInfo } from './ethtool_i.js';
export { ethtoolMParser } from './ethtool_m.js';
export type { ModuleInfo, ModuleLane } from './ethtool_m.js';
export { ethtoolSParser } from './ethtool_s.js';
export type { EthtoolStat } from './ethtool_s.js';
export { ethtoolShowFecParser } from './ethtool_show_fec.js';
export type { EthtoolFec, FecHistogramBin, FecStat } from './ethtool_show_fec.js';

const all: readonly Parser<unknown>[] = [
  ethtoolParser,
  ethtoolIParser,
  ethtoolSParser,
  ethtoolShowFecParser,
  ethtoolMParser,
];

export const linuxParsers: Record<string, Parser<unknown>> = Object.fromEntries(all.map((p) => [p.id, p]));

/**
 * The golden-file form of a parse result: JSON with bigint written as decimal strings,
 * 2-space indent, trailing newline. Used by scripts/update-goldens.ts and the golden tests.
 */
export function toGoldenJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}
