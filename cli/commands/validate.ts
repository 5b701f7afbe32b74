// `supervisor validate <config>`: loads a config file exactly as `start` would, and says whether
// it can be used.
import { resolve } from 'node:path';

import { Command } from 'commander';

import { ConfigError } from '../../config/index.js';
import { CliError } from '../cli-error.js';
import { createPaint } from '../format-colour.js';
import { loadCliConfig } from '../load-cli-config.js';
import { renderConfigSummary, summarizeConfig } from '../render-config-summary.js';

interface ValidateOptions {
  json?: boolean;
}

const HELP = `
Examples:
  $ supervisor validate app.config.json
  $ supervisor validate app.config.json --json

Checks everything \`supervisor start\` checks: JSON syntax, every field against the schema,
duplicate names, and that each worker's script and cwd exist. Starts nothing.

With --json, a bad config prints { "ok": false, "code", "problems": [{ "path", "message" }] }
on stdout (and the message on stderr).

Exit codes:
  0  the config is valid
  2  it is not (every problem is listed, each naming the file and the field)
`;

function printProblems(file: string, error: CliError): void {
  const cause = error.cause instanceof ConfigError ? error.cause : undefined;
  const problems = cause?.problems ?? [{ path: '', message: error.message }];
  const report = { ok: false, file: resolve(file), code: error.code, problems };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

async function runValidate(file: string, options: ValidateOptions): Promise<void> {
  try {
    const config = await loadCliConfig(file);
    const output = options.json
      ? `${JSON.stringify(summarizeConfig(config), null, 2)}\n`
      : renderConfigSummary(config, createPaint(process.stdout, process.env));
    process.stdout.write(output);
  } catch (error: unknown) {
    if (options.json && error instanceof CliError) printProblems(file, error);
    throw error;
  }
}

/** The `validate` command. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('Check a config file without starting anything.')
    .argument('<config>', 'the app config file (JSON)')
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', HELP)
    .action((file: string, options: ValidateOptions) => runValidate(file, options));
}
