// Parsing a config file's text as strict JSON. Every command that reads a config needs the value;
// only a file that is not JSON needs the slower parser that says where it is broken.
import type { ConfigError } from './config-error.js';

/** The JSON value of `json`; rejects with an ERR_CONFIG_JSON ConfigError if it is not JSON. */
export async function parseConfigText(json: string, file: string): Promise<unknown> {
  let syntaxError: unknown;
  try {
    // JSON.parse keeps a "__proto__" key as a key; jsonc-parser's value would make it the
    // object's prototype, and the field would vanish without a word.
    return JSON.parse(json) as unknown;
  } catch (error: unknown) {
    syntaxError = error;
  }
  const { getJsonError } = await import('./get-json-error.js');
  throw getJsonError(json, file, syntaxError) satisfies ConfigError;
}
