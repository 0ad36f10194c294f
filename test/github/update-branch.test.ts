/**
 * "Update branch" on a Copilot pull request, on the wire: GitHub's GraphQL lists the merge commit
 * with its two parents, and three REST comparisons (compare API, as GitHub answers them) prove it
 * brought in only the base branch's changes. carol clicked it and approves the new head with bob.
 */
import { createHash } from "node:crypto";
import nock from "nock";
import { fetchPull } from "../../src/github/pull.js";
import { MAX_MERGE_PROOFS, MAX_PROOF_REQUESTS } from "../../src/github/merges.js";
import { rule } from "../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { COPILOT, GITHUB_NOREPLY, pullData, type CommitInput } from "./helpers.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

githubOnlyThroughNock();

const API = "https://api.github.com";
const REPO = "acme/platform";
const OLD_BASE = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
const NEW_BASE = "b1946ac92492d2347c6235b4d2611184a7c3e1f2";
const PLAN = "3e1f0c9a8b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";
const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
const CAROL = { name: "Carol", email: "1003+carol@users.noreply.github.com", login: "carol" };
const AT = "2026-11-20T10:00:00Z";

type File = { filename: string; status: string; sha: string | null; previous_filename?: string };
const STACK: File = { filename: "infra/lib/orders-stack.ts", status: "modified", sha: "d670460b4b4aece5915caf5c68d12f560a9fe3e4" };
const README: File = { filename: "README.md", status: "modified", sha: "c8ee8d5c7f3e1b4f5a5b2d2f0e9d9c1a7b3e4f50" };
const WORKFLOW: File = { filename: ".github/workflows/deploy.yml", status: "added", sha: "8b137891791fe96927ad78e64b0aad7bded08bdc" };

/** The compare API's answer for base...head (a page of one commit, the files whole). */
function compareAnswer(base: string, head: string, mergeBase: string, files: File[]) {
  const url = `https://github.com/${REPO}`;
  return {
    url: `${API}/repos/${REPO}/compare/${base}...${head}`,
    html_url: `${url}/compare/${base}...${head}`,
    permalink_url: `${url}/compare/acme:${base.slice(0, 7)}...acme:${head.slice(0, 7)}`,
    diff_url: `${url}/compare/${base}...${head}.diff`,
    patch_url: `${url}/compare/${base}...${head}.patch`,
    base_commit: { sha: base, url: `${API}/repos/${REPO}/commits/${base}` },
    merge_base_commit: { sha: mergeBase, url: `${API}/repos/${REPO}/commits/${mergeBase}` },
    status: mergeBase === base ? "ahead" : "diverged",
    ahead_by: 1,
    behind_by: mergeBase === base ? 0 : 1,
    total_commits: 1,
    commits: [{ sha: head, url: `${API}/repos/${REPO}/commits/${head}` }],
    files: files.map((f) => ({
      ...f,
      additions: 3,
      deletions: 1,
      changes: 4,
      blob_url: `${url}/blob/${head}/${f.filename}`,
      raw_url: `${url}/raw/${head}/${f.filename}`,
      contents_url: `${API}/repos/${REPO}/contents/${f.filename}?ref=${head}`,
    })),
  };
}

const commits = (mergeAuthor = CAROL): CommitInput[] => [
  { oid: PLAN, message: "Recreate orders table", author: COPILOT, committer: GITHUB_NOREPLY, parents: [OLD_BASE] },
  { oid: HEAD, message: "Merge branch 'master' into copilot/fix-12", author: mergeAuthor, committer: GITHUB_NOREPLY, parents: [PLAN, NEW_BASE] },
];
const reviews = [
  { id: 1, login: "bob", state: "APPROVED" as const, commit: HEAD, at: AT },
  { id: 2, login: "carol", state: "APPROVED" as const, commit: HEAD, at: AT },
];

