// Field paths as users read them: `workers[2].graceMs`, `workers[0].env["MY-VAR"]`.

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Joins object keys and array indices into one readable path; empty for the top level. */
export function formatFieldPath(segments: readonly (string | number)[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!PLAIN_KEY.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
