/**
 * The adoption-dashboards check on a pull request's changed files (content at the head, policy
 * from the base), over the real and hand-made dashboard fixtures.
 */
import { readFileSync } from "node:fs";
import { checkAdoptionDashboards, type AdoptionDashboardsInput } from "../../../src/github/checks/adoption-dashboards.js";
import type { ChangedFile } from "../../../src/github/checks/types.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/dashboards/${name}`, import.meta.url), "utf8");
const policy = resolvePolicy();

function pr(files: ChangedFile[], head: Record<string, string>, extra: Partial<AdoptionDashboardsInput> = {}): AdoptionDashboardsInput {
  return { policy, files, filesComplete: true, read: async (path) => head[path], catalogue: loadCatalogue, ...extra };
}

const target = "grafana/copilot-adoption.json";
const targetText = fixture("handmade/grafana-copilot-target-80.json");

test("a Copilot adoption dashboard with an 80% target and no incident panel fails, annotated on its adoption panels", async () => {
  const out = await checkAdoptionDashboards(pr([{ path: target, status: "added" }], { [target]: targetText }, { blobUrl: (f, l) => `https://github.com/o/r/blob/abc/${f}#L${l}` }));
  expect(out.conclusion).toBe("failure");
  expect(out.findings).toHaveLength(1);
  expect(out.findings[0]).toMatchObject({ rule: "adoption-dashboard-no-incidents", severity: "error", subject: 'dashboard "Copilot adoption" (uid copilot-adoption)' });
  const titleLine = targetText.split("\n").findIndex((l) => l.includes('"title": "Copilot weekly active users (%)"')) + 1;
  const panelStart = targetText.split("\n").findIndex((l, i) => i < titleLine && /^\s{4}\{$/.test(l));
  expect(out.annotations.length).toBeGreaterThan(0);
  for (const a of out.annotations) expect(a).toMatchObject({ path: target, annotation_level: "failure", title: "adoption-dashboard-no-incidents" });
  // The first adoption panel is annotated at a line inside it.
  expect(out.annotations.some((a) => a.start_line > panelStart && a.start_line <= titleLine)).toBe(true);
  expect(out.summary).toMatch(/^\*\*FAIL\*\*: 1 adoption dashboard without incidents \(1 with a usage target\)\./);
  expect(out.summary).toContain(`(https://github.com/o/r/blob/abc/${target}#L`);
  expect(out.summary).toContain("Fix: add a panel that tracks incidents");
});

test("without a usage target the dashboard is a warning: neutral, warning annotations", async () => {
  const path = "dashboards/copilot.json";
  const out = await checkAdoptionDashboards(pr([{ path, status: "modified" }], { [path]: fixture("handmade/grafana-copilot-default-thresholds.json") }));
  expect(out.conclusion).toBe("neutral");
  expect(out.annotations.every((a) => a.annotation_level === "warning")).toBe(true);
  expect(out.summary).toMatch(/^\*\*WARN\*\*/);
});

test("DORA and AI-with-incidents dashboards pass; files that are not dashboards are ignored", async () => {
  const files: ChangedFile[] = [
    { path: "dora.json", status: "modified" },
    { path: "correlation.json", status: "added" },
    { path: "package.json", status: "modified" },
    { path: "old.json", status: "removed" },
  ];
  const out = await checkAdoptionDashboards(
    pr(files, { "dora.json": fixture("real/fourkeys-dora-team.json"), "correlation.json": fixture("real/devlake-GithubCopilotDORACorrelation.json"), "package.json": '{"name":"x"}' }),
  );
  expect(out).toMatchObject({ conclusion: "success", dashboards: ["dora.json", "correlation.json"], annotations: [] });
  expect(out.title).toBe("2 dashboard files checked: none tracks AI adoption without incidents");
});

test("an adoption dashboard in a format no reader knows fails closed, as scan does", async () => {
  const path = "openlit/coding-agents.json";
  const out = await checkAdoptionDashboards(pr([{ path, status: "added" }], { [path]: fixture("real/openlit-dashboard-coding-agents-layout.json") }));
  expect(out.conclusion).toBe("failure");
  expect(out.dashboards).toEqual([path]);
  expect(out.errors).toEqual([{ file: path, message: expect.stringMatching(/^looks like a dashboard of Claude Code, Cursor, OpenAI Codex use /) }]);
});

test("a Kibana saved-objects export (.ndjson) of an adoption dashboard fails closed at the dashboard's line, as scan does", async () => {
  const path = "kibana/claude-code.ndjson";
  const out = await checkAdoptionDashboards(pr([{ path, status: "added" }], { [path]: fixture("handmade/kibana-claude-code-rollout.ndjson") }));
  expect(out.conclusion).toBe("failure");
  expect(out.dashboards).toEqual([path]);
  expect(out.errors).toEqual([{ file: path, line: 4, message: expect.stringMatching(/^looks like a dashboard of Claude Code use /) }]);
});

// A split export's dashboard file names the tool; what its panels measure is in files the pull
// request may not even change. It was no input, so the check passed it.
test("a Kibana split export's dashboard file of GitHub Copilot, its panels in other files, fails closed, as scan does; a Lens file naming no tool is no dashboard", async () => {
  const dashboard = "kibana/dashboard/copilot-rollout.json";
  const lens = "kibana/lens/copilot-acceptance.json";
  const files: ChangedFile[] = [
    { path: dashboard, status: "added" },
    { path: lens, status: "added" },
  ];
  const out = await checkAdoptionDashboards(pr(files, { [dashboard]: fixture("handmade/kibana-split/kibana/dashboard/copilot-rollout.json"), [lens]: fixture("handmade/kibana-split/kibana/lens/copilot-acceptance.json") }));
  expect(out.conclusion).toBe("failure");
  expect(out.dashboards).toEqual([dashboard]);
  expect(out.errors).toEqual([{ file: dashboard, message: expect.stringMatching(/^looks like a Kibana dashboard of GitHub Copilot whose panels are saved objects kept in other files /) }]);
});

test("a SigNoz dashboard and a Kubernetes ConfigMap carrying a Grafana dashboard are evaluated, annotated on their own files", async () => {
  const signoz = "observability/claude-code.json";
  const configMap = "k8s/monitoring/dashboards.yaml";
  const grafana = fixture("handmade/grafana-copilot-target-80.json");
  const manifest = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: copilot-dashboards", "  labels:", '    grafana_dashboard: "1"', "data:", "  copilot.json: |-", ...grafana.trimEnd().split("\n").map((l) => `    ${l}`), ""].join("\n");
  const out = await checkAdoptionDashboards(
    pr([{ path: signoz, status: "added" }, { path: configMap, status: "added" }], { [signoz]: fixture("real/signoz-claude-code-v1.json"), [configMap]: manifest }),
  );
  expect(out.conclusion).toBe("failure");
  expect(out.dashboards).toEqual([signoz, configMap]);
  expect(out.findings.map((f) => [f.severity, f.subject])).toEqual([
    ["warning", 'dashboard "Claude Code Metrics" (uid 019b2dff-eeba-718d-8124-570c3944f717)'],
    ["error", 'dashboard "Copilot adoption" (uid copilot-adoption) (ConfigMap copilot-dashboards, data.copilot.json)'],
  ]);
  expect(out.annotations.filter((a) => a.path === configMap).every((a) => a.start_line === 8 && a.annotation_level === "failure")).toBe(true);
  expect(out.annotations.some((a) => a.path === signoz)).toBe(true);
});

test("a PR without dashboard files succeeds and says why", async () => {
  const out = await checkAdoptionDashboards(pr([{ path: "src/index.ts", status: "modified" }, { path: "tsconfig.json", status: "modified" }], { "tsconfig.json": "{}" }));
  expect(out).toMatchObject({ conclusion: "success", title: "No dashboard files changed" });
});

test("a waiver in the base config, or the dashboard's own tag, keeps the finding visible as suppressed and passes", async () => {
  const waived = resolvePolicy(
    parseUserConfig(
      ".github/agent-guardrail.yml",
      'suppressions:\n  - rule: adoption-dashboard-no-incidents\n    subject: "dashboard \\"Copilot adoption\\"*"\n    reason: "incidents are on the SRE board, linked from this dashboard"\n',
    ),
  );
  const byConfig = await checkAdoptionDashboards(pr([{ path: target, status: "added" }], { [target]: targetText }, { policy: waived }));
  expect(byConfig.conclusion).toBe("success");
  expect(byConfig.annotations).toEqual([]);
  expect(byConfig.summary).toContain("**Suppressed** (audit trail)");
  expect(byConfig.summary).toContain("incidents are on the SRE board");

  const tagged = JSON.parse(targetText) as { tags: string[] };
  tagged.tags.push("agent-guardrail:ignore-incidents=incident panels live on the SRE overview board");
  const byTag = await checkAdoptionDashboards(pr([{ path: target, status: "added" }], { [target]: JSON.stringify(tagged, null, 2) }));
  expect(byTag.conclusion).toBe("success");
  expect(byTag.findings[0]?.suppressed?.by).toBe("dashboard tag");
});

test("a CloudFormation template with a CloudWatch dashboard is evaluated; its IAM findings belong to the other check", async () => {
  const body = JSON.stringify({
    widgets: [
      { type: "metric", x: 0, y: 0, width: 12, height: 6, properties: { title: "Amazon Q Developer weekly active users", metrics: [["DevTools/QDeveloper", "WeeklyActiveUsers"]], region: "REGION", annotations: { horizontal: [{ label: "Adoption target", value: 120 }] } } },
    ],
  });
  const template = JSON.stringify(
    {
      AWSTemplateFormatVersion: "2010-09-09",
      Resources: {
        AdoptionDashboard: { Type: "AWS::CloudWatch::Dashboard", Properties: { DashboardName: "q-adoption", DashboardBody: { "Fn::Join": ["", [body.split("REGION")[0], { Ref: "AWS::Region" }, body.split("REGION")[1]]] } } },
        AgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "kiro-agent-prod", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }, Policies: [{ PolicyName: "all", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }] } },
      },
    },
    null,
    2,
  );
  const path = "infra/metrics.template.json";
  const out = await checkAdoptionDashboards(pr([{ path, status: "modified" }], { [path]: template }));
  expect(out.conclusion).toBe("failure");
  expect(out.findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents"]);
  const line = template.split("\n").findIndex((l) => l.includes('"DashboardBody"')) + 1;
  expect(out.annotations[0]).toMatchObject({ path, start_line: line });
});

