import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Options, ValidateFunction } from "ajv";
import type { Finding } from "../../src/core/finding.js";
import { exitCode, render, type Report } from "../../src/report/index.js";

const tool = { name: "agent-guardrail", version: "0.1.0" };
const require = createRequire(import.meta.url);
// A CommonJS class: load it the CommonJS way so ESM interop cannot wrap it.
const AjvDraft04 = (require("ajv-draft-04") as { default: new (options: Options) => { compile(schema: object): ValidateFunction } }).default;
const sarifSchema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;

const destructive: Finding = {
  rule: "agent-destructive-prod",
  severity: "error",
  message: "Role AgentRole can delete or replace production resources: dynamodb:DeleteTable on table/orders-prod",
  subject: "ProdStack/AgentRole",
  actions: ["dynamodb:DeleteTable"],
  evidence: [{ file: "cdk.out/ProdStack.template.json", line: 41, pointer: "/Resources/AgentRolePolicy/Properties/PolicyDocument/Statement/0" }],
  suppressed: null,
};
const live: Finding = {
  rule: "agent-privilege-escalation",
  severity: "error",
  message: "Role kiro-agent can grant itself more access: iam:PutRolePolicy",
  subject: "arn:aws:iam::111111111111:role/kiro-agent",
  actions: ["iam:PutRolePolicy"],
  evidence: [{ arn: "arn:aws:iam::111111111111:role/kiro-agent", policyName: "inline", statementIndex: 0 }],
  suppressed: null,
};
const suppressedWarning: Finding = {
  rule: "adoption-dashboard-no-incidents",
  severity: "warning",
  message: "Dashboard tracks Copilot adoption but records no incidents",
  subject: 'dashboard "Copilot"',
  evidence: [{ file: "dash.json", line: 3, pointer: "/panels/0" }],
  suppressed: { reason: "incidents are on the SRE dashboard", by: "dashboard tag" },
};
const report: Report = {
  findings: [live, destructive, suppressedWarning],
  errors: [{ file: "broken.json", line: 4, message: "invalid JSON at line 4" }],
  inputs: 4,
};

describe("JSON report", () => {
  it("follows the DESIGN contract", () => {
    const json = JSON.parse(render(report, "json", tool)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["tool", "findings", "errors", "summary"]);
    expect(json.tool).toEqual(tool);
    expect(json.errors).toEqual([{ file: "broken.json", line: 4, message: "invalid JSON at line 4" }]);
    expect(json.summary).toEqual({ inputs: 4, findings: 2, errors: 1, suppressed: 1 });
    const findings = json.findings as Finding[];
    expect(findings.map((f) => f.rule)).toEqual(["adoption-dashboard-no-incidents", "agent-destructive-prod", "agent-privilege-escalation"]);
    expect(findings[1]).toEqual(destructive);
    expect(Object.keys(findings[1] as object)).toEqual(["rule", "severity", "message", "subject", "actions", "evidence", "suppressed"]);
  });
});

describe("SARIF report", () => {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }) // the official schema has a pattern that is invalid under the u flag;
  const validateSarif = ajv.compile(sarifSchema);

  it("validates against the SARIF 2.1.0 schema", () => {
    const log = JSON.parse(render(report, "sarif", tool)) as unknown;
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check can fail (guards against a vacuous validator)", () => {
    const log = JSON.parse(render(report, "sarif", tool)) as { runs: { results: { level: string }[] }[] };
    (log.runs[0]?.results[0] as { level: string }).level = "catastrophic";
    expect(validateSarif(log)).toBe(false);
  });

  it("places file findings with region lines and suppressions", () => {
    const log = JSON.parse(render(report, "sarif", tool)) as {
      runs: { results: { ruleId: string; locations: { physicalLocation?: { region?: { startLine: number } } }[]; suppressions?: unknown[] }[]; invocations: { executionSuccessful: boolean }[] }[];
    };
    const run = log.runs[0]!;
    const fileResult = run.results.find((r) => r.ruleId === "agent-destructive-prod")!;
    expect(fileResult.locations[0]?.physicalLocation?.region?.startLine).toBe(41);
    expect(run.results.find((r) => r.ruleId === "adoption-dashboard-no-incidents")?.suppressions).toHaveLength(1);
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
  });
});