/** GitHub's answers: the PR, then base...head for each comparison the proof makes. */
function github(merged: File[], extra: Partial<Record<"ours" | "theirs", File[]>> = {}) {
  return nock(API)
    .post("/graphql")
    .reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: commits(), reviews }) })
    .get(`/repos/${REPO}/compare/${NEW_BASE}...${PLAN}`)
    .query({ per_page: 1 })
    .reply(200, compareAnswer(NEW_BASE, PLAN, OLD_BASE, extra.ours ?? [STACK]))
    .get(`/repos/${REPO}/compare/${PLAN}...${NEW_BASE}`)
    .query({ per_page: 1 })
    .reply(200, compareAnswer(PLAN, NEW_BASE, OLD_BASE, extra.theirs ?? [README, WORKFLOW]))
    .get(`/repos/${REPO}/compare/${PLAN}...${HEAD}`)
    .query({ per_page: 1 })
    .reply(200, compareAnswer(PLAN, HEAD, PLAN, merged));
}

const decide = async () => {
  const { facts } = await fetchPull(octokitApi(), "acme", "platform", 5);
  return { facts, decision: rule.evaluate(facts, resolvePolicy()) };
};

describe("a merge commit made by a reviewer", () => {
  it("proven clean: cleanMerges names it, and both approvals count", async () => {
    const scope = github([README, WORKFLOW]);
    const { facts, decision } = await decide();
    expect(scope.isDone()).toBe(true);
    expect(facts.cleanMerges).toEqual([HEAD]);
    expect(decision.conclusion).toBe("success");
  });

  it("with a file both sides changed that GitHub no longer holds at the merge base: not proven, and carol does not count", async () => {
    const ours = [STACK];
    const theirs = [{ ...STACK, sha: "0cfbf08886fca9a91cb753ec8734c84fcbe52c9f" }, README];
    github([{ ...STACK, sha: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" }, README], { ours, theirs })
      .get(/\/contents\//)
      .query(true)
      .reply(200, { type: "dir", entries: [] });
    const { facts, decision } = await decide();
    expect(facts.cleanMerges).toBeUndefined();
    expect(decision.conclusion).toBe("failure");
    expect(decision.reasons).toContain("carol (review 2) does not count: authored commit 9f2c1e7");
  });

  it("with an edit slipped in, or a list of 300 files (GitHub's cap: it may be cut): not proven", async () => {
    github([README, WORKFLOW, { filename: "infra/lib/iam.ts", status: "modified", sha: "1f7391f92b6a3792204e07e99f71f643cc35e7e1" }]);
    expect((await decide()).facts.cleanMerges).toBeUndefined();
    // Without the cap this merge would be proven: the base added 300 pages and the merge took them all.
    const pages = Array.from({ length: 300 }, (_, i): File => ({ filename: `docs/page-${i}.md`, status: "added", sha: i.toString(16).padStart(40, "a") }));
    const scope = github(pages, { theirs: pages });
    expect((await decide()).facts.cleanMerges).toBeUndefined();
    expect(scope.pendingMocks()).toEqual([`GET ${API}:443/repos/${REPO}/compare/${PLAN}...${HEAD}`]);
    nock.cleanAll();
  });

  it("a comparison GitHub answers without its list of files: not proven", async () => {
    const { files: _files, ...withoutFiles } = compareAnswer(NEW_BASE, PLAN, OLD_BASE, [STACK]);
    nock(API)
      .post("/graphql")
      .reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: commits(), reviews }) })
      .get(`/repos/${REPO}/compare/${NEW_BASE}...${PLAN}`)
      .query(true)
      .reply(200, withoutFiles);
    expect((await decide()).facts.cleanMerges).toBeUndefined();
  });

  it("a merge commit that does not descend from its first parent as claimed: not proven", async () => {
    nock(API)
      .post("/graphql")
      .reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: commits(), reviews }) })
      .get(`/repos/${REPO}/compare/${NEW_BASE}...${PLAN}`)
      .query(true)
      .reply(200, compareAnswer(NEW_BASE, PLAN, OLD_BASE, [STACK]))
      .get(`/repos/${REPO}/compare/${PLAN}...${NEW_BASE}`)
      .query(true)
      .reply(200, compareAnswer(PLAN, NEW_BASE, OLD_BASE, [README]))
      .get(`/repos/${REPO}/compare/${PLAN}...${HEAD}`)
      .query(true)
      .reply(200, compareAnswer(PLAN, HEAD, OLD_BASE, [README]));
    expect((await decide()).facts.cleanMerges).toBeUndefined();
  });

  it("a commit GitHub does not find or cannot compare (404, 422): that merge is unproven, the rest of the evaluation goes on", async () => {
    for (const status of [404, 422]) {
      nock(API)
        .post("/graphql")
        .reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: commits(), reviews }) })
        .get(`/repos/${REPO}/compare/${NEW_BASE}...${PLAN}`)
        .query(true)
        .reply(status, { message: status === 404 ? "Not Found" : "No common ancestor between 380387f and 3e1f0c9." });
      const { facts, decision } = await decide();
      expect(facts.cleanMerges).toBeUndefined();
      expect(decision.reasons).toContain("carol (review 2) does not count: authored commit 9f2c1e7");
    }
  });

  it("an API error while proving it fails the evaluation (the check then fails), never a pass", async () => {
    nock(API)
      .post("/graphql")
      .reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: commits(), reviews }) })
      .get(`/repos/${REPO}/compare/${NEW_BASE}...${PLAN}`)
      .query(true)
      .reply(500, { message: "Server Error" });
    await expect(fetchPull(octokitApi(), "acme", "platform", 5)).rejects.toThrow();
  });
});

