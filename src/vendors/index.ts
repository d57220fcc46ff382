/** Every vendor's parsers by vendor id and parser id (for `linkmon parse`). */
import type { Parser } from '../core/parser.js';
import { linuxParsers } from './linux/index.js';

export const VENDOR_PARSERS: Readonly<Record<string, Readonly<Record<string, Parser<unknown>>>>> = {
  linux: linuxParsers,
};
