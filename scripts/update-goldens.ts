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
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Parser } from '../src/core/parser.js';
import { linuxParsers, toGoldenJson } from '../src/vendors/linux/index.js';
import { hpComwareParsers } from '../src/vendors/hp_comware/index.js';
import { mellanoxOnyxParsers } from '../src/vendors/mellanox_onyx/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VENDORS = path.join(ROOT, 'src', 'vendors');
const check = process.argv.includes('--check');

function isParser(v: unknown): v is Parser<unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { id?: unknown }).id === 'string' &&
    typeof (v as { parse?: unknown }).parse === 'function'
  );
}

/** All parsers: the Linux registry plus any `*Parsers` registry exported by another vendor's index.ts. */
async function loadRegistry(): Promise<Map<string, Parser<unknown>>> {
  const registry = new Map<string, Parser<unknown>>(Object.entries(linuxParsers));
  for (const p of Object.values(hpComwareParsers)) registry.set(p.id, p);
  for (const p of Object.values(mellanoxOnyxParsers)) registry.set(p.id, p);
  for (const vendor of readdirSync(VENDORS, { withFileTypes: true })) {
    if (!vendor.isDirectory() || vendor.name === 'linux') continue;
    const index = path.join(VENDORS, vendor.name, 'index.ts');
    if (!existsSync(index)) continue;
    const mod = (await import(pathToFileURL(index).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!name.endsWith('Parsers') || typeof value !== 'object' || value === null) continue;
      for (const p of Object.values(value)) {
        if (isParser(p)) registry.set(p.id, p);
      }
    }
  }
  return registry;
}

async function main(): Promise<number> {
  const registry = await loadRegistry();
  let written = 0;
  let unchanged = 0;
  let failures = 0;

  for (const vendor of readdirSync(VENDORS, { withFileTypes: true })) {
    if (!vendor.isDirectory()) continue;
    const testdata = path.join(VENDORS, vendor.name, 'testdata');
    if (!existsSync(testdata)) continue;
    for (const dir of readdirSync(testdata, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const parser = registry.get(dir.name);
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
