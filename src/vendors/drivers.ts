/** The driver of every supported switch OS. */
import { aristaEosDriver } from './arista_eos/index.js';
import { hpComwareDriver } from './hp_comware/index.js';
import { mellanoxOnyxDriver } from './mellanox_onyx/index.js';
import type { SwitchDriver, SwitchOs } from './switch-driver.js';

export const SWITCH_DRIVERS: Readonly<Record<SwitchOs, SwitchDriver>> = {
  arista_eos: aristaEosDriver,
  mellanox_onyx: mellanoxOnyxDriver,
  hp_comware: hpComwareDriver,
};