describe("merges nobody needs proven", () => {
  it("one made by a person who did not review: no request is spent (nock refuses any)", async () => {
    const dave = { name: "Dave", email: "1004+dave@users.noreply.github.com", login: "dave" };
    nock(API).post("/graphql").reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: commits(dave), reviews }) });
    expect((await decide()).facts.cleanMerges).toBeUndefined();
  });

  it(`at most ${MAX_MERGE_PROOFS} are proven, the newest first`, async () => {
    const merges: CommitInput[] = Array.from({ length: MAX_MERGE_PROOFS + 2 }, (_, i) => ({
      oid: (i + 1).toString(16).padStart(40, "c"),
      message: "Merge branch 'master'",
      author: CAROL,
      committer: GITHUB_NOREPLY,
      parents: [PLAN, NEW_BASE],
    }));
    const [plan, head] = commits() as [CommitInput, CommitInput];
    const scope = nock(API).post("/graphql").reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: [plan, ...merges, head], reviews }) });
    const asked: string[] = [];
    scope
      .get(/\/compare\//)
      .query(true)
      .times(3 * MAX_MERGE_PROOFS)
      .reply(200, (uri) => {
        const [base = "", head = ""] = decodeURIComponent(uri.split("/compare/")[1]?.split("?")[0] ?? "").split("...");
        asked.push(head);
        return compareAnswer(base, head, head === PLAN || head === NEW_BASE ? OLD_BASE : PLAN, head === PLAN ? [STACK] : [README]);
      });
    const { facts } = await decide();
    expect(scope.isDone()).toBe(true);
    const proven = [...merges, head].slice(-MAX_MERGE_PROOFS).map((m) => m.oid);
    expect(facts.cleanMerges).toEqual(proven);
    expect(asked.filter((h) => h !== PLAN && h !== NEW_BASE)).toEqual([...proven].reverse());
  });
});

