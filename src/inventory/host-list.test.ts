import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes, LinkmonError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import {
  credentialsFor,
  hasExplicitUser,
  hostListTargets,
  loadHostList,
  parseHostEntry,
  parseHostList,
  readInventoryFile,
} from './host-list.js';

const testdata = fileURLToPath(new URL('./testdata/', import.meta.url));

describe('parseHostEntry', () => {
  it.each([
    ['node1', { host: 'node1' }],
    ['node1.example.com', { host: 'node1.example.com' }],
    ['sw_lf_0', { host: 'sw_lf_0' }],
    ['node1:2222', { host: 'node1', port: 2222 }],
    ['ops@node1', { user: 'ops', host: 'node1' }],
    ['ops@node1:22', { user: 'ops', host: 'node1', port: 22 }],
    ['10.1.2.3', { host: '10.1.2.3' }],
    ['root@10.1.2.3:65535', { user: 'root', host: '10.1.2.3', port: 65535 }],
    ['[::1]:2222', { host: '::1', port: 2222 }],
    ['[fd00::17]', { host: 'fd00::17' }],
    ['fd00::18', { host: 'fd00::18' }],
    ['admin@[fe80::1%eth0]:1', { user: 'admin', host: 'fe80::1%eth0', port: 1 }],
  ])('accepts %s', (text, expected) => {
    expect(parseHostEntry(text)).toEqual(expected);
  });
});

describe('parseHostList', () => {
  it('skips comments in column 0 and blank lines, trims whitespace, counts lines from 1', () => {
    const text = '# header\n\nnode1\n   \n\t ops@node2:2200  \n#node3\nnode4';
    const { entries, errors } = parseHostList(text, 'nodes.txt');
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { host: 'node1', line: 3 },
      { user: 'ops', host: 'node2', port: 2200, line: 5 },
      { host: 'node4', line: 7 },
    ]);
  });

  it('handles CRLF line endings and a BOM', () => {
    const { entries, errors } = parseHostList('\uFEFFnode1\r\n# c\r\nnode2:22\r\n', 'n.txt');
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { host: 'node1', line: 1 },
      { host: 'node2', port: 22, line: 3 },
    ]);
  });

  it('reports every malformed entry kind with file:line, and keeps the valid lines', async () => {
    const file = join(testdata, 'bad-nodes.txt');
    const { data } = await readInventoryFile(file);
    const { entries, errors } = parseHostList(data.toString('utf8'), 'bad-nodes.txt');
    expect(entries.map((e) => [e.host, e.line])).toEqual([
      ['good-node-1', 1],
      ['good-node-2', 17],
    ]);
    for (const err of errors) {
      expect(err).toBeInstanceOf(LinkmonError);
      expect(err.code).toBe(ErrorCodes.INVENTORY_PARSE);
    }
    expect(errors.map((e) => e.message)).toEqual([
      'bad-nodes.txt:2: "#" starts a comment only in column 0',
      'bad-nodes.txt:3: entry "node 2" contains whitespace (one host per line)',
      'bad-nodes.txt:4: port "99999" is not between 1 and 65535',
      'bad-nodes.txt:5: port "0" is not between 1 and 65535',
      'bad-nodes.txt:6: port "65536" is not between 1 and 65535',
      'bad-nodes.txt:7: port "ssh" is not a number',
      'bad-nodes.txt:8: empty port after ":"',
      'bad-nodes.txt:9: empty user name before "@"',
      'bad-nodes.txt:10: illegal character "!" in host name "bad!host"',
      'bad-nodes.txt:11: inline comments are not allowed ("#" starts a comment only in column 0)',
      'bad-nodes.txt:12: missing "]" after IPv6 address in "[fe80::1"',
      'bad-nodes.txt:13: "notipv6" is not a valid IPv6 address',
      'bad-nodes.txt:14: "10.0.0.256" is not a valid IPv4 address',
      'bad-nodes.txt:15: more than one "@" in "a@b@c"',
      'bad-nodes.txt:16: host name "x..y" has an empty label',
    ]);
  });

  it.each([
    ['node1:-1', 'port "-1" is not a number'],
    ['ops@', 'empty host name'],
    [':22', 'empty host name'],
    ['bad user@node', 'entry "bad user@node" contains whitespace (one host per line)'],
    ['us/er@node', 'illegal user name "us/er"'],
    ['node_1:22:33', '"node_1:22:33" is not a valid IPv6 address (write [address]:port to give a port)'],
    ['[::1]22', 'unexpected "22" after "]"'],
    ['-node', 'host name "-node" has a label starting or ending with "-"'],
    ['node#1', 'inline comments are not allowed ("#" starts a comment only in column 0)'],
  ])('rejects %s', (text, problem) => {
    const { entries, errors } = parseHostList(`ok\n${text}\n`, 'x.txt');
    expect(entries).toHaveLength(1);
    expect(errors.map((e) => e.message)).toEqual([`x.txt:2: ${problem}`]);
  });
});

