import { expect } from 'chai';

import { runCli } from '../support/run-cli.js';

const COMMANDS = [
  'start',
  'stop',
  'status',
  'reload',
  'restart',
  'events',
  'logs',
  'validate',
  'history',
  'show',
];

describe('supervisor <command> --help', () => {
  for (const command of COMMANDS) {
    it(`${command} --help shows an example and the exit codes`, () => {
      const result = runCli([command, '--help']);

      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout).to.include(`$ supervisor ${command}`);
      expect(result.stdout).to.match(/Exit codes:\n {2}0 {2}/);
    });
  }

  it('lists every command in the top-level help', () => {
    const result = runCli(['--help']);

    for (const command of COMMANDS)
      expect(result.stdout).to.match(new RegExp(`^ {2}${command}`, 'm'));
  });
});