test("fail closed: truncated file list, unreadable or unparseable dashboards, a dashboard without panels", async () => {
  expect((await checkAdoptionDashboards(pr([{ path: target, status: "added" }], { [target]: targetText }, { filesComplete: false }))).conclusion).toBe("failure");
  // A change with no dashboard passes on its own: the truncated list alone fails it (a dashboard may be among the missing files).
  expect((await checkAdoptionDashboards(pr([{ path: "src/app.ts", status: "modified" }], {}))).conclusion).toBe("success");
  expect(await checkAdoptionDashboards(pr([{ path: "src/app.ts", status: "modified" }], {}, { filesComplete: false }))).toMatchObject({ conclusion: "failure", title: "Changed files incomplete", errors: [], findings: [], dashboards: [] });

  const unreadable = await checkAdoptionDashboards(pr([{ path: target, status: "modified" }], {}, { read: async () => Promise.reject(new Error("HTTP 502 Bad Gateway")) }));
  expect(unreadable.conclusion).toBe("failure");
  expect(unreadable.summary).toContain(`cannot read ${target} at the head SHA: HTTP 502 Bad Gateway`);
  expect(unreadable.title).toBe("1 input error: not every dashboard could be evaluated");

  const broken = targetText.slice(0, targetText.indexOf('"title": "Copilot weekly'));
  const malformed = await checkAdoptionDashboards(pr([{ path: target, status: "modified" }], { [target]: broken }));
  expect(malformed.conclusion).toBe("failure");
  expect(malformed.annotations[0]).toMatchObject({ path: target, title: "cannot be evaluated", annotation_level: "failure" });
  expect(malformed.annotations[0]?.start_line).toBeGreaterThan(1);

  const empty = await checkAdoptionDashboards(pr([{ path: target, status: "modified" }], { [target]: JSON.stringify({ title: "Copilot", uid: "c", schemaVersion: 39, panels: [] }) }));
  expect(empty.conclusion).toBe("failure");
  expect(empty.summary).toContain("has no panels");

  // A broken JSON file that is no dashboard is not this check's business.
  const other = await checkAdoptionDashboards(pr([{ path: "config.json", status: "modified" }], { "config.json": '{"name": ' }));
  expect(other.conclusion).toBe("success");
});

