// Reading the config file's text, with the failures a user can cause turned into ConfigErrors.
import { readFile } from 'node:fs/promises';

import { ConfigError, type ConfigProblem } from './config-error.js';

/** The text of the config file at `file`. */
export async function readConfigFile(file: string): Promise<string> {
  try {
    return withoutByteOrderMark(await readFile(file, 'utf8'));
  } catch (error: unknown) {
    throw getReadError(error, file);
  }
}

// Editors on Windows may save a byte-order mark; it is not part of the JSON, and counting it would
// shift the columns of line 1 in error messages.
function withoutByteOrderMark(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

const READ_FAILURES: Partial<Record<string, string>> = {
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
};

function getReadError(error: unknown, file: string): ConfigError {
  const { code, message } = error as NodeJS.ErrnoException;
  const options = { cause: error };
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ConfigError('ERR_CONFIG_NOT_FOUND', file, [atFile('file not found')], options);
  }
  const reason = READ_FAILURES[code ?? ''] ?? message;
  return new ConfigError('ERR_CONFIG_READ', file, [atFile(`cannot read: ${reason}`)], options);
}

function atFile(message: string): ConfigProblem {
  return { path: '', message };
}
