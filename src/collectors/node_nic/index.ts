export { LocalScriptRunner, NodeNicCollector, SshScriptRunner } from './collect.js';
export type { NodeCollectResult, NodeNicOptions, ScriptRunner } from './collect.js';
export { mapNodeSample } from './map.js';
export { parseNodeOutput } from './parse.js';
export { NODE_SCRIPT, NODE_SCRIPT_VERSION } from './script.js';