/** A file both sides changed: the stack, where main made the table retained and the branch added a GSI. */
const stackVersion = (v: { retain?: boolean; gsi?: boolean; capacity?: number }) =>
  [
    `import { ${v.retain ? "RemovalPolicy, " : ""}Stack } from "aws-cdk-lib";`,
    'import * as dynamodb from "aws-cdk-lib/aws-dynamodb";',
    "",
    "export class OrdersStack extends Stack {",
    "  constructor(scope: Construct, id: string) {",
    "    super(scope, id);",
    `    const table = new dynamodb.Table(this, "Orders", { readCapacity: ${v.capacity ?? 5}${v.retain ? ", removalPolicy: RemovalPolicy.RETAIN" : ""} });`,
    "",
    "    // Queries by customer.",
    ...(v.gsi ? ['    table.addGlobalSecondaryIndex({ indexName: "byCustomer", partitionKey: { name: "customer", type: dynamodb.AttributeType.STRING } });'] : []),
    "  }",
    "}",
    "",
  ].join("\n");
const gitBlob = (text: string) => createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest("hex");
/** Base64 as GitHub sends it: broken into lines of 60. */
const base64 = (text: string) => (Buffer.from(text).toString("base64").match(/.{1,60}/g) ?? []).join("\n");
const BASE_STACK = stackVersion({});
const OURS_STACK = stackVersion({ gsi: true });
const THEIRS_STACK = stackVersion({ retain: true });

describe("a file both sides changed, merged line by line", () => {
  const file = (text: string): File => ({ ...STACK, sha: gitBlob(text) });
  /** GitHub's answers for the comparisons, then the three versions of the stack (a blob's content may lie). */
  function withVersions(versions: { ours: string; theirs: string; merged: string }, sent: Partial<Record<"ours" | "theirs", string>> = {}) {
    const scope = github([file(versions.merged), README], { ours: [file(versions.ours)], theirs: [file(versions.theirs), README] });
    const blobAnswer = (text: string, content = text) => ({ sha: gitBlob(text), node_id: "B_kwDOAbc", size: Buffer.byteLength(text), url: `${API}/repos/${REPO}/git/blobs/${gitBlob(text)}`, encoding: "base64", content: base64(content) });
    scope
      .get(/\/repos\/acme\/platform\/contents\/infra(%2F|\/)lib(%2F|\/)orders-stack\.ts/)
      .query({ ref: OLD_BASE })
      .reply(200, { type: "file", encoding: "base64", size: Buffer.byteLength(BASE_STACK), name: "orders-stack.ts", path: STACK.filename, content: base64(BASE_STACK), sha: gitBlob(BASE_STACK) })
      .get(`/repos/${REPO}/git/blobs/${gitBlob(versions.ours)}`)
      .reply(200, blobAnswer(versions.ours, sent.ours))
      .get(`/repos/${REPO}/git/blobs/${gitBlob(versions.theirs)}`)
      .reply(200, blobAnswer(versions.theirs, sent.theirs));
    return scope;
  }

  it("the merge's version is the line merge of the three: proven, and carol counts", async () => {
    // Expected from the versions: main's RETAIN (lines 1 and 7) and the branch's index (line 10), both kept.
    const scope = withVersions({ ours: OURS_STACK, theirs: THEIRS_STACK, merged: stackVersion({ retain: true, gsi: true }) });
    const { facts, decision } = await decide();
    expect(scope.isDone()).toBe(true);
    expect(facts.cleanMerges).toEqual([HEAD]);
    expect(decision.conclusion).toBe("success");
  });

  it("a version with a line of the merger's (capacity 50): not proven", async () => {
    withVersions({ ours: OURS_STACK, theirs: THEIRS_STACK, merged: stackVersion({ retain: true, gsi: true, capacity: 50 }) });
    expect((await decide()).facts.cleanMerges).toBeUndefined();
  });

  it("a conflict (both changed the capacity) resolved by hand: not proven, whichever way it went", async () => {
    // Both sides' capacity line differs: git stops there, and so does the line merge.
    for (const merged of [stackVersion({ capacity: 15 }), stackVersion({ capacity: 20 })]) {
      withVersions({ ours: stackVersion({ capacity: 10 }), theirs: stackVersion({ capacity: 20 }), merged });
      expect((await decide()).facts.cleanMerges).toBeUndefined();
    }
  });

  it("a file over 1 MB (the contents API sends no content for it): not read whole three times, not proven", async () => {
    const scope = github([file(stackVersion({ retain: true, gsi: true })), README], { ours: [file(OURS_STACK)], theirs: [file(THEIRS_STACK), README] });
    scope
      .get(/\/repos\/acme\/platform\/contents\/infra(%2F|\/)lib(%2F|\/)orders-stack\.ts/)
      .query({ ref: OLD_BASE })
      .reply(200, { type: "file", encoding: "none", size: 5 * 1024 * 1024, name: "orders-stack.ts", path: STACK.filename, content: "", sha: gitBlob(BASE_STACK) });
    expect((await decide()).facts.cleanMerges).toBeUndefined();
  });

  it("an API error while reading a version fails the evaluation (the check then fails), never a pass", async () => {
    const scope = github([file(stackVersion({ retain: true, gsi: true })), README], { ours: [file(OURS_STACK)], theirs: [file(THEIRS_STACK), README] });
    scope
      .get(/\/repos\/acme\/platform\/contents\/infra(%2F|\/)lib(%2F|\/)orders-stack\.ts/)
      .query({ ref: OLD_BASE })
      .reply(200, { type: "file", encoding: "base64", size: Buffer.byteLength(BASE_STACK), content: base64(BASE_STACK), sha: gitBlob(BASE_STACK) })
      .get(`/repos/${REPO}/git/blobs/${gitBlob(OURS_STACK)}`)
      .reply(502, { message: "Server Error" });
    await expect(fetchPull(octokitApi(), "acme", "platform", 5)).rejects.toThrow();
  });

  it("a version GitHub sends that is not the blob it names: not proven", async () => {
    withVersions({ ours: OURS_STACK, theirs: THEIRS_STACK, merged: stackVersion({ retain: true, gsi: true }) }, { theirs: stackVersion({ retain: true, gsi: true }) });
    expect((await decide()).facts.cleanMerges).toBeUndefined();
  });
});

