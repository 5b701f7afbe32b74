// Argument parsers for commander: a bad value becomes a usage error (exit 2), never a NaN.
import { InvalidArgumentError } from 'commander';

/** Parses a whole number of at least 1, written in plain digits. */
export function parsePositiveInteger(value: string): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  }
  return number;
}
