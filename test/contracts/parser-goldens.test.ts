/**
 * The parser contract, for every parser of every vendor: each `src/vendors/<vendor>/testdata/
 * <parser_id>/<case>.raw` parses to exactly its reviewed `<case>.json` (regenerate with
 * `npx tsx scripts/update-goldens.ts`, then review); every parser has at least two cases, one of
 * them with lines it must report as not understood; CRLF input parses the same; parsers are pure
 * (the same input twice gives the same output).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENDOR_PARSERS } from '../../src/vendors/index.js';
import { toGoldenJson } from '../../src/vendors/linux/index.js';
import { REPO_ROOT } from '../helpers/cli.js';

const read = (file: string): string => readFileSync(file, 'utf8');

for (const [vendor, parsers] of Object.entries(VENDOR_PARSERS)) {
  const testdata = path.join(REPO_ROOT, 'src', 'vendors', vendor, 'testdata');
  const cases: { id: string; name: string; raw: string; json: string }[] = [];
  for (const id of existsSync(testdata) ? readdirSync(testdata).sort() : []) {
    for (const f of readdirSync(path.join(testdata, id)).sort()) {
      if (!f.endsWith('.raw')) continue;
      const name = f.slice(0, -4);
      cases.push({ id, name, raw: path.join(testdata, id, f), json: path.join(testdata, id, `${name}.json`) });
    }
  }

  describe(`${vendor} parsers: goldens in src/vendors/${vendor}/testdata`, () => {
    it('every parser has at least 2 cases, one with unmatched lines; every case dir has a parser', () => {
      for (const id of Object.keys(parsers)) {
        const own = cases.filter((c) => c.id === id);
        expect(own.length, id).toBeGreaterThanOrEqual(2);
        const withUnmatched = own.filter((c) => existsSync(c.json) && (JSON.parse(read(c.json)) as { unmatched: unknown[] }).unmatched.length > 0);
        expect(withUnmatched.length, `${id}: a case with lines it must report as not understood`).toBeGreaterThanOrEqual(1);
      }
      for (const c of cases) expect(parsers[c.id], `${vendor}/testdata/${c.id}`).toBeDefined();
    });

    it.each(cases.map((c) => [`${c.id}/${c.name}`, c] as const))('%s', (_label, c) => {
      const parser = parsers[c.id];
      expect(existsSync(c.json), `${c.json} missing: run npx tsx scripts/update-goldens.ts`).toBe(true);
      const raw = read(c.raw);
      const actual = toGoldenJson(parser?.parse(raw));
      expect(JSON.parse(actual)).toEqual(JSON.parse(read(c.json)));
      expect(actual).toBe(read(c.json));
      expect(toGoldenJson(parser?.parse(raw)), 'pure: same input, same output').toBe(actual);
      expect(toGoldenJson(parser?.parse(raw.replace(/\n/g, '\r\n'))), 'CRLF').toBe(actual);
    });
  });
}
