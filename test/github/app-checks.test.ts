/**
 * Every registered check on the wire (Probot + nock, real webhook payloads): the agent-permissions
 * and adoption-dashboards checks read the changed files at the head SHA (and the base SHA), the
 * policy from the BASE branch, and annotate the lines behind their verdicts. Re-deliveries never
 * repeat an annotation on the run they update.
 */
import nock from "nock";
import type { Probot } from "probot";
import { ADOPTION_DASHBOARDS_CHECK } from "../../src/github/checks/adoption-dashboards.js";
import { CHECK_NAME as AGENT_PERMISSIONS_CHECK } from "../../src/github/checks/agent-permissions.js";
import { TWO_PERSON_CHECK } from "../../src/github/checks/two-person-review.js";
import { readFileSync } from "node:fs";
import { agentRoleTemplate, ALL_DYNAMODB, examplePayload, pullData, RATE_HEADERS, READ_ORDERS, testProbot, type PullInput } from "./helpers.js";
import { mergeBaseIs } from "./wire.js";

const API = "https://api.github.com";
const REPO = "/repos/Codertocat/Hello-World";
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE_SHA = "380387fbc80638b734a49e1be1c4dfec1c01b33c";
const CONFIG = /\/contents\/\.github(%2F|\/)agent-guardrail\.yml/;

interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  title?: string;
  message: string;
}
type CheckBody = { name: string; head_sha?: string; conclusion: string; output: { title: string; summary: string; annotations?: Annotation[] } };

const contentsPath = (file: string) => new RegExp(`/contents/${file.split("/").map((p) => p.replace(/[.[\]]/g, "\\$&")).join("(%2F|/)")}$`);

interface Wire {
  scope: nock.Scope;
  runs: { method: string; id?: number; body: CheckBody }[];
  reads: string[];
}

