/**
 * An in-process SSH server that answers linkmon's node collection with synthetic output
 * (node-output.ts): one listener per simulated node on its own loopback address, so a whole
 * cluster runs beside linkmon on one machine. Used by tests (failure modes) and benchmarks.
 * Loopback only: every address must be in 127.0.0.0/8.
 */
import ssh2, { type Connection, type Server as SshServer } from 'ssh2';
import { generateHostKey, publicOf } from './host-key.js';
import { simNodeOutput, type SimNodeSpec } from './node-output.js';

// ssh2 is CommonJS: its Server is reachable only through the default export under Node's ESM.
const { Server } = ssh2;

export type SimBehaviour = 'normal' | 'hang' | 'garbage' | 'no-bash';

export interface SimNode {
  /** Loopback address, e.g. 127.1.0.7. */
  readonly address: string;
  readonly spec: SimNodeSpec;
  readonly behaviour?: SimBehaviour;
  /** When set, password logins must use it; public keys are accepted without a check. */
  readonly password?: string;
}

export interface NodeSimulator {
  readonly port: number;
  /** One known_hosts line per node. */
  readonly knownHosts: string;
  /** Samples answered so far, per address. */
  readonly execs: Map<string, number>;
  /** The private host key, to restart a simulator with the same identity. */
  readonly hostKey: string;
  stop(): Promise<void>;
}

function assertLoopback(address: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) throw new Error(`simulator address ${address} is not in 127.0.0.0/8`);
}


/** The loopback address of simulated node `i` (127.1.0.1 onwards). */
export function simAddress(i: number): string {
  const n = i + 1;
  return `127.1.${(n >> 8) & 255}.${n & 255}`;
}

export async function startNodeSimulator(opts: { nodes: readonly SimNode[]; port: number; hostKey?: string }): Promise<NodeSimulator> {
  const keys = opts.hostKey === undefined ? generateHostKey() : { private: opts.hostKey, public: publicOf(opts.hostKey) };
  const publicKey = keys.public.split(' ').slice(0, 2).join(' ');
  const execs = new Map<string, number>();
  const servers: SshServer[] = [];
  const connections = new Set<Connection>();

  const handle = (node: SimNode) => (client: Connection) => {
    connections.add(client);
    // One small write per answer: without this, Nagle + delayed ACK add ~40 ms per exec.
    // (ssh2's server Connection has setNoDelay at runtime; @types/ssh2 lacks it.)
    (client as Connection & { setNoDelay?: (noDelay?: boolean) => unknown }).setNoDelay?.(true);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && (node.password === undefined || ctx.password === node.password)) return ctx.accept();
      if (ctx.method === 'publickey') return ctx.accept();
      return ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec) => {
          const stream = acceptExec();
          const behaviour = node.behaviour ?? 'normal';
          stream.on('data', () => undefined);
          stream.on('error', () => undefined);
          const answer = (): void => {
            if (behaviour === 'hang') return;
            if (behaviour === 'no-bash') {
              stream.stderr.write('bash: command not found\n');
              stream.exit(127);
              stream.end();
              return;
            }
            const n = execs.get(node.address) ?? 0;
            execs.set(node.address, n + 1);
            stream.write(behaviour === 'garbage' ? 'Welcome to the jungle\n\x00\x01 not linkmon output\n' : simNodeOutput(node.spec, n));
            stream.exit(0);
            stream.end();
          };
          // The script arrives on stdin; answer once it has been sent completely.
          stream.once('end', answer);
        });
      });
    });
  };

  try {
    for (const node of opts.nodes) {
      assertLoopback(node.address);
      const server = new Server({ hostKeys: [keys.private] }, handle(node));
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, node.address, () => resolve());
      });
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }

  return {
    port: opts.port,
    knownHosts: opts.nodes.map((n) => `[${n.address}]:${opts.port} ${publicKey}`).join('\n') + '\n',
    execs,
    hostKey: keys.private,
    async stop() {
      for (const c of connections) c.end();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