test("a dashboard the rule fails on unexpectedly is that file's error (failure); the other dashboards are still judged", async () => {
  // The shipped policy, except that its dashboard vocabulary cannot be read the first time: the
  // first file fails, the second (the same dashboard) is judged.
  const first = "grafana/team-a-adoption.json";
  const calls = { n: 0 };
  const flaky = { ...policy };
  Object.defineProperty(flaky, "dashboards", {
    get() {
      calls.n++;
      if (calls.n === 1) throw new TypeError("dashboard vocabulary unavailable");
      return policy.dashboards;
    },
  });
  const files: ChangedFile[] = [
    { path: first, status: "added" },
    { path: target, status: "added" },
  ];
  const out = await checkAdoptionDashboards(pr(files, { [first]: targetText, [target]: targetText }, { policy: flaky }));
  expect(out.conclusion).toBe("failure");
  expect(out.errors).toEqual([{ file: first, message: "could not be evaluated (internal error: dashboard vocabulary unavailable); nothing in it was checked" }]);
  expect(out.findings.map((f) => f.evidence[0]?.file)).toEqual([target]);
  expect(out.dashboards).toEqual([first, target]);
});

describe("Terraform dashboards in a pull request", () => {
  it("judges a changed .tf file's dashboard, and its body file at the head", async () => {
    const files: ChangedFile[] = [
      { path: "infra/q.tf", status: "added" },
      { path: "infra/body/main.tf", status: "added" },
      { path: "infra/storage.tf", status: "modified" },
    ];
    const head = {
      "infra/q.tf": fixture("handmade/terraform/q-developer-jsonencode.tf"),
      "infra/body/main.tf": fixture("handmade/terraform/body-file/main.tf"),
      "infra/body/q-dashboard.json.tftpl": fixture("handmade/terraform/body-file/q-dashboard.json.tftpl"),
      "infra/storage.tf": fixture("handmade/terraform/no-dashboard.tf"),
    };
    const out = await checkAdoptionDashboards(pr(files, head));
    expect(out.errors).toEqual([]);
    expect(out.dashboards).toEqual(["infra/q.tf", "infra/body/main.tf"]);
    expect(out.findings.map((f) => f.evidence[0]!.file)).toEqual(["infra/q.tf", "infra/body/q-dashboard.json.tftpl"]);
    expect(out.conclusion).toBe("neutral");
  });

  it("fails when a body file is missing at the head", async () => {
    const out = await checkAdoptionDashboards(pr([{ path: "infra/body/main.tf", status: "added" }], { "infra/body/main.tf": fixture("handmade/terraform/body-file/main.tf") }));
    expect(out.conclusion).toBe("failure");
    expect(out.errors).toEqual([expect.objectContaining({ file: "infra/body/main.tf", line: 3 })]);
  });
});

