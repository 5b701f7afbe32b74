// The command tree. Each command lives in commands/<name>.ts and is registered here.
import { readFileSync } from 'node:fs';

import { Command } from 'commander';

import { eventsCommand } from './commands/events.js';
import { historyCommand } from './commands/history.js';
import { logsCommand } from './commands/logs.js';
import { reloadCommand } from './commands/reload.js';
import { restartCommand } from './commands/restart.js';
import { showCommand } from './commands/show.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { stopCommand } from './commands/stop.js';
import { validateCommand } from './commands/validate.js';

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  return pkg.version;
}

/** Makes every command report usage errors by throwing, so main can map them to exit 2. */
function configureTree(command: Command): void {
  command.exitOverride();
  command.showHelpAfterError('(add --help for usage)');
  for (const child of command.commands) configureTree(child);
}

export function buildProgram(): Command {
  const program = new Command('supervisor')
    .description('Supervise Node.js workers and stop them well.')
    .version(packageVersion());
  program.addCommand(startCommand());
  program.addCommand(stopCommand());
  program.addCommand(statusCommand());
  program.addCommand(reloadCommand());
  program.addCommand(restartCommand());
  program.addCommand(eventsCommand());
  program.addCommand(logsCommand());
  program.addCommand(validateCommand());
  program.addCommand(historyCommand());
  program.addCommand(showCommand());
  configureTree(program);
  return program;
}