describe("the proofs' cost", () => {
  it(`stops at ${MAX_PROOF_REQUESTS} requests: merges made to be proven cannot use up the rate limit`, async () => {
    // Ten merges by carol, each touching two files the branch changed too: nine requests each.
    const merges: CommitInput[] = Array.from({ length: MAX_MERGE_PROOFS }, (_, i) => ({ oid: (i + 1).toString(16).padStart(40, "d"), message: "Merge branch 'master'", author: CAROL, committer: GITHUB_NOREPLY, parents: [PLAN, NEW_BASE] }));
    const files = (tag: string): File[] => ["infra/a.ts", "infra/b.ts"].map((filename, i) => ({ filename, status: "modified", sha: `${tag}${i}`.padEnd(40, "0") }));
    let spent = 0;
    const scope = nock(API).post("/graphql").reply(200, { data: pullData({ number: 5, headSha: HEAD, commits: [commits()[0] as CommitInput, ...merges], reviews }) });
    scope
      .get(/\/compare\//)
      .query(true)
      .times(MAX_PROOF_REQUESTS)
      .optionally()
      .reply(200, (uri) => {
        spent++;
        const [base = "", head = ""] = decodeURIComponent(uri.split("/compare/")[1]?.split("?")[0] ?? "").split("...");
        return compareAnswer(base, head, head === PLAN || head === NEW_BASE ? OLD_BASE : PLAN, files(head === PLAN ? "a" : head === NEW_BASE ? "b" : "c"));
      })
      .get(/\/(contents|git\/blobs)\//)
      .query(true)
      .times(MAX_PROOF_REQUESTS)
      .optionally()
      .reply(200, () => {
        spent++;
        return { type: "file", sha: "0".repeat(40), size: 2, encoding: "base64", content: base64("x\n") };
      });
    const { facts } = await decide();
    expect(spent).toBe(MAX_PROOF_REQUESTS);
    expect(facts.cleanMerges).toBeUndefined();
    nock.cleanAll();
  });
});

