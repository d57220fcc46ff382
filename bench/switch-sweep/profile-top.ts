/**
 * Summarizes a V8 CPU profile (`.cpuprofile`, from `npm run bench -- switch-sweep --profile F` or
 * `node --cpu-prof`): the top functions by self time, self time by file, and every sample
 * attributed to the nearest frame that belongs to a known part of linkmon (walking up from the
 * leaf), so native work (RegExp, Buffer, GC excepted) is charged to the code that asked for it.
 *
 *   node --import tsx bench/switch-sweep/profile-top.ts FILE.cpuprofile [TOP=40]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Parts of the sweep, tested on the nearest frame first. */
const PARTS: readonly (readonly [string, (url: string, fn: string) => boolean])[] = [
  ['bench checks', (u) => u.includes('/bench/')],
  ['parse + map (src/vendors)', (u) => u.includes('/src/vendors/') || u.includes('/src/core/parser')],
  ['collector (src/collectors/switch_cli)', (u) => u.includes('/src/collectors/switch_cli/')],
  ['CLI session: prompt detection, output extraction (cli-session.ts)', (u) => u.includes('/src/transports/ssh/cli-session')],
  ['scheduler (sweep, p-limit)', (u) => u.includes('/src/scheduler/') || u.includes('/p-limit/') || u.includes('/yocto-queue/')],
  ['ssh2 protocol + crypto', (u) => u.includes('/ssh2/') || u.startsWith('node:internal/crypto')],
  ['node streams, net, events', (u) => u.startsWith('node:')],
];

function short(url: string): string {
  const m = /\/(node_modules|src|bench)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url === '' ? '(native/vm)' : url;
}

export function summarize(profile: Profile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    own.set(id, (own.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const byFile = new Map<string, number>();
  const parts = new Map<string, number>();
  for (const [id, t] of own) {
    const cf = (byId.get(id) as ProfileNode).callFrame;
    const key = `${cf.functionName || '(anonymous)'}  ${short(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + t);
    byFile.set(short(cf.url), (byFile.get(short(cf.url)) ?? 0) + t);
    let part = ['(idle)', '(garbage collector)', '(program)'].includes(cf.functionName) ? cf.functionName : undefined;
    for (let cur: number | undefined = id; part === undefined && cur !== undefined; cur = parent.get(cur)) {
      const f = (byId.get(cur) as ProfileNode).callFrame;
      part = PARTS.find(([, test]) => test(f.url, f.functionName))?.[0];
    }
    part ??= 'other';
    parts.set(part, (parts.get(part) ?? 0) + t);
  }
  const busy = total - (parts.get('(idle)') ?? 0);
  const row = (t: number, what: string): string => `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${what}`;
  const lines = [`profile: ${(total / 1000).toFixed(0)} ms, of which not idle ${(busy / 1000).toFixed(0)} ms (percentages are of the latter)`, '', 'by part (nearest linkmon frame):'];
  for (const [k, t] of [...parts].sort((a, b) => b[1] - a[1])) if (k !== '(idle)') lines.push(row(t, k));
  lines.push('', `top ${top} functions by self time:`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) if (!k.startsWith('(idle)')) lines.push(row(t, k));
  lines.push('', 'self time by file:');
  for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(row(t, k));
  return lines.join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const [file, topText] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node --import tsx bench/switch-sweep/profile-top.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(topText ?? 40))}\n`);
}
