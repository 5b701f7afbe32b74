#!/usr/bin/env node
// The `supervisor` command: parses arguments, runs one command, and turns every expected failure
// into a one-line message and a documented exit code (see cli-error.ts), never a stack trace.
import { Command, CommanderError } from 'commander';

import { CliError, EXIT_FAILED, EXIT_USAGE } from './cli-error.js';
import { buildProgram } from './program.js';

function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  return EXIT_FAILED;
}

function printError(error: unknown): void {
  if (error instanceof CommanderError) return; // commander has already printed it
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`supervisor: ${message}\n`);
  if (!(error instanceof CliError) && process.env.SUPERVISOR_DEBUG) {
    process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const program: Command = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
  } catch (error: unknown) {
    printError(error);
    process.exitCode = exitCodeOf(error);
  }
}

await main(process.argv);
