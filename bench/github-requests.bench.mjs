// GitHub App frugality and throughput (issue 5), against a loopback GitHub API stub in this process.
// 1. API requests per evaluation of a typical pull request (100 files, 100 commits, 10 reviews):
//    the two-person check, target <= 4 including its check-run write. Also: a PR with a rename
//    (old paths via REST), 250 commits (a second commits page), approverTeams configured (one team
//    query), and every registered check (one check-run write each; no template/dashboard changed).
// 2. Events per second one core processes: pull_request.synchronize events through Probot
//    (`probot.receive`: token cached, GraphQL facts, base config, check-run write), compared with
//    the floor measured in the same run: the same HTTP round trips to the same stub without any
//    evaluation (ratio = floor events/s ÷ app events/s). Median of 5 rounds after a warm-up.
// Run: npx tsc -p tsconfig.build.json && node bench/github-requests.bench.mjs   (or npm run bench)
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { Octokit } from "octokit";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../dist/github/app.js";
import { TWO_PERSON_CHECK } from "../dist/github/checks/two-person-review.js";
import { evaluatePull } from "../dist/github/evaluate.js";
import { countRequests } from "../dist/github/requests.js";

const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const ROUNDS = 5;
const EVENTS = 200;

/** Timeline records of a typical agent PR: the assignment on the issue it closes, comments, a label. */
function timelineOf(n) {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? { __typename: "IssueComment", createdAt: `2026-11-24T09:${String(i).padStart(2, "0")}:00Z`, author: { login: `reviewer${i % 5}` }, body: "Looks right; please keep the table's removal policy." }
      : { __typename: "LabeledEvent", createdAt: `2026-11-24T09:${String(i).padStart(2, "0")}:30Z`, actor: { login: "reviewer1" }, label: { name: "infrastructure" } },
  );
}

function pull({ files = 100, commits = 100, reviews = 10, rename = false, commitsTotal = commits, commitsAfter = null, runConclusion = "FAILURE" } = {}) {
  const commitNodes = Array.from({ length: commits }, (_, i) => ({
    commit: {
      oid: i === commits - 1 ? HEAD : String(i).padStart(40, "0"),
      message: `step ${i}\n\nCo-authored-by: dev <1+dev@users.noreply.github.com>`,
      committedDate: "2026-11-24T08:00:00Z",
      signature: null,
      author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", user: { login: "Copilot" } },
      committer: { name: "GitHub", email: "noreply@github.com", user: { login: "web-flow" } },
    },
  }));
  if (commitsAfter) return { repository: { pullRequest: { commits: { totalCount: commitsTotal, pageInfo: { hasNextPage: false, endCursor: "c2" }, nodes: commitNodes } } } };
  return {
    repository: {
      openPulls: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: "o" }, nodes: [{ number: 2, headRefOid: HEAD }] },
      pullRequest: {
        number: 2, state: "OPEN", title: "Scale the orders service", body: "<!-- START COPILOT CODING AGENT SUFFIX -->",
        headRefName: "copilot/scale", headRefOid: HEAD, baseRefName: "main", baseRefOid: "1".repeat(40), changedFiles: files,
        author: { login: "copilot-swe-agent", __typename: "Bot" },
        lastEditedAt: "2026-11-24T08:30:00Z",
        labels: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
        // The base's tip and its config file, as the facts query reads them (GitHub answers null for no file).
        baseRef: { target: { oid: "1".repeat(40), committedDate: "2026-11-23T17:00:00Z", unreadConfig: null, config: config === null ? null : { mode: 0o100644, object: { text: config, isBinary: false, isTruncated: false } } } },
        userContentEdits: { totalCount: 1, nodes: [{ diff: "Working on it…", editedAt: "2026-11-24T08:30:00Z" }] },
        timelineItems: { totalCount: 10, pageInfo: { hasNextPage: false, endCursor: "t" }, nodes: timelineOf(10) },
        closingIssuesReferences: { totalCount: 1, nodes: [{ number: 1, timelineItems: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: "i" }, nodes: [{ __typename: "AssignedEvent", createdAt: "2026-11-24T07:00:00Z", actor: { login: "dev" }, assignee: { login: "Copilot" } }] } }] },
        files: { pageInfo: { hasNextPage: false, endCursor: "f" }, nodes: Array.from({ length: files }, (_, i) => ({ path: i === 0 ? "infra/lib/orders-stack.ts" : `src/module${i}.ts`, changeType: rename && i === 1 ? "RENAMED" : "MODIFIED" })) },
        commits: { totalCount: commitsTotal, pageInfo: { hasNextPage: commitsTotal > commits, endCursor: "c1" }, nodes: commitNodes },
        reviews: {
          totalCount: reviews, pageInfo: { hasNextPage: false, endCursor: "r" },
          nodes: Array.from({ length: reviews }, (_, i) => ({ databaseId: 1000 + i, body: "", state: i % 3 === 2 ? "COMMENTED" : "APPROVED", submittedAt: `2026-11-24T10:${String(i).padStart(2, "0")}:00Z`, authorCanPushToRepository: true, author: { login: `reviewer${i % 5}`, __typename: "User" }, commit: { oid: HEAD } })),
        },
        head: { nodes: [{ commit: { oid: HEAD, associatedPullRequests: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ number: 2, state: "OPEN", headRefOid: HEAD }] }, checkSuites: { nodes: [{ checkRuns: { nodes: [{ databaseId: 77, name: TWO_PERSON_CHECK, status: "COMPLETED", conclusion: runConclusion }] } }] } } }] },
      },
    },
  };
}

