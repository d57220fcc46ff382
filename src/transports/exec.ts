/**
 * Runs a program on this machine with a deadline, an AbortSignal and an output cap: the local
 * twin of SshPool.exec, used by `--local`. Arguments go to the program directly (no shell).
 */
import { spawn } from 'node:child_process';
import { onAbort } from '../core/abort.js';
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import type { ExecOptions, ExecResult } from './ssh/pool.js';

export async function execLocal(
  target: string,
  file: string,
  args: readonly string[],
  opts: ExecOptions & { maxOutputBytes?: number; env?: NodeJS.ProcessEnv },
): Promise<ExecResult> {
  const maxBytes = opts.maxOutputBytes ?? 32 * 1024 * 1024;
  return new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const fail = (err: LinkmonError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cancel();
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new LinkmonError(ErrorCodes.SSH_TIMEOUT, `${file} did not finish within ${Math.round(opts.timeoutMs / 1000)} s`, { target })),
      opts.timeoutMs,
    );
    const cancel = onAbort(opts.signal, () => fail(new LinkmonError(ErrorCodes.SSH_TIMEOUT, `${file} was cancelled`, { target })));
    const add = (list: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) fail(new LinkmonError(ErrorCodes.NODE_BAD_OUTPUT, `${file} printed more than ${maxBytes} bytes`, { target }));
      else list.push(chunk);
    };
    child.stdout.on('data', add(out));
    child.stderr.on('data', add(errOut));
    child.on('error', (err) =>
      fail(new LinkmonError(ErrorCodes.EXEC_FAILED, `cannot run ${file}: ${err.message}`, { target, cause: err })),
    );
    child.on('close', (code, signal) => {
      cancel();
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(errOut).toString('utf8'),
        exitCode: code,
        ...(signal ? { exitSignal: signal } : {}),
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}
