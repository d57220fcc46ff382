/**
 * TLS contexts trusting Node's root certificates plus a CA bundle file, built once per file and
 * shared by every connection that trusts that file. Building a context with ~140 root
 * certificates costs about 20 ms of CPU and 1 MB; handing `ca` to each connection would pay that
 * on every TLS handshake.
 */
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';

export class CaContexts {
  readonly #cache = new Map<string, Promise<tls.SecureContext>>();

  /** The context for `file`; rejects with the read error (a failed read is tried again next time). */
  get(file: string): Promise<tls.SecureContext> {
    let p = this.#cache.get(file);
    if (!p) {
      p = readFile(file, 'utf8').then((pem) => tls.createSecureContext({ ca: [...tls.rootCertificates, pem] }));
      this.#cache.set(file, p);
      p.catch(() => this.#cache.delete(file));
    }
    return p;
  }
}
