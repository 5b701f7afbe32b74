import { Command } from 'commander';

export function historyCommand(): Command {
  return new Command('history').description('(being built)');
}
