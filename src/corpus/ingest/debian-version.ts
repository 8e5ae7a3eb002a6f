// Debian version ordering (Debian Policy §5.6.12, what `dpkg --compare-versions` implements): [epoch:]upstream[-revision],
// compared part by part; within a part, runs of non-digits and digits alternate, `~` sorts before everything (even the
// end of the string), letters before other characters. Used to pick the newest of a source package's versions.

interface Parsed {
  readonly epoch: bigint;
  readonly upstream: string;
  readonly revision: string;
}

function parse(version: string): Parsed {
  const v = version.trim();
  const colon = v.indexOf(':');
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? BigInt(v.slice(0, colon)) : 0n;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
    : { epoch, upstream: rest, revision: '' };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** A character's weight in the non-digit runs: `~` lowest, then the end of the run, letters, everything else. */
function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareRuns(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const d = order(a[i]) - order(b[j]);
      if (d !== 0) return d < 0 ? -1 : 1;
      i++;
      j++;
    }
    let x = i;
    while (isDigit(a[x])) x++;
    let y = j;
    while (isDigit(b[y])) y++;
    // numeric comparison of arbitrarily long digit runs: no leading zeros, then length, then text
    const na = a.slice(i, x).replace(/^0+/, '');
    const nb = b.slice(j, y).replace(/^0+/, '');
    if (na.length !== nb.length) return na.length < nb.length ? -1 : 1;
    if (na !== nb) return na < nb ? -1 : 1;
    i = x;
    j = y;
  }
  return 0;
}

/** Negative when `a` is older than `b`, positive when newer, 0 when they are the same version. */
export function compareDebianVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa.epoch !== pb.epoch) return pa.epoch < pb.epoch ? -1 : 1;
  return compareRuns(pa.upstream, pb.upstream) || compareRuns(pa.revision, pb.revision);
}
