import type { Labels } from './metrics.js';
import type { Secret } from './secret.js';

export type TargetKind = 'node' | 'switch' | 'system';

export interface Credentials {
  readonly user?: string;
  readonly password?: Secret;
  /** Path of a private key file; the key itself is read by the transport. */
  readonly keyFile?: string;
}

/** One device to collect from. Targets are built by inventory loaders and are immutable. */
export interface Target {
  /** Stable id: the host name as the user wrote it (without user@ and :port). */
  readonly id: string;
  readonly kind: TargetKind;
  readonly host: string;
  readonly port?: number;
  readonly vendor?: string;
  /** Explicit OS of a switch, when the inventory names it (overrides vendor and hostname rules). */
  readonly os?: string;
  /** How to reach a switch: its SSH CLI (default) or Arista eAPI over HTTPS. */
  readonly transport?: 'ssh' | 'eapi';
  /** eAPI settings of a switch read over eAPI. */
  readonly eapi?: { readonly port?: number; readonly caFile?: string; readonly insecure?: boolean };
  /**
   * Redfish settings of a system: CA bundle of its certificate, no certificate check, and the
   * authentication (HTTP basic by default, or a SessionService session). The port is `port`.
   */
  readonly redfish?: { readonly caFile?: string; readonly insecure?: boolean; readonly auth?: 'basic' | 'session' };
  readonly labels: Labels;
  readonly credentials: Credentials;
  /** Where the target came from, for error messages: "nodes.txt:12", "network.json". */
  readonly source: string;
}
