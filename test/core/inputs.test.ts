/**
 * What a file is and which rules judge it (src/core/inputs.ts), shared by `scan` and the App's
 * file checks: content decides, and an input's reading errors and evaluation errors both reach
 * the caller (each one fails the run).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { detectKind, evaluateInput } from "../../src/core/inputs.js";
import { catalogue, policy } from "./iam/helpers.js";

const examples = path.resolve(import.meta.dirname, "../../examples");
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(examples, file), "utf8"));

describe("detectKind", () => {
  it.each([
    ["iam/account-111111111111.authorization-details.json", "authorization-details"],
    ["iam/ops-agent-policy.json", "policy-document"],
    ["dashboards/copilot-adoption.grafana.json", "dashboard"],
    ["templates/platform-prod.template.json", "cloudformation-template"],
  ])("%s is a %s", (file, kind) => {
    expect(detectKind(read(file))).toBe(kind);
  });

  it("a template is never mistaken for a dashboard, whatever else it holds", () => {
    expect(detectKind({ AWSTemplateFormatVersion: "2010-09-09", Resources: {}, panels: [{ type: "stat", title: "Copilot adoption" }] })).toBe("cloudformation-template");
  });

  it("anything else is no known kind", () => {
    expect(detectKind({})).toBeUndefined();
    expect(detectKind([])).toBeUndefined();
    expect(detectKind("Version: 2012-10-17")).toBeUndefined();
  });
});

describe("evaluateInput", () => {
  it("an account's authorization details: the IAM rules' findings", () => {
    const { findings, errors } = evaluateInput({ file: "account.json", value: read("iam/account-111111111111.authorization-details.json") }, "authorization-details", policy, catalogue);
    expect(findings.map((f) => `${f.rule} ${f.subject}`)).toEqual([
      "agent-destructive-prod arn:aws:iam::111111111111:role/kiro-agent-deployer",
      "agent-privilege-escalation arn:aws:iam::111111111111:role/kiro-agent-deployer",
      "agent-privilege-escalation arn:aws:iam::111111111111:user/cursor-bot",
    ]);
    expect(errors).toEqual([]);
  });

  it("returns the errors of reading the details and of evaluating their policies, together", () => {
    const details = read("iam/account-111111111111.authorization-details.json") as { RoleDetailList: Record<string, unknown>[] };
    const agent = details.RoleDetailList[0] as { RolePolicyList: { PolicyName: string; PolicyDocument: unknown }[] };
    agent.RolePolicyList.push({ PolicyName: "typo", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: 7, Resource: "*" }] } });
    details.RoleDetailList.push({ RoleName: 42 });
    const { errors } = evaluateInput({ file: "account.json", value: details }, "authorization-details", policy, catalogue);
    expect(errors.map((e) => e.message)).toEqual(["role entry has no RoleName", expect.stringContaining("Action must be a non-empty string or a list of them")]);
  });

  it("a policy document alone is judged as an agent's (its principal is unknown)", () => {
    const { findings, errors } = evaluateInput(
      { file: "p.json", value: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }, { Effect: "Allow", Action: 7, Resource: "*" }] } },
      "policy-document",
      policy,
      catalogue,
    );
    expect(findings.map((f) => f.rule)).toContain("agent-destructive-prod");
    expect(errors).toEqual([{ file: "p.json", message: "p.json: Action must be a non-empty string or a list of them" }]);
  });

  it("a dashboard: the dashboard rule's findings", () => {
    const { findings } = evaluateInput({ file: "d.json", value: read("dashboards/copilot-adoption.grafana.json") }, "dashboard", policy, catalogue);
    expect(findings.map((f) => `${f.rule} ${f.subject}`)).toEqual(['adoption-dashboard-no-incidents dashboard "Copilot adoption" (uid copilot-adoption)']);
  });
});
