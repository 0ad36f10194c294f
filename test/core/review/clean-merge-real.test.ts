/**
 * mergeBringsOnlyParents on real merges (test/fixtures/github/merges: buildkite's "Merge branch
 * 'main' into …" commits, MIT). The expected verdicts, with their reasons, are in that folder's README.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { mergeBringsOnlyParents, type DiffEntry } from "../../../src/core/review/clean-merge.js";

type CompareFile = { filename: string; status: string; sha: string; previous_filename?: string };
const dir = path.join(process.cwd(), "test/fixtures/github/merges");
const entries = (files: CompareFile[]): DiffEntry[] => files.map((f) => ({ filename: f.filename, status: f.status, sha: f.sha, ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}) }));
const verdict = (file: string, resolved?: ReadonlySet<string>): boolean => {
  const merge = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { ours: CompareFile[]; theirs: CompareFile[]; merged: CompareFile[] };
  return mergeBringsOnlyParents({ ours: entries(merge.ours), theirs: entries(merge.theirs), merged: entries(merge.merged), ...(resolved ? { resolved } : {}) });
};

describe("real merges of main into a branch", () => {
  it("a clean update (main's three changes, none to the branch's files) is proven", () => {
    expect(verdict("buildkite-update-branch-clean.json")).toBe(true);
  });
  it("a conflict resolved by hand in CHANGELOG.md is not", () => {
    expect(verdict("buildkite-update-branch-conflict.json")).toBe(false);
  });
  it("files git merged line by line are not proven from the diffs alone, and are once each is shown to be the line merge", () => {
    expect(verdict("buildkite-update-branch-automerged.json")).toBe(false);
    const both = new Set(["CHANGELOG.md", "packer/linux/stack/scripts/install-buildkite-agent.sh"]);
    expect(verdict("buildkite-update-branch-automerged.json", both)).toBe(true);
    // One of the two shown is not enough.
    expect(verdict("buildkite-update-branch-automerged.json", new Set(["CHANGELOG.md"]))).toBe(false);
  });
});
