// `supervisor stop --plan`: how a stop would go for a config, without stopping anything. Stopping
// a running supervisor needs the control socket, which does not exist yet.
import { Command } from 'commander';

import { planStop } from '../../daemon/index.js';
import { CliError, EXIT_USAGE } from '../cli-error.js';
import { createPaint } from '../format-colour.js';
import { loadCliConfig } from '../load-cli-config.js';
import { renderStopPlan } from '../render-stop-plan.js';
import { DEFAULT_CONFIG_FILE } from '../state-dir.js';

interface StopOptions {
  config: string;
  plan?: boolean;
  json?: boolean;
}

const HELP = `
Examples:
  $ supervisor stop --plan
  $ supervisor stop --plan --config deploy/app.config.json --json

A worker that others depend on (dependsOn) drains after them; workers in the same step drain in
parallel. Each step may take at most its slowest worker's graceMs + killTimeoutMs; the worst
case is the sum of those.

Stopping a running supervisor from here is not available yet: send it SIGTERM (or press Ctrl-C
in its terminal), and it drains every worker gracefully.

Exit codes:
  0  plan printed
  2  bad usage (stop without --plan), or a config file that cannot be used
`;

async function runStop(options: StopOptions): Promise<void> {
  if (!options.plan) {
    const message =
      '`supervisor stop` cannot reach a running supervisor yet: send it SIGTERM to stop it ' +
      'gracefully, or add --plan to see how a stop would go';
    throw new CliError(message, EXIT_USAGE, 'ERR_STOP_UNAVAILABLE');
  }
  const config = await loadCliConfig(options.config);
  const plan = planStop(config.workers);
  const output = options.json
    ? `${JSON.stringify({ config: config.file, ...plan }, null, 2)}\n`
    : renderStopPlan(config.file, plan, createPaint(process.stdout, process.env));
  process.stdout.write(output);
}

/** The `stop` command. */
export function stopCommand(): Command {
  return new Command('stop')
    .description('Show the order and deadlines in which a stop drains the workers (--plan).')
    .option('--plan', 'print the drain order, deadlines and worst case; stop nothing')
    .option('--config <file>', 'the app config file', DEFAULT_CONFIG_FILE)
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', HELP)
    .action((options: StopOptions) => runStop(options));
}