describe('reading list files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linkmon-hostlist-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing file is INVENTORY_READ "no such file"', async () => {
    const file = join(dir, 'missing.txt');
    const result = await loadHostList(file, 'node', {});
    expect(result.targets).toEqual([]);
    expect(result.stamp).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.code).toBe(ErrorCodes.INVENTORY_READ);
    expect(result.errors[0]?.message).toBe(`${file}: cannot read: no such file`);
  });

  it('a directory is INVENTORY_READ naming the cause', async () => {
    await expect(readInventoryFile(dir)).rejects.toMatchObject({
      code: ErrorCodes.INVENTORY_READ,
      message: `${dir}: cannot read: is a directory`,
    });
  });

  it('loads targets with source file:line and a stamp', async () => {
    const file = join(dir, 'sw.txt');
    await writeFile(file, '# switches\nsw1\nnetops@sw2:2022\n');
    const result = await loadHostList(file, 'switch', { SWITCH_USER: 'envuser', SWITCH_PASSWORD: 'pw' });
    expect(result.errors).toEqual([]);
    expect(result.stamp?.size).toBe(31);
    expect(result.targets.map((t) => [t.id, t.kind, t.host, t.port, t.source, t.credentials.user])).toEqual([
      ['sw1', 'switch', 'sw1', undefined, `${file}:2`, 'envuser'],
      ['sw2', 'switch', 'sw2', 2022, `${file}:3`, 'netops'],
    ]);
    expect(hasExplicitUser(result.targets[0]!)).toBe(false);
    expect(hasExplicitUser(result.targets[1]!)).toBe(true);
    expect(Object.isFrozen(result.targets[1])).toBe(true);
    expect(Object.isFrozen(result.targets[1]?.credentials)).toBe(true);
  });
});

describe('credentials', () => {
  it('nodes: user@ › NODE_USER › root; NODE_PASSWORD as Secret, no default; key file from the option', () => {
    expect(credentialsFor('node', {})).toEqual({ user: 'root' });
    const fromEnv = credentialsFor('node', { NODE_USER: 'svc', NODE_PASSWORD: 'np' }, { nodeSshKey: '/k/id' });
    expect(fromEnv.user).toBe('svc');
    expect(fromEnv.password).toBeInstanceOf(Secret);
    expect(fromEnv.password?.reveal()).toBe('np');
    expect(fromEnv.keyFile).toBe('/k/id');
    expect(credentialsFor('node', { NODE_USER: 'svc' }, {}, { user: 'ops' }).user).toBe('ops');
    expect(credentialsFor('node', { NODE_USER: '', NODE_PASSWORD: '' })).toEqual({ user: 'root' });
  });

  it('switches: given › SWITCH_USER/SWITCH_PASSWORD, no defaults', () => {
    expect(credentialsFor('switch', {})).toEqual({});
    const env = { SWITCH_USER: 'su', SWITCH_PASSWORD: 'sp' };
    const c = credentialsFor('switch', env);
    expect([c.user, c.password?.reveal()]).toEqual(['su', 'sp']);
    const given = credentialsFor('switch', env, {}, { user: 'ju', password: 'jp' });
    expect([given.user, given.password?.reveal()]).toEqual(['ju', 'jp']);
    const userOnly = credentialsFor('switch', env, {}, { user: 'ju' });
    expect([userOnly.user, userOnly.password?.reveal()]).toEqual(['ju', 'sp']);
  });

  it('systems: CSX_USER/CSX_PASSWORD, default admin/admin; the node key is not used', () => {
    const d = credentialsFor('system', {}, { nodeSshKey: '/k' });
    expect([d.user, d.password?.reveal(), d.keyFile]).toEqual(['admin', 'admin', undefined]);
    const e = credentialsFor('system', { CSX_USER: 'cu', CSX_PASSWORD: 'cp' });
    expect([e.user, e.password?.reveal()]).toEqual(['cu', 'cp']);
  });

  it('secrets never show in JSON.stringify, util.inspect or String()', () => {
    const [t] = hostListTargets('node', 'n.txt', [{ host: 'node1', line: 1 }], { NODE_PASSWORD: 'hunter2-node' });
    expect(t).toBeDefined();
    expect(JSON.stringify(t)).not.toContain('hunter2');
    expect(inspect(t, { depth: 10, showHidden: true })).not.toContain('hunter2');
    expect(String(t?.credentials.password)).not.toContain('hunter2');
    expect(JSON.stringify(t)).toContain('[redacted]');
  });
});
