// Loading the config file: read, parse, validate against the schema, normalize, then check what
// only the file system can tell (names, paths).
import path from 'node:path';

import { ConfigError } from './config-error.js';
import { describeSchemaErrors } from './describe-schema-errors.js';
import { findDuplicateKeys } from './find-duplicate-keys.js';
import { normalizeConfig } from './normalize-config.js';
import { parseConfigText } from './parse-config-text.js';
import { readConfigFile } from './read-config-file.js';
import { configValidator, type ValidatedConfig } from './schema-validators.js';
import type { SupervisorConfig } from './types.js';
import { validateWorkers } from './validate-workers.js';

/** Reads the config file at `file`; rejects with a ConfigError listing every problem found. */
export async function loadConfig(file: string): Promise<SupervisorConfig> {
  const text = await readConfigFile(file);
  const data = await parseConfigText(text, file);
  validateConfigData(data, text, file);

  const config = normalizeConfig(data, path.resolve(file));
  await validateWorkers(config.workers, file);
  return config;
}

// Fills in the schema's defaults as it validates.
function validateConfigData(
  data: unknown,
  text: string,
  file: string,
): asserts data is ValidatedConfig {
  const schemaProblems = configValidator(data)
    ? []
    : describeSchemaErrors(configValidator.errors ?? [], data);
  const problems = [...findDuplicateKeys(text), ...schemaProblems];
  if (problems.length > 0) throw new ConfigError('ERR_CONFIG_INVALID', file, problems);
}
