/**
 * The `linkmon` command. Parses flags, validates them (invalid combinations exit with code 2 and a
 * one-line error) and hands over to one runner per command.
 */
import { Command, CommanderError } from 'commander';
import { LinkmonError, UsageError } from '../core/errors.js';
import { EXIT_FAILURES, EXIT_USAGE, runAudit, type CliIo } from './audit.js';
import { validateAuditFlags, type AuditFlags } from './options.js';
import { runParse } from './parse.js';
import { runSim, type SimFlags } from './sim.js';
import { runProbeNode, runProbeSwitch, type ProbeNodeFlags, type ProbeSwitchFlags } from './probe.js';
import { REDFISH_KINDS, runProbeRedfish, type ProbeRedfishFlags } from './probe-redfish.js';
import { VENDOR_PARSERS } from '../vendors/index.js';
import { VERSION } from './version.js';

const MAIN_HELP = `
Modes:
  one-shot       -i N          two samples N seconds apart; the change table goes to stdout
                               (or to -o/-d when given)
  multi-sample   -i N -t T     a sample every N seconds until T seconds have passed;
                               needs -o and/or -d
  single sample  -i 0          one sample written to -o and/or -d

Health of each link between two samples: FLAP (carrier changed), BAD (down or missing),
UNCORRECTED_ERRORS (CRC, symbol or uncorrectable FEC errors), MANY_CORRECTED_ERRORS (more
corrected errors per KiB received than --many-corrected-per-kib), SOME_CORRECTED, GOOD.

Switches: Arista EOS, HPE (Mellanox) Onyx and HP Comware over their SSH CLI; the OS comes from the
network JSON vendor field or the host name (see --switch-os).
Systems (CS-X): the 12 data ports over Redfish (HTTPS, certificate verified; see --redfish-ca-file).

Credentials come from the environment, never from flags:
  NODE_USER (default root), NODE_PASSWORD, or -k/--node-ssh-key, or ssh-agent (SSH_AUTH_SOCK)
  SWITCH_USER, SWITCH_PASSWORD (when the network JSON has none)
  CSX_USER (default admin), CSX_PASSWORD (default admin) for CS-X systems over Redfish
Host keys are checked against ~/.ssh/known_hosts (--known-hosts); a host not listed there is
refused unless --accept-new-host-keys records it on first contact.

Exit codes: 0 all devices read, 1 some device or output failed, 2 invalid usage,
130 interrupted (completed samples are kept).

Examples:
  linkmon --local --show-1g -i 5                   this machine's links over 5 seconds
  linkmon -n nodes.txt -i 60                       change table of the listed nodes over a minute
  linkmon -j network_config.json -i 900 -t 14400 -d links.db -o reports
  linkmon probe node --local --show-1g             everything one sample reads, as JSON
  linkmon probe switch admin@leaf1 --vendor arista one sweep of one switch, as JSON
  linkmon probe redfish https://xs1001 --kind system  a CS-X system's port series
  linkmon sim --network-json f.json --known-hosts kh   a simulated fabric to try it on
`;

