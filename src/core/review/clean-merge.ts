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
}

const paths = (e: DiffEntry): string[] => (e.previousFilename ? [e.filename, e.previousFilename] : [e.filename]);
const keyOf = (e: DiffEntry): string => `${e.filename}\u0000${e.status}\u0000${e.sha ?? ""}\u0000${e.previousFilename ?? ""}`;

/**
 * True when every path of the merge is the first parent's or the second parent's, as a merge that
 * resolved nothing makes it: a path only the second parent changed comes from it, unchanged; a
 * path only the first parent changed keeps its version; a path both changed was changed the same
 * way. A conflict resolved by hand, an edit made during the merge, or a change of the second parent
 * left out (a silent revert) all break it. A blob GitHub does not name breaks it too.
 */
export function mergeBringsOnlyParents({ ours, theirs, merged }: MergeDiffs): boolean {
  if ([...ours, ...theirs, ...merged].some((e) => e.sha === null)) return false;
  const touchedByOurs = new Set(ours.flatMap(paths));
  const oursByKey = new Set(ours.map(keyOf));
  const theirsByKey = new Set(theirs.map(keyOf));
  // What the merge changed on top of the first parent: exactly the second parent's changes to paths the first left alone.
  for (const e of merged) {
    if (!theirsByKey.has(keyOf(e))) return false;
    if (paths(e).some((p) => touchedByOurs.has(p))) return false;
  }
  const mergedByKey = new Set(merged.map(keyOf));
  // Every change of the second parent is in the merge: taken as is, or made the same way by the first.
  for (const t of theirs) {
    const overlaps = paths(t).some((p) => touchedByOurs.has(p));
    if (overlaps ? !oursByKey.has(keyOf(t)) : !mergedByKey.has(keyOf(t))) return false;
  }
  return true;
}