describe("SARIF locations are URI references that lead back to the file", () => {
  type Loc = { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } }; logicalLocations?: { fullyQualifiedName: string }[] };
  const at = (file: string, line = 7): Finding => ({ ...destructive, subject: file, evidence: [{ file, line, pointer: "/Resources/T" }] });
  const sarifOf = (r: Report) =>
    JSON.parse(render(r, "sarif", tool)) as { runs: { results: { properties: { subject: string }; locations: Loc[] }[]; invocations: { toolExecutionNotifications: { locations: Loc[] }[] }[] }[] };
  const uriOf = (file: string) => sarifOf({ findings: [at(file)], errors: [], inputs: 1 }).runs[0]!.results[0]!.locations[0]!.physicalLocation!.artifactLocation.uri;
  // What code scanning does with a relative URI: resolve it against the checkout and decode the path.
  const resolved = (uri: string) => decodeURIComponent(new URL(uri, "file:///github/workspace/").pathname);

  it.each([
    ["templates/prod.yaml", "templates/prod.yaml"],
    ["./cdk.out/Prod.template.json", "cdk.out/Prod.template.json"],
    ["My Templates/prod #1.yaml", "My%20Templates/prod%20%231.yaml"],
    ["infra/100%/orders?.json", "infra/100%25/orders%3F.json"],
    ["stacks/été/表.yaml", "stacks/%C3%A9t%C3%A9/%E8%A1%A8.yaml"],
    ["a:b/t.json", "./a:b/t.json"],
    ["deploy\\prod stack.json", "deploy/prod%20stack.json"],
  ])("%s is written %s and resolves to the file in the checkout", (file, uri) => {
    expect(uriOf(file)).toBe(uri);
    expect(resolved(uri)).toBe(`/github/workspace/${file.replace(/\\/g, "/").replace(/^\.\//, "")}`);
  });

  it("an absolute path is a file: URI of that path", () => {
    expect(uriOf("/home/runner/work/My Repo/t.json")).toBe("file:///home/runner/work/My%20Repo/t.json");
    expect(decodeURIComponent(new URL(uriOf("/home/runner/work/My Repo/t.json")).pathname)).toBe("/home/runner/work/My Repo/t.json");
    expect(uriOf("C:\\Users\\dev\\repo\\t.json")).toBe("file:///C:/Users/dev/repo/t.json");
  });

  it("an error named by an API call is a logical location, not a URI of another scheme", () => {
    const log = sarifOf({ findings: [], errors: [{ file: "aws:sts:AssumeRole", message: "AccessDenied" }, { file: "broken dir/t.json", line: 3, message: "invalid JSON" }], inputs: 0 });
    const [api, file] = log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.locations[0]!);
    expect(api).toEqual({ logicalLocations: [{ fullyQualifiedName: "aws:sts:AssumeRole", kind: "resource" }] });
    expect(file).toEqual({ physicalLocation: { artifactLocation: { uri: "broken%20dir/t.json" }, region: { startLine: 3 } } });
  });
});

describe("text report", () => {
  it("groups by subject and shows evidence and input errors", () => {
    const text = render(report, "text", tool);
    expect(text).toContain("ProdStack/AgentRole\n  error      agent-destructive-prod");
    expect(text).toContain("at cdk.out/ProdStack.template.json:41  /Resources/AgentRolePolicy/Properties/PolicyDocument/Statement/0");
    expect(text).toContain("at arn:aws:iam::111111111111:role/kiro-agent  policy inline  statement 0");
    expect(text).toContain("broken.json:4  invalid JSON");
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 findings (2 errors, 0 warnings), 1 suppressed, 1 input error in 4 inputs");
  });
});

describe("exit codes", () => {
  const clean: Report = { findings: [], errors: [], inputs: 1 };
  it("is 2 when any input could not be evaluated, whatever else", () => {
    expect(exitCode(report, "never")).toBe(2);
    expect(exitCode({ ...clean, errors: [{ file: "x", message: "y" }] }, "error")).toBe(2);
  });
  it("is 1 for unsuppressed findings at or above --fail-on", () => {
    expect(exitCode({ ...clean, findings: [destructive] }, "error")).toBe(1);
    expect(exitCode({ ...clean, findings: [suppressedWarning] }, "warning")).toBe(0);
    expect(exitCode({ ...clean, findings: [{ ...suppressedWarning, suppressed: null }] }, "warning")).toBe(1);
    expect(exitCode({ ...clean, findings: [{ ...suppressedWarning, suppressed: null }] }, "error")).toBe(0);
    expect(exitCode({ ...clean, findings: [destructive] }, "never")).toBe(0);
  });
  it("is 0 with nothing to report", () => {
    expect(exitCode(clean, "warning")).toBe(0);
  });
});
