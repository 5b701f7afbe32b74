// The history's location for commands that need nothing else (`supervisor history --config x`):
// it must keep working after the workers' scripts have been moved or deleted.
import path from 'node:path';

import type { ValidateFunction } from 'ajv';

import { validateStateDir } from './compiled-state-dir.cjs';
import { ConfigError } from './config-error.js';
import { describeSchemaErrors } from './describe-schema-errors.js';
import { normalizeStateDir } from './normalize-config.js';
import { parseConfigText } from './parse-config-text.js';
import { readConfigFile } from './read-config-file.js';

// Validates only `stateDir`, filling in its default, and lets every other field through.
const stateDirValidator = validateStateDir as ValidateFunction<{ stateDir: string }>;

/** The absolute state directory of the config file at `file`, checking only `stateDir`. */
export async function readStateDir(file: string): Promise<string> {
  const data = await parseConfigText(await readConfigFile(file), file);
  if (!stateDirValidator(data)) {
    const problems = describeSchemaErrors(stateDirValidator.errors ?? [], data);
    throw new ConfigError('ERR_CONFIG_INVALID', file, problems);
  }
  return normalizeStateDir(data.stateDir, path.resolve(file));
}
