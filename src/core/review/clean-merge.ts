/**
 * Whether a merge commit holds nothing but its parents' content: GitHub's "Update branch", or a
 * `git merge main` that needed no hand. Its author chose no line of the change, so making the merge
 * does not make them a writer of the pull request (two-person-review). Proven from three diffs,
 * each as GitHub's compare API lists it; anything not proven leaves them a writer.
 */

/** One file of a diff, as the compare API lists it. `sha`: the blob on the diff's head side. */
export interface DiffEntry {
  filename: string;
  status: string;
  sha: string | null;
  previousFilename?: string;
}

export interface MergeDiffs {
  /** Merge base of the two parents → first parent. */
  ours: readonly DiffEntry[];
  /** Merge base of the two parents → second parent. */
  theirs: readonly DiffEntry[];
  /** First parent → the merge commit. */
  merged: readonly DiffEntry[];
  /**
   * Files both parents changed (each modified in place) whose version in the merge was shown to be
   * what merging the parents' versions line by line gives (merge3.ts, from their content).
   */
  resolved?: ReadonlySet<string>;
}

const paths = (e: DiffEntry): string[] => (e.previousFilename ? [e.filename, e.previousFilename] : [e.filename]);
const keyOf = (e: DiffEntry): string => `${e.filename}\u0000${e.status}\u0000${e.sha ?? ""}\u0000${e.previousFilename ?? ""}`;

/**
 * True when every path of the merge is the first parent's or the second parent's, as a merge that
 * resolved nothing makes it: a path only the second parent changed comes from it, unchanged; a
 * path only the first parent changed keeps its version; a path both changed was changed the same
 * way. A conflict resolved by hand, an edit made during the merge, or a change of the second parent
 * left out (a silent revert) all break it. A blob GitHub does not name breaks it too. A file
 * both changed in place may also have been merged line by line, when the adapter proved it
 * (`resolved`).
 */
export function mergeBringsOnlyParents({ ours, theirs, merged, resolved = new Set() }: MergeDiffs): boolean {
  if ([...ours, ...theirs, ...merged].some((e) => e.sha === null)) return false;
  const touchedByOurs = new Set(ours.flatMap(paths));
  const oursByKey = new Set(ours.map(keyOf));
  const theirsByKey = new Set(theirs.map(keyOf));
  // A file both modified in place, merged line by line: its version in the merge was proven.
  const modifiedInPlace = (e: DiffEntry): boolean => e.status === "modified" && e.previousFilename === undefined;
  const lineMerged = (e: DiffEntry): boolean =>
    resolved.has(e.filename) && modifiedInPlace(e) && ours.some((o) => o.filename === e.filename && modifiedInPlace(o)) && theirs.some((t) => t.filename === e.filename && modifiedInPlace(t));
  // What the merge changed on top of the first parent: exactly the second parent's changes to paths the first left alone.
  for (const e of merged) {
    if (lineMerged(e)) continue;
    if (!theirsByKey.has(keyOf(e))) return false;
    if (paths(e).some((p) => touchedByOurs.has(p))) return false;
  }
  const mergedByKey = new Set(merged.map(keyOf));
  // Every change of the second parent is in the merge: taken as is, made the same way by the first, or merged line by line.
  for (const t of theirs) {
    const overlaps = paths(t).some((p) => touchedByOurs.has(p));
    if (overlaps ? !oursByKey.has(keyOf(t)) && !lineMerged(t) : !mergedByKey.has(keyOf(t))) return false;
  }
  return true;
}
