/** `review --repo O/N --pr N [--save-facts F]`: the app's adapter through the `octokit` package, on nock. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nock from "nock";
import { main } from "../../src/cli/main.js";
import { BASE_SHA, pullData, RATE_HEADERS } from "../github/helpers.js";

const HEAD = "9f2c1e7a4b5d6c8e0f1a2b3c4d5e6f708192a3b4";
const dir = () => mkdtempSync(path.join(tmpdir(), "ag-review-repo-"));
const approval = (id: number, login: string) => ({ id, login, state: "APPROVED" as const, commit: HEAD, at: "2026-11-24T09:00:00Z" });

type Json = { findings: { rule: string }[]; errors: { file: string; message: string }[]; notes?: string[] };

async function review(args: string[]): Promise<{ code: number; json: Json | undefined; stderr: string }> {
  const output = path.join(dir(), "out.json");
  let stderr = "";
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await main(["review", ...args, "--format", "json", "--output", output]);
    let json: Json | undefined;
    try {
      json = JSON.parse(readFileSync(output, "utf8")) as Json;
    } catch {
      json = undefined; // usage errors write no report
    }
    return { code, json, stderr };
  } finally {
    process.stderr.write = write;
  }
}

const saved = process.env.GITHUB_TOKEN;
beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.enableNetConnect();
  if (saved === undefined) delete process.env.GITHUB_TOKEN;
  else process.env.GITHUB_TOKEN = saved;
});
beforeEach(() => {
  process.env.GITHUB_TOKEN = "ghp_test";
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

function github(reviews: ReturnType<typeof approval>[]) {
  let variables: Record<string, unknown> | undefined;
  nock("https://api.github.com")
    .post("/graphql", (b: { variables: Record<string, unknown> }) => ((variables = b.variables), true))
    .reply(200, { data: pullData({ number: 42, headSha: HEAD, baseRef: "main", reviews }) }, RATE_HEADERS("graphql", 4999))
    .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
    .query({ ref: BASE_SHA })
    .reply(404, { message: "Not Found" }, RATE_HEADERS("core", 4998));
  if (reviews.length >= 2) pushedByCopilot();
  return () => variables;
}

/** About to pass: who pushed the agent's PR is read (Copilot created its branch at the head). */
function pushedByCopilot() {
  nock("https://api.github.com")
    .get("/repos/acme/platform/activity")
    .query({ ref: "refs/heads/copilot/fix-12", per_page: 100 })
    .reply(200, [{ before: "0".repeat(40), after: HEAD, ref: "refs/heads/copilot/fix-12", timestamp: "2026-11-24T08:00:00Z", activity_type: "branch_creation", actor: { login: "Copilot", type: "Bot" } }], RATE_HEADERS("core", 4997));
}

