/**
 * Regenerates parser golden files: for every `src/vendors/<vendor>/testdata/<parser_id>/<case>.raw`
 * it runs the parser registered under <parser_id> and writes `<case>.json` beside it
 * (the ParseResult as JSON, bigint as decimal strings).
 *
 *   npx tsx scripts/update-goldens.ts           # write .json files
 *   npx tsx scripts/update-goldens.ts --check   # only report stale or missing .json (exit 1)
 *
 * Review the diff of the generated JSON by eye before committing: a golden is only as good as
 * the review it got.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDOR_PARSERS } from '../src/vendors/index.js';
import { toGoldenJson } from '../src/vendors/linux/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VENDORS = path.join(ROOT, 'src', 'vendors');
const check = process.argv.includes('--check');

async function main(): Promise<number> {
  let written = 0;
  let unchanged = 0;
  let failures = 0;

  for (const vendor of readdirSync(VENDORS, { withFileTypes: true })) {
    if (!vendor.isDirectory()) continue;
    const testdata = path.join(VENDORS, vendor.name, 'testdata');
    if (!existsSync(testdata)) continue;
    for (const dir of readdirSync(testdata, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      // Parser ids are per vendor: testdata/<parser_id> of vendor V is V's parser of that id.
      const parser = VENDOR_PARSERS[vendor.name]?.[dir.name];
      const caseDir = path.join(testdata, dir.name);
      const raws = readdirSync(caseDir).filter((f) => f.endsWith('.raw')).sort();
      if (!parser) {
        console.error(`no parser registered with id '${dir.name}' (${path.relative(ROOT, caseDir)})`);
        failures++;
        continue;
      }
      for (const raw of raws) {
        const rawPath = path.join(caseDir, raw);
        const jsonPath = rawPath.replace(/\.raw$/, '.json');
        const rel = path.relative(ROOT, jsonPath);
        const next = toGoldenJson(parser.parse(readFileSync(rawPath, 'utf8')));
        const prev = existsSync(jsonPath) ? readFileSync(jsonPath, 'utf8') : undefined;
        if (prev === next) {
          unchanged++;
          continue;
        }
        if (check) {
          console.error(`${prev === undefined ? 'missing' : 'stale'}: ${rel}`);
          failures++;
          continue;
        }
        writeFileSync(jsonPath, next);
        console.log(`${prev === undefined ? 'created' : 'updated'}: ${rel}`);
        written++;
      }
    }
  }

  console.log(`${written} written, ${unchanged} unchanged, ${failures} problem(s)`);
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
