// "Did you mean" for a mistyped field name or value.

/** The candidate the user most likely meant by `input`, if one is close enough to suggest. */
export function suggestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = simplify(input);
  const maxDistance = wanted.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = distanceTo(wanted, simplify(candidate));
    if (distance <= maxDistance && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// Case, '-' and '_' are the usual slips (`gracems`, `kill_signal`), so they cost nothing.
function simplify(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

// A missing prefix (`TERM` for `SIGTERM`) counts as one edit; anything else is Levenshtein.
function distanceTo(wanted: string, candidate: string): number {
  if (wanted.length >= 3 && candidate !== wanted && candidate.endsWith(wanted)) return 1;
  return levenshtein(wanted, candidate);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
