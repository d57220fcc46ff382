/**
 * Every error linkmon reports carries a stable code (LINKMON_ERR_<AREA>_<WHAT>), the target it
 * concerns (if any) and a cause. Messages never contain credentials. docs/errors.md lists the codes.
 */

export const ErrorCodes = {
  USAGE: 'LINKMON_ERR_USAGE',
  INVENTORY_READ: 'LINKMON_ERR_INVENTORY_READ',
  INVENTORY_PARSE: 'LINKMON_ERR_INVENTORY_PARSE',
  SSH_CONNECT: 'LINKMON_ERR_SSH_CONNECT',
  SSH_AUTH: 'LINKMON_ERR_SSH_AUTH',
  SSH_HOSTKEY_UNKNOWN: 'LINKMON_ERR_SSH_HOSTKEY_UNKNOWN',
  SSH_HOSTKEY_MISMATCH: 'LINKMON_ERR_SSH_HOSTKEY_MISMATCH',
  SSH_TIMEOUT: 'LINKMON_ERR_SSH_TIMEOUT',
  SSH_CLOSED: 'LINKMON_ERR_SSH_CLOSED',
  SSH_KEY: 'LINKMON_ERR_SSH_KEY',
  EXEC_FAILED: 'LINKMON_ERR_EXEC_FAILED',
  NODE_ETHTOOL_MISSING: 'LINKMON_ERR_NODE_ETHTOOL_MISSING',
  NODE_BAD_OUTPUT: 'LINKMON_ERR_NODE_BAD_OUTPUT',
  NODE_COMMAND_FAILED: 'LINKMON_ERR_NODE_COMMAND_FAILED',
  PARSE_UNMATCHED: 'LINKMON_ERR_PARSE_UNMATCHED',
  COLLECT_UNSUPPORTED: 'LINKMON_ERR_COLLECT_UNSUPPORTED',
  SWITCH_OS_UNKNOWN: 'LINKMON_ERR_SWITCH_OS_UNKNOWN',
  SWITCH_COMMAND_REFUSED: 'LINKMON_ERR_SWITCH_COMMAND_REFUSED',
  REDFISH_CONNECT: 'LINKMON_ERR_REDFISH_CONNECT',
  REDFISH_TLS: 'LINKMON_ERR_REDFISH_TLS',
  REDFISH_AUTH: 'LINKMON_ERR_REDFISH_AUTH',
  REDFISH_SESSION_LIMIT: 'LINKMON_ERR_REDFISH_SESSION_LIMIT',
  REDFISH_TIMEOUT: 'LINKMON_ERR_REDFISH_TIMEOUT',
  REDFISH_CLOSED: 'LINKMON_ERR_REDFISH_CLOSED',
  REDFISH_HTTP: 'LINKMON_ERR_REDFISH_HTTP',
  REDFISH_BAD_RESPONSE: 'LINKMON_ERR_REDFISH_BAD_RESPONSE',
  REDFISH_NOT_FOUND: 'LINKMON_ERR_REDFISH_NOT_FOUND',
  REDFISH_PARTIAL: 'LINKMON_ERR_REDFISH_PARTIAL',
  SINK_OPEN: 'LINKMON_ERR_SINK_OPEN',
  SINK_WRITE: 'LINKMON_ERR_SINK_WRITE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export type Severity = 'error' | 'warning';

export interface LinkmonErrorOptions {
  target?: string;
  cause?: unknown;
  severity?: Severity;
}

export class LinkmonError extends Error {
  readonly code: ErrorCode;
  readonly target: string | undefined;
  readonly severity: Severity;

  constructor(code: ErrorCode, message: string, options: LinkmonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LinkmonError';
    this.code = code;
    this.target = options.target;
    this.severity = options.severity ?? 'error';
  }

  /** One line for a terminal or a log: `<target>: <CODE>: <message>`. */
  toLine(): string {
    const where = this.target === undefined ? '' : `${this.target}: `;
    return `${where}${this.code}: ${this.message}`;
  }

  toJSON(): { code: ErrorCode; target?: string; severity: Severity; message: string } {
    return {
      code: this.code,
      ...(this.target === undefined ? {} : { target: this.target }),
      severity: this.severity,
      message: this.message,
    };
  }
}

/** Wraps anything thrown into a LinkmonError without losing the original as `cause`. */
export function toLinkmonError(err: unknown, fallback: ErrorCode, target?: string): LinkmonError {
  if (err instanceof LinkmonError) {
    if (err.target !== undefined || target === undefined) return err;
    return new LinkmonError(err.code, err.message, { target, cause: err.cause, severity: err.severity });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LinkmonError(fallback, message, { target, cause: err });
}

/** Thrown for invalid command lines and configuration; the CLI exits with code 2. */
export class UsageError extends LinkmonError {
  constructor(message: string) {
    super(ErrorCodes.USAGE, message);
    this.name = 'UsageError';
  }
}
