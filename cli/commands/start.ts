import { Command } from 'commander';

export function startCommand(): Command {
  return new Command('start').description('(being built)');
}
