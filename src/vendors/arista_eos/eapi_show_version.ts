/**
 * eAPI `show version`: the same JSON as `show version | json`, read into the same record.
 */
import type { Parser } from '../../core/parser.js';
import { parseShowVersionJson } from './show_version_json.js';
import type { EosVersion } from './show_version_json.js';

export const eapiShowVersionParser: Parser<EosVersion> = {
  id: 'eapi_show_version',
  command: 'show version',
  parse: parseShowVersionJson,
};