describe("agent-guardrail review --repo", () => {
  it("fetches the PR, reads the base config, passes with two independent approvals and saves replayable facts", async () => {
    const vars = github([approval(1, "alice"), approval(2, "bob")]);
    const facts = path.join(dir(), "facts.json");
    const { code, json } = await review(["--repo", "acme/platform", "--pr", "42", "--save-facts", facts]);
    expect(code).toBe(0);
    expect(vars()).toEqual(expect.objectContaining({ owner: "acme", name: "platform", number: 42, withChecks: false }));
    expect(json?.notes).toEqual(expect.arrayContaining([expect.stringMatching(/PASS/), "GitHub API: 3 requests for this evaluation; rate limit remaining: graphql 4999, core 4997."]));
    const recorded = JSON.parse(readFileSync(facts, "utf8")) as { repo: string; headSha: string; reviews: unknown[] };
    expect(recorded).toEqual(expect.objectContaining({ repo: "acme/platform", headSha: HEAD, pushes: [expect.objectContaining({ after: HEAD, actor: { login: "Copilot", type: "Bot" } })] }));
    const replay = await review(["--facts", facts]);
    expect(replay.code).toBe(0);
  });

  it("--save-facts to a path that cannot be written: an error naming the file, the verdict still reported (exit 2, never a pass)", async () => {
    github([approval(1, "alice"), approval(2, "bob")]);
    const facts = path.join(dir(), "no-such-directory", "facts.json");
    const { code, json } = await review(["--repo", "acme/platform", "--pr", "42", "--save-facts", facts]);
    expect(code).toBe(2);
    expect(json?.errors).toEqual([{ file: facts, line: null, message: expect.stringMatching(/^facts not written: ENOENT/) }]);
    // The pull request was read and judged: its verdict is in the report, not lost with the file.
    expect(json?.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^acme\/platform#42 at 9f2c1e7: PASS/)]));
  });

  it("fails (exit 1) with one approval", async () => {
    github([approval(1, "alice")]);
    const { code, json } = await review(["--repo", "acme/platform", "--pr", "42"]);
    expect(code).toBe(1);
    expect(json?.findings[0]?.rule).toBe("two-person-review");
  });

  // Behind a corporate egress proxy Node's fetch goes direct unless NODE_USE_ENV_PROXY=1 (Node.js
  // 22.21/24+): the run failed after its retries with "getaddrinfo ENOTFOUND api.github.com"
  // and nothing named the proxy variable it ignored (netbootxyz/webapp#66). Said first; the run goes on.
  it("with HTTPS_PROXY set and unused by Node's fetch: says so on standard error, never quoting it; the verdict still stands", async () => {
    const names = ["HTTPS_PROXY", "https_proxy", "NODE_USE_ENV_PROXY", "NO_PROXY", "no_proxy", "NODE_OPTIONS"] as const;
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
    process.env.HTTPS_PROXY = "http://ci:pr0xy-pw@proxy.corp.example:3128";
    try {
      github([approval(1, "alice")]);
      const { code, stderr } = await review(["--repo", "acme/platform", "--pr", "42"]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^agent-guardrail: warning: HTTPS_PROXY is set, but requests to GitHub \(https:\/\/api\.github\.com\) would not use it/);
      expect(stderr).not.toContain("pr0xy-pw");
      process.env.NO_PROXY = "api.github.com";
      github([approval(1, "alice")]);
      expect((await review(["--repo", "acme/platform", "--pr", "42"])).stderr).toBe("");
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("without GITHUB_TOKEN: a clear error, exit 2, no request", async () => {
    delete process.env.GITHUB_TOKEN;
    const { code, stderr } = await review(["--repo", "acme/platform", "--pr", "42"]);
    expect(code).toBe(2);
    expect(stderr).toContain("GITHUB_TOKEN is not set");
  });

  it("a pull request that cannot be read is an error naming it (exit 2), never a pass", async () => {
    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, { data: { repository: { pullRequest: null } }, errors: [{ type: "NOT_FOUND", path: ["repository", "pullRequest"], locations: [{ line: 2, column: 3 }], message: "Could not resolve to a PullRequest with the number of 42." }] });
    const { code, json } = await review(["--repo", "acme/platform", "--pr", "42"]);
    expect(code).toBe(2);
    expect(json?.errors[0]).toEqual(expect.objectContaining({ file: "acme/platform#42" }));
    expect(json?.errors[0]?.message).toContain("Could not resolve to a PullRequest");
  });

  it("--facts with --repo, or --repo without --pr, is a usage error (exit 2)", async () => {
    expect((await review(["--facts", "x.json", "--repo", "acme/platform", "--pr", "1"])).code).toBe(2);
    expect((await review(["--repo", "acme/platform"])).code).toBe(2);
    expect((await review(["--repo", "acme", "--pr", "1"])).stderr).toContain("--repo must be OWNER/NAME");
  });
});

describe("agent-guardrail review --repo with a broken base configuration", () => {
  it("is an input error naming the file and line (exit 2); the PR is still decided on the defaults", async () => {
    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, { data: pullData({ number: 42, headSha: HEAD, baseRef: "main", reviews: [approval(1, "alice"), approval(2, "bob")] }) }, RATE_HEADERS("graphql", 4999))
      .get("/repos/acme/platform/contents/.github%2Fagent-guardrail.yml")
      .query({ ref: BASE_SHA })
      .reply(200, "review:\n  requiredApprovals: 2\n  aproverTeams: [leads]\n", { "content-type": "application/vnd.github.raw; charset=utf-8", ...RATE_HEADERS("core", 4998) });
    pushedByCopilot();
    const { code, json } = await review(["--repo", "acme/platform", "--pr", "42"]);
    expect(code).toBe(2);
    expect(json?.errors).toEqual([{ file: "acme/platform:.github/agent-guardrail.yml@main (380387f)", line: 3, message: 'configuration not applied: unknown key "review.aproverTeams"' }]);
    expect(json?.findings).toEqual([]);
  });
});
