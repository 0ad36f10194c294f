/**
 * Which merges hold nothing but their parents' content (core/review/clean-merge.ts), on diffs as
 * GitHub's compare API lists them. The pull request's side changed the stack; the base branch
 * meanwhile changed the README, added a workflow and removed an old script.
 */
import { mergeBringsOnlyParents, type DiffEntry, type MergeDiffs } from "../../../src/core/review/clean-merge.js";

const blob = (n: number) => n.toString(16).padStart(40, "0");
const STACK: DiffEntry = { filename: "infra/lib/orders-stack.ts", status: "modified", sha: blob(1) };
const README: DiffEntry = { filename: "README.md", status: "modified", sha: blob(2) };
const WORKFLOW: DiffEntry = { filename: ".github/workflows/deploy.yml", status: "added", sha: blob(3) };
const OLD_SCRIPT: DiffEntry = { filename: "scripts/old.sh", status: "removed", sha: blob(4) };

/** "Update branch" with no conflict: the merge adds exactly what the base changed. */
const clean: MergeDiffs = { ours: [STACK], theirs: [README, WORKFLOW, OLD_SCRIPT], merged: [README, WORKFLOW, OLD_SCRIPT] };

describe("a merge that holds only its parents' content", () => {
  it("is the base's changes taken whole on top of the pull request's", () => {
    expect(mergeBringsOnlyParents(clean)).toBe(true);
  });

  it("holds when both sides made the very same change to a file (a cherry-pick on both)", () => {
    expect(mergeBringsOnlyParents({ ours: [STACK, README], theirs: [README, WORKFLOW], merged: [WORKFLOW] })).toBe(true);
  });

  it("holds when the base did not move (nothing to bring in)", () => {
    expect(mergeBringsOnlyParents({ ours: [STACK], theirs: [], merged: [] })).toBe(true);
  });

  it("holds for a rename on the base that the merge takes as it is", () => {
    const renamed: DiffEntry = { filename: "docs/guide.md", status: "renamed", sha: blob(5), previousFilename: "docs/old-guide.md" };
    expect(mergeBringsOnlyParents({ ours: [STACK], theirs: [renamed], merged: [renamed] })).toBe(true);
  });
});

describe("a merge whose maker chose content", () => {
  it("a conflict resolved by hand: a file both sides changed, with a third version in the merge", () => {
    const theirsStack = { ...STACK, sha: blob(10) };
    const resolved = { ...STACK, sha: blob(11) };
    expect(mergeBringsOnlyParents({ ours: [STACK], theirs: [theirsStack, README], merged: [resolved, README] })).toBe(false);
  });

  it("a file both sides changed differently, even when the merge keeps the pull request's version", () => {
    expect(mergeBringsOnlyParents({ ours: [STACK], theirs: [{ ...STACK, sha: blob(10) }], merged: [] })).toBe(false);
  });

  it("an edit slipped into the merge: a file the base never changed", () => {
    const slipped: DiffEntry = { filename: "infra/lib/iam.ts", status: "modified", sha: blob(12) };
    expect(mergeBringsOnlyParents({ ...clean, merged: [...clean.merged, slipped] })).toBe(false);
  });

  it("a base change taken with other content", () => {
    expect(mergeBringsOnlyParents({ ...clean, merged: [{ ...README, sha: blob(13) }, WORKFLOW, OLD_SCRIPT] })).toBe(false);
  });

  it("a base change left out (a silent revert of it)", () => {
    expect(mergeBringsOnlyParents({ ...clean, merged: [README, WORKFLOW] })).toBe(false);
  });

  it("a base change taken with another status (a removed file kept, then added back)", () => {
    expect(mergeBringsOnlyParents({ ...clean, merged: [README, WORKFLOW, { ...OLD_SCRIPT, status: "modified" }] })).toBe(false);
  });

  it("a file the merge changed that the pull request had changed too", () => {
    expect(mergeBringsOnlyParents({ ours: [STACK], theirs: [STACK], merged: [STACK] })).toBe(false);
  });

  it("a rename on the pull request's side of a file the base changed (git may carry it over; not proven)", () => {
    const moved: DiffEntry = { filename: "infra/lib/orders.ts", status: "renamed", sha: blob(1), previousFilename: "infra/lib/orders-stack.ts" };
    expect(mergeBringsOnlyParents({ ours: [moved], theirs: [{ ...STACK, sha: blob(14) }], merged: [] })).toBe(false);
  });

  it("a blob GitHub does not name, on any side", () => {
    expect(mergeBringsOnlyParents({ ...clean, merged: [{ ...README, sha: null }, WORKFLOW, OLD_SCRIPT] })).toBe(false);
    expect(mergeBringsOnlyParents({ ...clean, ours: [{ ...STACK, sha: null }] })).toBe(false);
  });
});

describe("a file both sides changed, merged line by line (the adapter read the versions)", () => {
  const theirsStack: DiffEntry = { ...STACK, sha: blob(10) };
  const lineMerged: DiffEntry = { ...STACK, sha: blob(11) };
  const diffs: MergeDiffs = { ours: [STACK], theirs: [theirsStack, README], merged: [lineMerged, README] };

  it("holds only when that file was proven to be the line merge of its versions", () => {
    expect(mergeBringsOnlyParents(diffs)).toBe(false);
    expect(mergeBringsOnlyParents({ ...diffs, resolved: new Set([STACK.filename]) })).toBe(true);
  });

  it("a proof for another file, or for a renamed or added one, proves nothing", () => {
    expect(mergeBringsOnlyParents({ ...diffs, resolved: new Set([README.filename]) })).toBe(false);
    const renamed: DiffEntry = { ...lineMerged, status: "renamed", previousFilename: "infra/lib/old-stack.ts" };
    expect(mergeBringsOnlyParents({ ...diffs, merged: [renamed, README], resolved: new Set([STACK.filename]) })).toBe(false);
    const added: DiffEntry = { filename: "infra/lib/new.ts", status: "added", sha: blob(12) };
    expect(mergeBringsOnlyParents({ ours: [added], theirs: [{ ...added, sha: blob(13) }], merged: [{ ...added, sha: blob(14) }], resolved: new Set([added.filename]) })).toBe(false);
  });

  it("the rest of the merge still has to hold: a base change left out breaks it", () => {
    expect(mergeBringsOnlyParents({ ...diffs, merged: [lineMerged], resolved: new Set([STACK.filename]) })).toBe(false);
  });
});

