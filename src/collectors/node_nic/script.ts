import { readFileSync } from 'node:fs';

/** Version of the frame format printed by collect.sh (`@@lm:begin <version>`). */
export const NODE_SCRIPT_VERSION = 1;

/** The node collection script (see collect.sh for its output format). */
export const NODE_SCRIPT: string = readFileSync(new URL('./collect.sh', import.meta.url), 'utf8');
