// The one error the config module throws. Its message is meant to be printed as-is by the CLI.
import path from 'node:path';

export type ConfigErrorCode =
  'ERR_CONFIG_NOT_FOUND' | 'ERR_CONFIG_READ' | 'ERR_CONFIG_JSON' | 'ERR_CONFIG_INVALID';

/** One thing wrong with a config file. */
export interface ConfigProblem {
  /** The field, as `workers[2].graceMs`; empty for the file or its top level. */
  path: string;
  message: string;
  /** 1-based position in the file, when the problem is the file's syntax. */
  line?: number;
  column?: number;
}

// Enough to see every problem of a typical file without burying the terminal.
const MAX_PRINTED_PROBLEMS = 20;

/** A config file that could not be read, parsed or validated; `code` says which. */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  /** Absolute path of the config file. */
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  /** `file` is the path as the user gave it: messages show it that way. */
  constructor(
    code: ConfigErrorCode,
    file: string,
    problems: ConfigProblem[],
    options?: ErrorOptions,
  ) {
    super(formatProblems(file, problems), options);
    this.name = 'ConfigError';
    this.code = code;
    this.file = path.resolve(file);
    this.problems = problems;
  }
}

function formatProblems(file: string, problems: ConfigProblem[]): string {
  const lines = problems.slice(0, MAX_PRINTED_PROBLEMS).map((p) => formatProblem(file, p));
  const hidden = problems.length - lines.length;
  if (hidden > 0) lines.push(`${file}: ... and ${hidden} more problem${hidden > 1 ? 's' : ''}`);
  return lines.join('\n');
}

function formatProblem(file: string, problem: ConfigProblem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const field = problem.path === '' ? '' : `${problem.path}: `;
  return `${file}${position}: ${field}${problem.message}`;
}