/** Accumulates a repeatable option's values. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function auditCommand(program: Command): void {
  program
    .option('-j, --network-json <file>', 'network_config.json (plain or .gz): switches, nodes, systems and their links')
    .option('-n, --node-list <file>', 'nodes, one [user@]host[:port] per line (# comments in column 0)')
    .option('-s, --switch-list <file>', 'switches, one [user@]host[:port] per line')
    .option('-c, --csx-list <file>', 'CS-X systems, one host per line')
    .option('-i, --interval <seconds>', 'seconds between samples (0 = a single sample)')
    .option('-t, --run-time <seconds>', 'multi-sample mode: keep sampling until this many seconds have passed')
    .option('-o, --output-directory <dir>', 'write each change report to DIR/nodes-<YYYYmmddHHMMSS> and DIR/switches-… (UTC); DIR must not exist')
    .option('-d, --database <file>', 'write samples and link health to this SQLite database (created if missing)')
    .option('--show-1g', 'report every interface, not only links of 100 Gb/s and up (or whose driver errors)')
    .option('--no-nodes', 'do not collect nodes')
    .option('--no-switches', 'do not collect switches')
    .option('--no-systems', 'do not collect systems')
    .option('-k, --node-ssh-key <file>', 'private key for node logins (else NODE_PASSWORD, ssh-agent or ~/.ssh/id_*)')
    .option('--local', 'collect this machine directly, without SSH')
    .option('--known-hosts <file>', 'known_hosts file for SSH host keys (default ~/.ssh/known_hosts)')
    .option('--accept-new-host-keys', 'trust and record the key of a host not yet in known_hosts (mismatches are still refused)')
    .option('--no-host-key-check', 'do not check SSH host keys at all (unsafe; for lab use)')
    .option('--concurrency <n>', 'devices collected at the same time', '128')
    .option('--connect-concurrency <n>', 'SSH handshakes at the same time', '32')
    .option('--timeout <seconds>', 'deadline for one device (default: the interval, between 5 and 60 s)')
    .option('--many-corrected-per-kib <n>', 'corrected errors per KiB received above which a link is MANY_CORRECTED_ERRORS', '1')
    .option(
      '--switch-os <name=os>',
      'the CLI a switch speaks (arista_eos, mellanox_onyx, hp_comware) when its vendor field and name do not tell; a bare OS is the default (repeatable)',
      collect,
    )
    .option(
      '--switch-transport <name=transport>',
      'how to read a switch: ssh (its CLI, default) or eapi (Arista eAPI over HTTPS); a bare value is the default (repeatable)',
      collect,
    )
    .option('--eapi-ca-file <file>', 'CA bundle that signed the eAPI certificates (default: the system CAs)')
    .option('--redfish-ca-file <file>', 'CA bundle that signed the systems\' Redfish certificates (default: the system CAs)')
    .option('--redfish-insecure', 'do not verify the systems\' Redfish certificates (trusted networks only)')
    .option('--labelled-ports-only', 'switches: report only ports that have a description')
    .option('--network-config-ports-only', 'switches: report only ports cabled in the network JSON')
    .option('--no-fast-poll', 'do not fast-poll Arista ports whose FEC updates a sweep missed')
    .option('--store-raw', 'also store every raw driver counter in the database, not only the normalized ones')
    .option('--progress', 'report progress even when stderr is not a terminal (one line per sample)')
    .option('--no-progress', 'no progress display at all')
    .addHelpText('after', MAIN_HELP);
}

function probeCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const probe = program.command('probe').description('take one sample of one device and print everything it read, as JSON');
  probe
    .command('node')
    .description('probe a node over SSH, or this machine with --local')
    .argument('[host]', '[user@]host[:port]')
    .option('--local', 'probe this machine without SSH')
    .option('--show-1g', 'include interfaces below 100 Gb/s')
    .option('-k, --node-ssh-key <file>', 'private key for the login')
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .option('--accept-new-host-keys', 'trust and record an unknown host key')
    .option('--no-host-key-check', 'do not check the host key (unsafe)')
    .option('--timeout <seconds>', 'deadline for the sample', '30')
    .option('--no-raw', 'leave out the raw driver counters')
    .action(async (host: string | undefined, flags: ProbeNodeFlags) => {
      setExit(await runProbeNode(host, flags, io));
    });
  probe
    .command('switch')
    .description('probe a switch over its SSH CLI (credentials: SWITCH_USER, SWITCH_PASSWORD)')
    .argument('<host>', '[user@]host[:port]')
    .option('--vendor <os>', 'the CLI it speaks: arista_eos, mellanox_onyx, hp_comware (default: from the host name)')
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .option('--accept-new-host-keys', 'trust and record an unknown host key')
    .option('--no-host-key-check', 'do not check the host key (unsafe)')
    .option('--timeout <seconds>', 'deadline for the sweep', '60')
    .option('--no-raw', 'leave out the raw counters')
    .option('--outputs', 'also print the raw output of every command')
    .option('--eapi', 'read an Arista switch over eAPI (HTTPS JSON-RPC) instead of its SSH CLI')
    .option('--eapi-port <port>', 'eAPI HTTPS port (default 443, or the port given with the host)')
    .option('--eapi-ca-file <file>', 'CA bundle that signed the switch certificate')
    .option('--eapi-insecure', 'do not verify the eAPI certificate (trusted networks only)')
    .action(async (host: string, flags: ProbeSwitchFlags) => {
      setExit(await runProbeSwitch(host, flags, io));
    });
  probe
    .command('redfish')
    .description('read one Redfish endpoint once and print the Prometheus series the exporters serve for it')
    .argument('<url>', 'https://host[:port] of the system or BMC (a bare host means https)')
    .option('--kind <kind>', `what to read: ${REDFISH_KINDS.join(', ')} (system = CS-X network ports, bmc = node health, ports = any Redfish NIC ports)`)
    .option('--node <name>', 'the node/system/device label of the series (default: the host)')
    .option('--ca-file <file>', 'CA bundle that signed the endpoint\'s certificate (default: the system CAs)')
    .option('--insecure', 'do not verify the certificate (trusted networks only)')
    .option('--session', 'log in with a Redfish session (X-Auth-Token) instead of HTTP basic authentication')
    .option('--timeout <seconds>', 'deadline for the sample', '30')
    .addHelpText(
      'after',
      '\nCredentials come from the environment: CSX_USER/CSX_PASSWORD (default admin/admin) for --kind system,\nBMC_USER/BMC_PASSWORD for --kind bmc and --kind ports.\nExit code 1 when an error (not a warning) was reported.',
    )
    .action(async (url: string, flags: ProbeRedfishFlags) => {
      setExit(await runProbeRedfish(url, flags, io));
    });
}

function parseCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('parse')
    .description('parse saved command output with one of linkmon\'s parsers; prints records and not-understood lines as JSON')
    .requiredOption('--vendor <vendor>', `vendor or OS: ${Object.keys(VENDOR_PARSERS).join(', ')}`)
    .requiredOption('--command <command>', 'parser id (show_interfaces_phy_detail) or the command as typed ("show int phy detail")')
    .argument('<file>', 'file holding the output, or - for standard input')
    .addHelpText('after', '\nExit code 1 when some lines were not understood.')
    .action(async (file: string, flags: { vendor: string; command: string }) => {
      setExit(await runParse(VENDOR_PARSERS, flags, file, io));
    });
}

function simCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('sim')
    .description('run a simulated fabric on loopback: switches (Arista EOS, HPE Onyx, HP Comware CLIs over SSH) and CS-X systems (Redfish)')
    .option('--switches <n>', 'number of switches (0 allowed with --systems)', '6')
    .option('--ports <n>', 'ports per switch', '32')
    .option('--os <list>', 'OSes used in turn, comma-separated', 'arista_eos,mellanox_onyx,hp_comware')
    .option('--systems <n>', 'number of CS-X systems (csx1…, 12 ports each, Redfish over HTTPS)', '0')
    .option('--port <port>', 'TCP port of every switch and system (default: a free one)')
    .option('--network-json <file>', 'write a network JSON for linkmon -j (with the switches\' credentials; the systems\' CA certificate beside it)')
    .option('--switch-list <file>', 'write a host list for linkmon -s (password: SWITCH_PASSWORD)')
    .option('--csx-list <file>', 'write a host list for linkmon -c (password: CSX_PASSWORD)')
    .option('--known-hosts <file>', 'write the switches\' host keys for linkmon --known-hosts')
    .option(
      '--event <spec>',
      'AT:TARGET:PORT:KIND[:N]: inject an event AT seconds after start on a port (1-based) of a switch (TARGET a number, 1-based) or a system (TARGET csx1, csx2, …); KIND flap, fec, fec_uncorrected, crc, down or up; N = flaps or errors (repeatable)',
      collect,
    )
    .option('--duration <seconds>', 'stop after this long (default: until interrupted)')
    .option('--eapi', 'also serve Arista eAPI over HTTPS; the network JSON then reads the Arista switches over eAPI')
    .addHelpText(
      'after',
      '\nThe switches and systems accept any user name and the password in LINKMON_SIM_PASSWORD (default linkmon-sim).\nSwitch addresses are 127.2.0.1 onwards, system addresses 127.3.0.1 onwards; nothing listens outside loopback.',
    )
    .action(async (flags: SimFlags) => {
      setExit(await runSim(flags, io));
    });
}

export async function main(argv: readonly string[], ioOverrides: Partial<CliIo> = {}): Promise<number> {
  const controller = new AbortController();
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
    ...ioOverrides,
  };
  const onSignal = (): void => controller.abort();

  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('linkmon')
    .description('Network link health of compute clusters: flaps, FEC and CRC errors, optics, traffic')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line per usage error, like every other invalid combination.
      outputError: (s, write) => write(`linkmon: ${s.trim().replace(/^error: /, '')} (see linkmon --help)\n`),
    });
  auditCommand(program);
  program.action(async (flags: AuditFlags) => {
    const cfg = validateAuditFlags(flags);
    setExit(await runAudit(cfg, argv, io));
  });
  probeCommand(program, io, setExit);
  parseCommand(program, io, setExit);
  simCommand(program, io, setExit);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`linkmon: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof LinkmonError) {
      io.stderr.write(`linkmon: ${err.toLine()}\n`);
      return EXIT_FAILURES;
    }
    io.stderr.write(`linkmon: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILURES;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

