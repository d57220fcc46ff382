/** Host keys of the simulators (loopback SSH servers). */
import ssh2 from 'ssh2';

// ssh2 is CommonJS: its utils are reachable only through the default export under Node's ESM.
const { utils } = ssh2;

/**
 * A fresh ed25519 host key that ssh2 can read back. ssh2 1.17's keygen strips leading zero bytes
 * of the public key, so about 1 key in 256 cannot be parsed ("Malformed OpenSSH private key";
 * mscdex/ssh2#1390, #1513): generate again until both halves parse.
 */
export function generateHostKey(): { private: string; public: string } {
  for (let attempt = 0; ; attempt++) {
    const k = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) return k;
    if (attempt >= 20) throw new Error('cannot generate a usable ed25519 host key');
  }
}

/** The `type base64` public half of an OpenSSH private key. */
export function publicOf(privateKey: string): string {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}
