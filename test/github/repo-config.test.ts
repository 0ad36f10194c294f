/**
 * The repository's policy file on the wire (src/github/config.ts): the raw text at the base ref,
 * never a directory listing; `_extends` merged section by section, at most three files deep,
 * a loop anywhere in the chain named as one.
 */
import nock from "nock";
import { infraFiles } from "../../src/core/review/two-person-review.js";
import { loadRepoPolicy, parseExtends, readRepoFile } from "../../src/github/config.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

/** The base branch and its tip: the config is read at the SHA, and named by both. */
const MAIN = { ref: "main", sha: "4f3c2d1e0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e" };

const API = "https://api.github.com";
const api = octokitApi;
const CONFIG = "/contents/.github%2Fagent-guardrail.yml";
const RAW = { "content-type": "application/vnd.github.raw; charset=utf-8" };

githubOnlyThroughNock();

describe("readRepoFile", () => {
  it("asks for the raw file at the given ref", async () => {
    nock(API, { reqheaders: { accept: /application\/vnd\.github\.v3\.raw/ } })
      .get(`/repos/acme/platform${CONFIG}`)
      .query({ ref: "release" })
      .reply(200, "review:\n  requiredApprovals: 3\n", RAW);
    await expect(readRepoFile(api(), "acme", "platform", ".github/agent-guardrail.yml", "release")).resolves.toBe("review:\n  requiredApprovals: 3\n");
  });

  it("a directory at the path (GitHub answers with its listing) is not a file: an error, not text", async () => {
    nock(API)
      .get(`/repos/acme/platform${CONFIG}`)
      .query({ ref: MAIN.sha })
      .reply(200, [{ type: "file", name: "a.yml", path: ".github/agent-guardrail.yml/a.yml" }]);
    await expect(readRepoFile(api(), "acme", "platform", ".github/agent-guardrail.yml", MAIN.sha)).rejects.toThrow("acme/platform:.github/agent-guardrail.yml is not a file");
  });
});

describe("_extends", () => {
  it("a value with blanks around it still names its repository", () => {
    expect(parseExtends("  acme/policies  ", "other")).toEqual({ owner: "acme", repo: "policies", path: ".github/agent-guardrail.yml" });
  });

  it("merges section by section: keys of a section are kept unless overridden, lists and top-level lists are replaced", async () => {
    nock(API)
      .get(`/repos/acme/platform${CONFIG}`)
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: base\nreview:\n  approverTeams: [platform-leads]\nsuppressions:\n  - rule: agent-destructive-prod\n    subject: arn:aws:iam::111111111111:role/b\n    reason: reviewed by the platform team\n", RAW)
      .get(`/repos/acme/base${CONFIG}`)
      .reply(200, "review:\n  requiredApprovals: 3\n  approverTeams: [everyone]\nsuppressions:\n  - rule: agent-destructive-prod\n    subject: arn:aws:iam::111111111111:role/a\n    reason: reviewed by the security team\n", RAW);
    const policy = await loadRepoPolicy(api(), "acme", "platform", MAIN);
    expect(policy.review.requiredApprovals).toBe(3);
    expect(policy.review.approverTeams).toEqual(["platform-leads"]);
    expect(policy.suppressions.map((s) => s.subject)).toEqual(["arn:aws:iam::111111111111:role/b"]);
  });

  it("follows three files deep; a fourth is an error naming the file that asked for it", async () => {
    const chain = (depth: number) => {
      const scope = nock(API).get(`/repos/acme/platform${CONFIG}`).query({ ref: MAIN.sha }).reply(200, "_extends: p1\n", RAW);
      for (let i = 1; i <= depth; i++) scope.get(`/repos/acme/p${i}${CONFIG}`).reply(200, i < depth ? `_extends: p${i + 1}\n` : "review:\n  requiredApprovals: 4\n", RAW);
    };
    chain(3);
    const policy = await loadRepoPolicy(api(), "acme", "platform", MAIN);
    expect(policy.review.requiredApprovals).toBe(4);
    expect(policy.configSource).toBe(
      "acme/platform:.github/agent-guardrail.yml@main (4f3c2d1) extends acme/p1:.github/agent-guardrail.yml extends acme/p2:.github/agent-guardrail.yml extends acme/p3:.github/agent-guardrail.yml",
    );
    nock(API)
      .get(`/repos/acme/platform${CONFIG}`)
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: p1\n", RAW)
      .get(`/repos/acme/p1${CONFIG}`)
      .reply(200, "_extends: p2\n", RAW)
      .get(`/repos/acme/p2${CONFIG}`)
      .reply(200, "_extends: p3\n", RAW)
      .get(`/repos/acme/p3${CONFIG}`)
      .reply(200, "_extends: p4\n", RAW);
    await expect(loadRepoPolicy(api(), "acme", "platform", MAIN)).rejects.toThrow("acme/p3:.github/agent-guardrail.yml: _extends goes deeper than 3 files");
  });

  it("a loop back to a file in the middle of the chain is named as a loop, in any case", async () => {
    nock(API)
      .get(`/repos/acme/platform${CONFIG}`)
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: b\n", RAW)
      .get(`/repos/acme/b${CONFIG}`)
      .reply(200, "_extends: c\n", RAW)
      .get(`/repos/acme/c${CONFIG}`)
      .reply(200, "_extends: acme/B\n", RAW);
    await expect(loadRepoPolicy(api(), "acme", "platform", MAIN)).rejects.toThrow('acme/c:.github/agent-guardrail.yml: _extends "acme/B" loops back to acme/B:.github/agent-guardrail.yml');
  });
});

describe("a file the config extends in the same repository is a gate too", () => {
  // Decided before running: acme/platform's config says `_extends: platform:policy/guardrail-base.yml`
  // (Probot's owner/repo:path convention), and that file sets requiredApprovals: 2. An agent PR that
  // edits policy/guardrail-base.yml (requiredApprovals: 1) would, once merged, weaken the gate of
  // every later PR: it must be infrastructure (guarded) whatever its path. A parent in another
  // repository is that repository's file, not one a PR here can change.
  it("its path is infrastructure; the config's own path and other files are as before", async () => {
    nock(API)
      .get(`/repos/acme/platform${CONFIG}`)
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: platform:policy/guardrail-base.yml\nreview:\n  replaceDefaults: true\n  infraPaths: [\"deploy/**\"]\n", RAW)
      .get("/repos/acme/platform/contents/policy%2Fguardrail-base.yml")
      .query({ ref: MAIN.sha })
      .reply(200, "_extends: acme/org-policies:guardrail.yml\nreview:\n  requiredApprovals: 2\n", RAW)
      .get("/repos/acme/org-policies/contents/guardrail.yml")
      .reply(200, "agents:\n  logins: [acme-release-bot]\n", RAW);
    const policy = await loadRepoPolicy(api(), "acme", "platform", MAIN);
    const touched = (path: string) => infraFiles({ files: [{ path }] } as never, policy.review.infraPaths);
    expect(touched("policy/guardrail-base.yml")).toEqual(["policy/guardrail-base.yml"]);
    expect(touched("Policy/Guardrail-Base.yml")).toEqual(["Policy/Guardrail-Base.yml"]);
    expect(touched("guardrail.yml")).toEqual([]);
    expect(touched("policy/other.yml")).toEqual([]);
  });
});