function github(pull: PullInput): Wire {
  const wire: Wire = { scope: nock(API), runs: [], reads: [] };
  wire.scope.on("request", (req: { method: string; path: string }) => {
    if (req.path.includes("/contents/")) wire.reads.push(decodeURIComponent(req.path.split("/contents/")[1] ?? ""));
  });
  wire.scope.post("/app/installations/1/access_tokens").optionally().reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z" });
  wire.scope.post("/graphql").reply(200, { data: pullData(pull) }, RATE_HEADERS("graphql", 4990));
  // The merge base of master's tip and the head, where the base side is read: the base commit here.
  mergeBaseIs(wire.scope, BASE_SHA, BASE_SHA, HEAD);
  // The base branch's project files, asked only when globs alone do not decide: none here.
  wire.scope
    .post("/graphql", (b: { query: string }) => b.query.includes("BaseProjects"))
    .optionally()
    .reply(200, (_uri: string, body: { query: string }) => ({ data: { repository: Object.fromEntries([...body.query.matchAll(/(\w+): object\(/g)].map((m) => [m[1], null])) } }));
  return wire;
}

/** `.github/agent-guardrail.yml` on the base branch, read at its tip (404 when text is undefined). */
function baseConfig(wire: Wire, text?: string, ref = BASE_SHA): void {
  const call = wire.scope.get(CONFIG).query({ ref });
  if (text === undefined) call.reply(404, { message: "Not Found", status: "404" });
  else call.reply(200, text, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

/** A file's raw content at a commit, as the contents API returns it with `format: raw`. */
function fileAt(wire: Wire, path: string, ref: string, text: string | undefined): void {
  const call = wire.scope.get(contentsPath(path)).query({ ref });
  if (text === undefined) call.reply(404, { message: "Not Found", status: "404" });
  else call.reply(200, text, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

function acceptRuns(wire: Wire, ids: Record<string, number> = {}): void {
  wire.scope
    .post(`${REPO}/check-runs`, (body: CheckBody) => (wire.runs.push({ method: "POST", body }), true))
    .times(3)
    .reply((_uri, body) => [201, { id: ids[(body as CheckBody).name] ?? 1 }]);
}

const run = (wire: Wire, name: string) => wire.runs.find((r) => r.body.name === name);

const TEMPLATE = "infra/cdk.out/OrdersProdStack.template.json";

let probot: Probot;
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  nock.cleanAll();
  probot = await testProbot();
});
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const opened = () => probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);

describe("agent-guardrail / agent permissions", () => {
  it("a PR that adds dynamodb:* on * to an agent role fails, annotated on the statement's lines in the template", async () => {
    const head = agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]);
    const wire = github({ number: 2, headSha: HEAD, files: [{ path: TEMPLATE }] });
    baseConfig(wire);
    fileAt(wire, TEMPLATE, HEAD, head);
    fileAt(wire, TEMPLATE, BASE_SHA, agentRoleTemplate([READ_ORDERS]));
    acceptRuns(wire);
    await opened();

    expect(wire.runs.map((r) => r.body.name)).toEqual([TWO_PERSON_CHECK, AGENT_PERMISSIONS_CHECK, ADOPTION_DASHBOARDS_CHECK]);
    const permissions = run(wire, AGENT_PERMISSIONS_CHECK)!.body;
    expect(permissions).toEqual(expect.objectContaining({ head_sha: HEAD, conclusion: "failure" }));
    expect(permissions.output.summary).toMatch(/^\*\*FAIL\*\*: \d+ new agent permission findings?/);
    expect(permissions.output.summary).toContain(`(https://github.com/Codertocat/Hello-World/blob/${HEAD}/infra/cdk.out/OrdersProdStack.template.json#L`);
    const lines = head.split("\n");
    const statementStart = lines.findIndex((l) => l.includes('"Sid": "AgentData"'));
    const statementEnd = statementStart + 4;
    const destructive = permissions.output.annotations?.filter((a) => a.title === "agent-destructive-prod") ?? [];
    expect(destructive.length).toBeGreaterThan(0);
    for (const a of destructive) {
      expect(a).toMatchObject({ path: TEMPLATE, annotation_level: "failure" });
      expect(a.start_line).toBeGreaterThanOrEqual(statementStart - 1);
      expect(a.start_line).toBeLessThanOrEqual(statementEnd + 1);
    }
    expect(destructive.map((a) => a.message).join("\n")).toContain("dynamodb:DeleteTable");
    // The file was read once per side although two checks look at it.
    expect(wire.reads.filter((r) => r.startsWith(TEMPLATE))).toHaveLength(2);
  });

  it("a PR that narrows it to reads passes", async () => {
    const wire = github({ number: 2, headSha: HEAD, files: [{ path: TEMPLATE }] });
    baseConfig(wire);
    fileAt(wire, TEMPLATE, HEAD, agentRoleTemplate([READ_ORDERS]));
    fileAt(wire, TEMPLATE, BASE_SHA, agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]));
    acceptRuns(wire);
    await opened();
    const permissions = run(wire, AGENT_PERMISSIONS_CHECK)!.body;
    expect(permissions.conclusion).toBe("success");
    expect(permissions.output.title).toBe("No new destructive or escalation access for agents");
    expect(permissions.output.annotations).toBeUndefined();
  });

  it("fails closed when the template cannot be read at the head", async () => {
    const wire = github({ number: 2, headSha: HEAD, files: [{ path: TEMPLATE }] });
    baseConfig(wire);
    wire.scope.get(contentsPath(TEMPLATE)).query({ ref: HEAD }).reply(502, { message: "Bad Gateway" });
    acceptRuns(wire);
    await opened();
    const permissions = run(wire, AGENT_PERMISSIONS_CHECK)!.body;
    expect(permissions.conclusion).toBe("failure");
    expect(permissions.output.summary).toContain("Bad Gateway");
    // The dashboards check saw the same failed read (memoized): it cannot call the file harmless either.
    expect(run(wire, ADOPTION_DASHBOARDS_CHECK)!.body.conclusion).toBe("failure");
  });
});

const DASHBOARD = "grafana/dashboards/copilot-adoption.json";
const dashboardText = readFileSync(new URL("../fixtures/dashboards/handmade/grafana-copilot-target-80.json", import.meta.url), "utf8");
const WAIVER = 'suppressions:\n  - rule: adoption-dashboard-no-incidents\n    subject: "dashboard \\"Copilot adoption\\"*"\n    reason: "incidents are tracked on the SRE board linked from this dashboard"\n';

