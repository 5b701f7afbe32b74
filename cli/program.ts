// The command tree. Each command lives in commands/<name>.ts; only the one being run is imported,
// so that a quick read (`supervisor history`, `show`) does not pay for loading the daemon, the
// control client and the config validator at start-up.
import { readFileSync } from 'node:fs';

import { Command } from 'commander';

type CommandLoader = () => Promise<Command>;

// In the order `supervisor --help` lists them.
const COMMANDS: Record<string, CommandLoader> = {
  start: async () => (await import('./commands/start.js')).startCommand(),
  stop: async () => (await import('./commands/stop.js')).stopCommand(),
  status: async () => (await import('./commands/status.js')).statusCommand(),
  reload: async () => (await import('./commands/reload.js')).reloadCommand(),
  restart: async () => (await import('./commands/restart.js')).restartCommand(),
  events: async () => (await import('./commands/events.js')).eventsCommand(),
  logs: async () => (await import('./commands/logs.js')).logsCommand(),
  validate: async () => (await import('./commands/validate.js')).validateCommand(),
  history: async () => (await import('./commands/history.js')).historyCommand(),
  show: async () => (await import('./commands/show.js')).showCommand(),
};

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

/**
 * The commands `args` (argv without node and the script) can run: the one it names, none for
 * `--version`, else every one (`--help`, `help <command>`, a typo commander suggests a fix
 * for). The program's own options take no value, so the first word that is not one names it.
 */
function commandsFor(args: string[]): CommandLoader[] {
  const name = args.find((arg) => !arg.startsWith('-'));
  const named = name === undefined ? undefined : COMMANDS[name];
  if (named) return [named];
  const onlyVersion = name === undefined && args.some((arg) => arg === '-V' || arg === '--version');
  return onlyVersion ? [] : Object.values(COMMANDS);
}

/** The program, with the commands that `argv` may run. */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('supervisor')
    .description('Supervise Node.js workers and stop them well.')
    .version(packageVersion());
  const commands = await Promise.all(commandsFor(argv.slice(2)).map((load) => load()));
  for (const command of commands) program.addCommand(command);
  configureTree(program);
  return program;
}
