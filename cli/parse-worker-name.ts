// A worker name argument, checked with the config's own rule (config/schema.json): a bad one is
// a usage error (exit 2), and a name can never reach outside the logs folder.
import { InvalidArgumentError } from 'commander';

const WORKER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function parseWorkerName(value: string): string {
  if (!WORKER_NAME.test(value)) {
    throw new InvalidArgumentError("a worker name is 1 to 64 letters, digits, '-' or '_'.");
  }
  return value;
}
