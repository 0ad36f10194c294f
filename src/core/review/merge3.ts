/**
 * A line-by-line three-way merge, for proving that a merge commit's version of a file both sides
 * changed is what merging them gives, with no line of the merger's own (clean-merge.ts). Changes
 * of the two sides to the same, overlapping or touching lines of the base are a conflict unless
 * they are the same change, as git counts them; a conflict, or files too different to compare
 * cheaply, gives undefined. Whatever it returns is made of the two sides' lines only, so a merge
 * it matches holds no line of the merger's, whichever way git would have aligned them.
 */

/** A run of base lines [baseStart, baseEnd) that one side replaced by its lines [sideStart, sideEnd). */
interface Hunk {
  baseStart: number;
  baseEnd: number;
  sideStart: number;
  sideEnd: number;
}

/** Edit distance beyond which two versions are not compared (the proof then fails, the strict side). */
const MAX_EDITS = 1000;

/** Lines with their endings, so that joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/**
 * The hunks that turn `a` into `b` (Myers' O(ND) shortest edit script), in order; undefined when
 * more than MAX_EDITS lines differ.
 */
export function diffHunks(a: readonly string[], b: readonly string[]): Hunk[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // v before each round d, kept for k in [-d - 1, d + 1] only (what the walk back reads).
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return undefined;
  // Walk back through the trace: each round is one insertion or deletion after a diagonal run.
  const same: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d] as Int32Array;
    const at = (k: number): number => prev[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) same.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) same.push([--x, --y]);
  same.reverse();
  // Hunks are the gaps between matched lines.
  const hunks: Hunk[] = [];
  let ai = 0;
  let bi = 0;
  for (const [sa, sb] of [...same, [n, m] as [number, number]]) {
    if (sa > ai || sb > bi) hunks.push({ baseStart: ai, baseEnd: sa, sideStart: bi, sideEnd: sb });
    ai = sa + 1;
    bi = sb + 1;
  }
  return hunks;
}

/** The side's lines for base lines [from, to), given its hunks that lie within (or touch) that range. */
function sideVersion(base: readonly string[], side: readonly string[], hunks: readonly Hunk[], from: number, to: number): string[] {
  const out: string[] = [];
  let at = from;
  for (const h of hunks) {
    out.push(...base.slice(at, h.baseStart), ...side.slice(h.sideStart, h.sideEnd));
    at = h.baseEnd;
  }
  out.push(...base.slice(at, to));
  return out;
}

/**
 * `ours` and `theirs` merged against `base`, as text; undefined on a conflict (changes to the same
 * or neighbouring base lines that differ) or when a side is too different from the base.
 */
export function mergeLines(base: string, ours: string, theirs: string): string | undefined {
  const b = splitLines(base);
  const o = splitLines(ours);
  const t = splitLines(theirs);
  const oursHunks = diffHunks(b, o);
  const theirsHunks = diffHunks(b, t);
  if (!oursHunks || !theirsHunks) return undefined;
  const all = [...oursHunks.map((h) => ({ h, side: 0 })), ...theirsHunks.map((h) => ({ h, side: 1 }))].sort((x, y) => x.h.baseStart - y.h.baseStart || x.h.baseEnd - y.h.baseEnd);
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < all.length; ) {
    // A region: hunks that overlap or touch one another in the base.
    const first = all[i] as (typeof all)[number];
    let from = first.h.baseStart;
    let to = first.h.baseEnd;
    const region = [first];
    for (i++; i < all.length && (all[i] as (typeof all)[number]).h.baseStart <= to; i++) {
      const next = all[i] as (typeof all)[number];
      region.push(next);
      from = Math.min(from, next.h.baseStart);
      to = Math.max(to, next.h.baseEnd);
    }
    out.push(...b.slice(at, from));
    const mine = region.filter((r) => r.side === 0).map((r) => r.h);
    const yours = region.filter((r) => r.side === 1).map((r) => r.h);
    const oursText = sideVersion(b, o, mine, from, to);
    if (yours.length === 0) out.push(...oursText);
    else {
      const theirsText = sideVersion(b, t, yours, from, to);
      if (mine.length > 0 && oursText.join("") !== theirsText.join("")) return undefined;
      out.push(...theirsText);
    }
    at = to;
  }
  out.push(...b.slice(at));
  return out.join("");
}
