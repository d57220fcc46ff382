/**
 * Which CLI a switch speaks. The seed linkmon cannot detect it and neither can we without logging
 * in, so it is chosen from what the inventory says, in this order:
 *   1. an explicit choice (`--switch-os NAME=OS`, `probe switch --vendor`, network JSON `os`);
 *   2. hostname rules: `gsw256`, `256-hpe` or `-mhp` → HP Comware;
 *   3. the network JSON `vendor` field: arista → Arista EOS, hpe → HPE (Mellanox) Onyx;
 *   4. hostname rules: `arista` → Arista EOS, `-hpe` or `hpe` → Onyx.
 * Anything else is an error naming the switch and what was known about it.
 */
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import { SWITCH_OSES, type SwitchOs } from './switch-driver.js';

/** Key of the default OS in an override map: used when no other rule identifies a switch. */
export const DEFAULT_SWITCH_OS = '*';

/** Vendor words accepted for an explicit choice, besides the OS ids themselves. */
const ALIASES: Readonly<Record<string, SwitchOs>> = {
  arista: 'arista_eos',
  eos: 'arista_eos',
  onyx: 'mellanox_onyx',
  mellanox: 'mellanox_onyx',
  mlnx: 'mellanox_onyx',
  hpe_onyx: 'mellanox_onyx',
  comware: 'hp_comware',
  h3c: 'hp_comware',
};

/** Parses an explicit OS name (`arista_eos`, `arista`, `onyx`, `comware`, …); undefined if unknown. */
export function parseSwitchOs(text: string): SwitchOs | undefined {
  const t = text.trim().toLowerCase();
  if ((SWITCH_OSES as readonly string[]).includes(t)) return t as SwitchOs;
  return ALIASES[t];
}

export interface SwitchOsHints {
  readonly name: string;
  readonly vendor?: string;
  readonly explicit?: string;
  /** Used when nothing else identifies the switch. */
  readonly fallback?: string;
}

export function selectSwitchOs(h: SwitchOsHints): SwitchOs {
  if (h.explicit !== undefined) {
    const os = parseSwitchOs(h.explicit);
    if (os) return os;
    throw new LinkmonError(
      ErrorCodes.SWITCH_OS_UNKNOWN,
      `unknown switch OS "${h.explicit}" (known: ${SWITCH_OSES.join(', ')})`,
      { target: h.name },
    );
  }
  const name = h.name.toLowerCase();
  if (name.includes('gsw256') || name.includes('256-hpe') || name.includes('-mhp')) return 'hp_comware';
  const vendor = h.vendor?.trim().toLowerCase();
  if (vendor === 'arista') return 'arista_eos';
  if (vendor === 'hpe') return 'mellanox_onyx';
  if (vendor === undefined || vendor === '') {
    if (name.includes('arista')) return 'arista_eos';
    if (name.includes('hpe')) return 'mellanox_onyx';
  }
  if (h.fallback !== undefined) return selectSwitchOs({ name: h.name, explicit: h.fallback });
  const what = vendor ? `vendor "${h.vendor}"` : 'no vendor and a hostname that names none';
  throw new LinkmonError(
    ErrorCodes.SWITCH_OS_UNKNOWN,
    `cannot tell which CLI this switch speaks (${what}); supported: ${SWITCH_OSES.join(', ')}; choose one with --switch-os ${h.name}=<os>`,
    { target: h.name },
  );
}
