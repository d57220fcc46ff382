/**
 * node_nic: one sample of a node's NICs in one round trip. The collection script (collect.sh)
 * runs over a persistent SSH connection, or on this machine for `--local`; its framed output is
 * split (parse.ts) and mapped into normalized links (map.ts).
 */
import { ErrorCodes, LinkmonError, toLinkmonError } from '../../core/errors.js';
import type { DeviceSample } from '../../core/link.js';
import type { Target } from '../../core/target.js';
import { execLocal } from '../../transports/exec.js';
import type { ExecResult, SshPool } from '../../transports/ssh/pool.js';
import { mapNodeSample } from './map.js';
import { parseNodeOutput, type RawNodeSample } from './parse.js';
import { NODE_SCRIPT } from './script.js';

export interface NodeNicOptions {
  /** Interfaces slower than this are skipped unless their driver query fails; 0 = all (--show-1g). */
  readonly minSpeedMbps: number;
  /** Deadline for one node's whole sample (connect + run). */
  readonly timeoutMs: number;
}

export interface NodeCollectResult {
  readonly sample: DeviceSample;
  readonly skipped: readonly { port: string; reason: string }[];
  /** The split raw output, for `linkmon probe`. */
  readonly raw?: RawNodeSample;
}

/** Runs the script somewhere: over SSH or locally. */
export interface ScriptRunner {
  run(target: Target, args: readonly string[], opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ExecResult>;
  close(): Promise<void>;
}

export class SshScriptRunner implements ScriptRunner {
  constructor(private readonly pool: SshPool) {}

  run(target: Target, args: readonly string[], opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ExecResult> {
    const command = ['bash', '-s', '--', ...args].join(' ');
    return this.pool.exec(
      {
        id: target.id,
        host: target.host,
        port: target.port ?? 22,
        user: target.credentials.user ?? 'root',
        password: target.credentials.password,
        keyFile: target.credentials.keyFile,
      },
      command,
      { stdin: NODE_SCRIPT, timeoutMs: opts.timeoutMs, signal: opts.signal },
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export class LocalScriptRunner implements ScriptRunner {
  run(target: Target, args: readonly string[], opts: { timeoutMs: number; signal?: AbortSignal }): Promise<ExecResult> {
    return execLocal(target.id, 'bash', ['-s', '--', ...args], { stdin: NODE_SCRIPT, ...opts });
  }

  async close(): Promise<void> {}
}

export class NodeNicCollector {
  constructor(
    private readonly runner: ScriptRunner,
    private readonly opts: NodeNicOptions,
  ) {}

  async collect(target: Target, signal?: AbortSignal): Promise<NodeCollectResult> {
    const started = Date.now();
    const failed = (err: LinkmonError): NodeCollectResult => ({
      sample: {
        target,
        kind: 'node',
        timestampMs: started,
        durationMs: Date.now() - started,
        reachable: false,
        links: [],
        errors: [err],
      },
      skipped: [],
    });

    let result: ExecResult;
    try {
      result = await this.runner.run(target, [String(this.opts.minSpeedMbps)], { timeoutMs: this.opts.timeoutMs, signal });
    } catch (err) {
      return failed(toLinkmonError(err, ErrorCodes.SSH_CONNECT, target.id));
    }
    const raw = parseNodeOutput(result.stdout);
    if (raw.formatVersion === undefined) {
      const why = result.exitCode === 127 ? 'bash is not installed' : `exit code ${result.exitCode ?? result.exitSignal}`;
      const detail = (result.stderr || result.stdout).trim().split('\n')[0]?.slice(0, 160) ?? '';
      return {
        ...failed(new LinkmonError(ErrorCodes.NODE_BAD_OUTPUT, `the collection script did not run (${why})${detail ? `: ${detail}` : ''}`, { target: target.id })),
        raw,
      };
    }
    const mapped = mapNodeSample(target.id, raw, { minSpeedMbps: this.opts.minSpeedMbps });
    return {
      sample: {
        target,
        kind: 'node',
        timestampMs: started,
        durationMs: Date.now() - started,
        bootId: raw.bootId,
        reachable: true,
        links: mapped.links,
        errors: mapped.errors,
      },
      skipped: mapped.skipped,
      raw,
    };
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
