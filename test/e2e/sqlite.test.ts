import { it } from "vitest";
import { startSimCluster, simNode } from '../helpers/sim.js';
import { runCli } from '../helpers/cli.js';
import path from 'node:path';
it('explore', async () => {
const c = await startSimCluster([
  simNode(0, { faults: { ens1f0: { flapsPerSample: 2 }, ens1f1: { crcPerSample: 5 } } }),
  simNode(1), simNode(2),
]);
const db = path.join(c.dir, 'x.db');
const t0 = Date.now();
const r = await runCli(['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1', '-t', '3', '-d', db, '-o', path.join(c.dir, 'out'), '--progress'], { env: c.env });
console.log(Date.now() - t0, r);
const { default: Database } = await import('/work/main/node_modules/better-sqlite3/lib/index.js');
const d = new Database(db, { readonly: true });
console.log(d.prepare('select * from runs').all());
console.log(d.prepare('select * from sweeps').all());
console.log(d.prepare('select * from device_errors').all());
console.log(d.prepare('select metric_id, count(*) n from metrics group by 1').all());
console.log(d.prepare("select device_id, port, health, flaps, crc_errors, reasons from link_health").all());
const fs = await import('node:fs');
for (const f of fs.readdirSync(path.join(c.dir, 'out'))) { console.log(f); console.log(fs.readFileSync(path.join(c.dir, 'out', f), 'utf8')); }
const r2 = await runCli(['-n', c.nodeList, '--known-hosts', c.knownHosts, '-i', '1'], { env: c.env });
console.log(r2);
await c.stop();

}, 60000);