describe("agent-guardrail / adoption dashboards", () => {
  it("a PR that adds a Copilot dashboard with an 80% target and no incidents fails, annotated on the dashboard file at the head", async () => {
    const wire = github({ number: 2, headSha: HEAD, files: [{ path: DASHBOARD, changeType: "ADDED" }] });
    baseConfig(wire);
    fileAt(wire, DASHBOARD, HEAD, dashboardText);
    acceptRuns(wire);
    await opened();
    const dashboards = run(wire, ADOPTION_DASHBOARDS_CHECK)!.body;
    expect(dashboards).toEqual(expect.objectContaining({ head_sha: HEAD, conclusion: "failure" }));
    expect(dashboards.output.title).toBe("1 adoption dashboard without incidents (1 with a usage target)");
    expect(dashboards.output.annotations?.length).toBeGreaterThan(0);
    for (const a of dashboards.output.annotations ?? []) expect(a).toMatchObject({ path: DASHBOARD, annotation_level: "failure", title: "adoption-dashboard-no-incidents" });
    // Content at the head SHA only; the config at the base branch's tip.
    expect(wire.reads).toEqual([`.github/agent-guardrail.yml?ref=${BASE_SHA}`, `${DASHBOARD}?ref=${HEAD}`]);
  });

  it("the waiver comes from the base branch: a suppression the PR adds to its own config does not count", async () => {
    const wire = github({ number: 2, headSha: HEAD, files: [{ path: DASHBOARD, changeType: "ADDED" }, { path: ".github/agent-guardrail.yml", changeType: "ADDED" }] });
    baseConfig(wire); // no config on master; the PR's own copy (with the waiver) is never read
    fileAt(wire, DASHBOARD, HEAD, dashboardText);
    acceptRuns(wire);
    await opened();
    expect(run(wire, ADOPTION_DASHBOARDS_CHECK)!.body.conclusion).toBe("failure");
    expect(wire.reads).not.toContain(`.github/agent-guardrail.yml?ref=${HEAD}`);
  });

  it("a waiver in the base branch's config passes it and keeps the finding visible as suppressed", async () => {
    const wire = github({ number: 2, headSha: HEAD, files: [{ path: DASHBOARD, changeType: "ADDED" }] });
    baseConfig(wire, WAIVER);
    fileAt(wire, DASHBOARD, HEAD, dashboardText);
    acceptRuns(wire);
    await opened();
    const dashboards = run(wire, ADOPTION_DASHBOARDS_CHECK)!.body;
    expect(dashboards.conclusion).toBe("success");
    expect(dashboards.output.summary).toContain("**Suppressed** (audit trail)");
    expect(dashboards.output.summary).toContain("incidents are tracked on the SRE board");
  });
});

describe("re-delivery of an annotated check", () => {
  it("updates the same run without repeating its annotations, and says when earlier ones no longer apply", async () => {
    // First delivery: the run is created with its annotations.
    const first = github({ number: 2, headSha: HEAD, files: [{ path: DASHBOARD, changeType: "ADDED" }] });
    baseConfig(first);
    fileAt(first, DASHBOARD, HEAD, dashboardText);
    acceptRuns(first, { [TWO_PERSON_CHECK]: 11, [AGENT_PERMISSIONS_CHECK]: 12, [ADOPTION_DASHBOARDS_CHECK]: 13 });
    await opened();
    const posted = run(first, ADOPTION_DASHBOARDS_CHECK)!.body.output.annotations ?? [];
    expect(posted.length).toBeGreaterThan(0);

    // Re-delivery: GitHub lists the app's runs with their annotation counts; the run already
    // carries the annotations above plus one an earlier evaluation left behind.
    const leftOver: Annotation = { path: DASHBOARD, start_line: 1, end_line: 1, annotation_level: "failure", title: "cannot be evaluated", message: "cannot parse: Unexpected end of JSON input" };
    const again = github({
      number: 2,
      headSha: HEAD,
      files: [{ path: DASHBOARD, changeType: "ADDED" }],
      checkRuns: [
        { id: 11, name: TWO_PERSON_CHECK },
        { id: 12, name: AGENT_PERMISSIONS_CHECK },
        { id: 13, name: ADOPTION_DASHBOARDS_CHECK, annotations: posted.length + 1 },
      ],
    });
    baseConfig(again);
    fileAt(again, DASHBOARD, HEAD, dashboardText);
    again.scope
      .get(`${REPO}/check-runs/13/annotations`)
      .query({ per_page: 100, page: 1 })
      .reply(200, [...posted, leftOver].map((a) => ({ ...a, blob_href: `https://github.com/Codertocat/Hello-World/blob/${HEAD}/${a.path}`, start_column: null, end_column: null, raw_details: null })));
    for (const id of [11, 12, 13]) {
      again.scope.patch(`${REPO}/check-runs/${id}`, (body: CheckBody) => (again.runs.push({ method: "PATCH", id, body }), true)).reply(200, { id });
    }
    await opened();
    expect(again.runs.map((r) => r.method)).toEqual(["PATCH", "PATCH", "PATCH"]);
    const updated = again.runs.find((r) => r.id === 13)!.body;
    expect(updated.conclusion).toBe("failure");
    expect(updated.output.annotations).toBeUndefined();
    expect(updated.output.summary).toContain("1 annotation from an earlier evaluation of this commit no longer applies");
  });
});
