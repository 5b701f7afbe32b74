// JSON lets a key appear twice in one object and keeps the last value, silently. In a config file
// that is almost always a copy-paste slip, so it is reported like any other problem.
import { visit } from 'jsonc-parser';

import type { ConfigProblem } from './config-error.js';
import { formatFieldPath } from './format-field-path.js';

/** A problem for each key repeated within one object of `json` (which must parse). */
export function findDuplicateKeys(json: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // Where each key was first seen (`line:column`), for every object currently open.
  const openObjects: Map<string, string>[] = [];
  visit(json, {
    onObjectBegin: () => {
      openObjects.push(new Map());
    },
    onObjectEnd: () => {
      openObjects.pop();
    },
    onObjectProperty: (key, _offset, _length, line, column, pathSupplier) => {
      const seen = openObjects.at(-1);
      const here = `${line + 1}:${column + 1}`;
      const first = seen?.get(key);
      if (first === undefined) {
        seen?.set(key, here);
        return;
      }
      const path = formatFieldPath([...pathSupplier(), key]);
      problems.push({ path, message: `duplicate key (at ${first} and ${here})` });
    },
  });
  return problems;
}
