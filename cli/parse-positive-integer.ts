// Argument parsers for commander: a bad value becomes a usage error (exit 2), never a NaN.
import { InvalidArgumentError } from 'commander';

/** A parser of whole numbers of at least `min`, written in plain digits. */
export function parseIntegerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}.`);
    }
    return number;
  };
}

/** Parses a whole number of at least 1. */
export const parsePositiveInteger = parseIntegerAtLeast(1);
