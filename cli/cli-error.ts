// Exit codes of the `supervisor` command, and the error that carries one up to main.

export const EXIT_OK = 0;
/** The operation ran and failed: a forced shutdown, a failed reload. */
export const EXIT_FAILED = 1;
/** Bad usage or a bad config file. */
export const EXIT_USAGE = 2;
/** No daemon is running to answer the command. */
export const EXIT_NO_DAEMON = 3;

/** An expected failure: main prints its message (no stack trace) and exits with its code. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: string;

  constructor(message: string, exitCode: number, code = 'ERR_CLI', options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = code;
  }
}
