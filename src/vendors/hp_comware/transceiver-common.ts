/** What the three `display transceiver … interface` commands print instead of data. */

/** `The transceiver is absent.` */
export const ABSENT_RE = /^The transceiver is absent\.?$/i;
/** `The transceiver does not support this function.` / `The operation is not supported`. */
export const UNSUPPORTED_RE = /^The (?:transceiver does not support this function|operation is not supported)\.?$/i;
