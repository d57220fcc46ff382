import { it } from 'vitest';
import { startSimCluster, simNode, simAddress, freePort } from '../helpers/sim.js';
import { runCli } from '../helpers/cli.js';
it('explore', async () => {
  const c = await startSimCluster([
    simNode(0), simNode(1, {}, { behaviour: 'hang' }), simNode(2, {}, { behaviour: 'garbage' }), simNode(3, {}, { behaviour: 'no-bash' }),
    simNode(4, { ethtoolMissing: true }), simNode(5, {}, { password: 'other-pw-123' }),
  ]);
  const refused = await freePort();
  const list = await c.file('n2.txt', [0,1,2,3,4,5].map((i) => c.entry(simAddress(i))).join('\n') + `\nroot@127.1.0.99:${c.port}\n`);
  const t0 = Date.now();
  const r = await runCli(['-n', list, '--known-hosts', c.knownHosts, '-i', '1', '--timeout', '2'], { env: c.env });
  console.log(Date.now() - t0, r.code, r.stdout, r.stderr);
  const kh = await c.file('kh2', c.sim.knownHosts.split('\n').filter((l) => !l.includes('127.1.0.2]')).join('\n'));
  const r2 = await runCli(['-n', list, '--known-hosts', kh, '-i', '1', '--timeout', '2'], { env: c.env });
  console.log(r2.code, r2.stdout, r2.stderr);
  void refused;
  await c.stop();
}, 60000);
