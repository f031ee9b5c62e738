// OpenSSH's pattern lists, shared by ssh_config `Host` lines and known_hosts host fields:
// `*` and `?` wildcards, `!` negates, case-insensitive, and one negated match vetoes the whole
// list even when a positive pattern matched (so `Host * !bastion` skips bastion).

/** Glob match with `*` and `?` only; iterative so a pattern full of stars cannot blow up. */
export function wildcardMatch(text: string, pattern: string): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '?' || (pc !== undefined && pc !== '*' && pc === text[t])) {
      t++;
      p++;
    } else if (pc === '*') {
      starP = p++;
      starT = t;
    } else if (starP !== -1) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** True when some positive pattern matches `name` and no negated one does. */
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
  const lower = name.toLowerCase();
  let positive = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!wildcardMatch(lower, pattern)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}
