/**
 * Fast polling of Arista FEC registers between sweeps: the command for the ports due and the
 * reading of its output (`show interfaces <ports> phy detail`, the same format as the sweep's
 * `show interfaces phy detail`). Ports whose block is stale give no reading.
 */
import type { FecPoller } from '../../collectors/switch_cli/collect.js';
import type { SwitchLink } from '../switch-driver.js';
import { parseShowInterfacesPhyDetail } from './show_interfaces_phy_detail.js';

export const aristaFecPoller: FecPoller = {
  command(ports: readonly string[]): string {
    return `show interfaces ${ports.join(',')} phy detail`;
  },
  read(output: string): Map<string, NonNullable<SwitchLink['aristaFec']>> {
    const out = new Map<string, NonNullable<SwitchLink['aristaFec']>>();
    for (const rec of parseShowInterfacesPhyDetail(output).records) {
      if (rec.stale || (!rec.fecCorrected && !rec.fecUncorrected)) continue;
      out.set(rec.port, {
        ...(rec.fecCorrected && { corrected: rec.fecCorrected }),
        ...(rec.fecUncorrected && { uncorrected: rec.fecUncorrected }),
      });
    }
    return out;
  },
};
