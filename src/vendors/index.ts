/** Every vendor's parsers by vendor id and parser id (for `linkmon parse`). */
import type { Parser } from '../core/parser.js';
import { SWITCH_DRIVERS } from './drivers.js';
import { linuxParsers } from './linux/index.js';

export const VENDOR_PARSERS: Readonly<Record<string, Readonly<Record<string, Parser<unknown>>>>> = {
  linux: linuxParsers,
  ...Object.fromEntries(Object.entries(SWITCH_DRIVERS).map(([os, driver]) => [os, driver.parsers])),
};
