// Copies the non-TypeScript files the build needs (the node collection script) into dist/.
import { cpSync } from 'node:fs';

cpSync('src/collectors/node_nic/collect.sh', 'dist/collectors/node_nic/collect.sh');