/** The stub: answers like GitHub for the routes the app uses; `scenario` picks the PR shape. */
let scenario = {};
let config = null;
let served = 0;
const stub = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    served++;
    const json = (status, value) => res.writeHead(status, { "content-type": "application/json", "x-ratelimit-remaining": "4999", "x-ratelimit-resource": req.url.includes("graphql") ? "graphql" : "core" }).end(JSON.stringify(value));
    const url = req.url.replace(/^\/api\/v3/, "");
    if (url.startsWith("/app/installations/")) return json(201, { token: "ghs_bench", expires_at: "2099-01-01T00:00:00Z" });
    if (url === "/graphql" || url === "/api/graphql") {
      const q = JSON.parse(body);
      if (q.query.includes("ApproverTeams")) return json(200, { data: { organization: Object.fromEntries(q.variables ? [...q.query.matchAll(/(u\d+):/g)].map((m) => [m[1], { totalCount: 1, nodes: [{ slug: "platform" }] }]) : []) } });
      if (q.variables?.commits) return json(200, { data: pull({ ...scenario, commits: scenario.commitsTotal - 100, commitsAfter: q.variables.commits }) });
      return json(200, { data: pull(scenario) });
    }
    // Who pushed the head branch: the Copilot coding agent created it at the head (read for a guarded PR about to pass).
    if (url.startsWith("/repos/acme/platform/activity")) return json(200, [{ before: "0".repeat(40), after: HEAD, ref: "refs/heads/copilot/scale", timestamp: "2026-11-24T07:30:00Z", activity_type: "branch_creation", actor: { login: "Copilot", type: "Bot" } }]);
    if (url.includes("/contents/")) return config ? res.writeHead(200, { "content-type": "text/plain" }).end(config) : json(404, { message: "Not Found" });
    if (url.includes("/pulls/2/files")) return json(200, [{ filename: "src/module1.ts", status: "renamed", previous_filename: "infra/old.ts" }]);
    if (req.method === "GET" && url.includes("/check-runs")) return json(200, { total_count: 1, check_runs: [{ id: 77, name: TWO_PERSON_CHECK, status: "completed", conclusion: (scenario.runConclusion ?? "FAILURE").toLowerCase(), external_id: null, output: { annotations_count: 0 } }] });
    if (url.includes("/check-runs")) return json(req.method === "POST" ? 201 : 200, { id: 77 });
    json(404, { message: `no route ${req.method} ${url}` });
  });
});
await new Promise((resolve) => stub.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${stub.address().port}`;

// ---------------------------------------------------------------- 1. requests per evaluation
const { CHECKS } = await import("../dist/github/app.js");
const twoPersonOnly = CHECKS.filter((c) => c.name === TWO_PERSON_CHECK);
async function requestsFor(shape, configText = null, checks = twoPersonOnly) {
  scenario = shape;
  config = configText;
  const octokit = new Octokit({ auth: "x", baseUrl: base, retry: { enabled: false }, throttle: { enabled: false } });
  const { api, ledger } = countRequests(octokit);
  const log = { info() {}, error() {} };
  const result = await evaluatePull({ api, ledger, owner: "acme", repo: "platform", htmlUrl: "https://github.com/acme/platform", appId: 1, checks, log }, 2, HEAD);
  return { requests: result.requests, conclusion: Object.values(result.conclusions).join(",") };
}
const typical = await requestsFor({ files: 100, commits: 100, reviews: 10 });
const renamed = await requestsFor({ files: 100, commits: 100, reviews: 10, rename: true });
const longer = await requestsFor({ files: 100, commits: 100, reviews: 10, commitsTotal: 250 });
const teams = await requestsFor({ files: 100, commits: 100, reviews: 10 }, "review:\n  approverTeams: [platform]\n");
const allChecks = await requestsFor({ files: 100, commits: 100, reviews: 10 }, null, CHECKS);
const passing = await requestsFor({ files: 100, commits: 100, reviews: 10, runConclusion: "SUCCESS" });
console.log("API requests per evaluation of the two-person check (including its check-run write; installation token cached):");
console.log(`  typical PR (100 files, 100 commits, 10 reviews, timeline: 10 events, 1 body edit, 1 linked issue): ${typical.requests}  (target <= 4)  ${typical.requests <= 4 ? "OK" : "OVER TARGET"}`);
console.log("    = facts query (with timeline, edits, linked issues, signatures, the base's config file) + who pushed the head branch (a guarded PR about to pass) + re-read of the runs + check-run write");
console.log(`  re-evaluating a run that passes (put in progress first): ${passing.requests}`);
console.log(`  with a renamed file (old paths from REST):        ${renamed.requests}`);
console.log(`  with 250 commits (one more commits page):         ${longer.requests}`);
console.log(`  with approverTeams configured:                    ${teams.requests}`);
console.log(`  typical PR, all ${CHECKS.length} checks (one write each):         ${allChecks.requests}  (= ${typical.requests} + ${CHECKS.length - 1} more check-run writes: ${allChecks.requests === typical.requests + CHECKS.length - 1 ? "OK" : "UNEXPECTED"})`);

// ---------------------------------------------------------------- 2. events per second
scenario = { files: 100, commits: 100, reviews: 10 };
config = null;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const probot = new Probot({ appId: 1, privateKey, baseUrl: base, logLevel: "fatal", Octokit: ProbotOctokit.defaults((o) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
await probot.load(createApp({ appId: 1 }));
const payload = {
  action: "synchronize", number: 2, installation: { id: 1 },
  pull_request: { number: 2, head: { sha: HEAD, ref: "copilot/scale" }, base: { ref: "main" } },
  repository: { id: 1, name: "platform", full_name: "acme/platform", html_url: "https://github.com/acme/platform", owner: { login: "acme" } },
};
await probot.receive({ id: "warm", name: "pull_request", payload }); // caches the installation token

async function appRound() {
  const before = served;
  const t = performance.now();
  for (let i = 0; i < EVENTS; i++) await probot.receive({ id: `e${i}`, name: "pull_request", payload });
  return { perSecond: EVENTS / ((performance.now() - t) / 1000), requests: (served - before) / EVENTS };
}
async function floorRound(requestsPerEvent) {
  const octokit = new Octokit({ auth: "x", baseUrl: base, retry: { enabled: false }, throttle: { enabled: false } });
  const t = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    await octokit.graphql("query { viewer { login } }");
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "platform", path: ".github/agent-guardrail.yml", ref: "main" }).catch(() => undefined);
    for (let k = 2; k < requestsPerEvent; k++) await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{id}", { owner: "acme", repo: "platform", id: 77 });
  }
  return EVENTS / ((performance.now() - t) / 1000);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
await appRound();
const app = [];
const floor = [];
let perEvent = 0;
for (let r = 0; r < ROUNDS; r++) {
  const round = await appRound();
  app.push(round.perSecond);
  perEvent = round.requests;
  floor.push(await floorRound(Math.round(perEvent)));
}
const a = median(app);
const f = median(floor);
console.log(`\nEvents per second on one core (pull_request.synchronize, ${EVENTS} events x ${ROUNDS} rounds, median; stub in the same process):`);
console.log(`  app: ${a.toFixed(0)} events/s, ${perEvent.toFixed(1)} API requests per event`);
console.log(`  floor (same ${Math.round(perEvent)} HTTP round trips, no evaluation): ${f.toFixed(0)} events/s`);
console.log(`  ratio floor / app: ${(f / a).toFixed(2)}x`);
stub.close();