describe("Terraform dashboards that cannot be read at the head fail closed", () => {
  const main = "infra/body/main.tf";
  const mainText = fixture("handmade/terraform/body-file/main.tf");
  const bodyPath = "infra/body/q-dashboard.json.tftpl";

  it("a changed .tf file the API fails to return is that file's error, and the check fails", async () => {
    const out = await checkAdoptionDashboards(
      pr([{ path: "infra/q.tf", status: "modified" }], {}, { read: async () => Promise.reject(new Error("HTTP 502 Bad Gateway")) }),
    );
    expect(out.conclusion).toBe("failure");
    expect(out.errors).toEqual([{ file: "infra/q.tf", message: "cannot read infra/q.tf at the head SHA: HTTP 502 Bad Gateway" }]);
  });

  it("a body file the API fails to return is an error at the line that reads it, and the check fails", async () => {
    const read = async (path: string): Promise<string | undefined> => {
      if (path === bodyPath) throw new Error("HTTP 502 Bad Gateway");
      return path === main ? mainText : undefined;
    };
    const out = await checkAdoptionDashboards(pr([{ path: main, status: "added" }], {}, { read }));
    expect(out.conclusion).toBe("failure");
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([expect.objectContaining({ file: main, line: 3, message: expect.stringContaining(`${bodyPath}, which cannot be read at the head (fail closed): HTTP 502 Bad Gateway`) })]);
  });
});
