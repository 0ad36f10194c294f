/** Terraform `.tf` module directories read for IAM (verdicts decided first: test/fixtures/iam/terraform-hcl/README.md). */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { evaluateTerraformHcl, readTerraformHcl, type TerraformModuleFiles } from "../../../src/core/iam/terraform-hcl.js";
import { catalogue, policy } from "./helpers.js";

const ROOT = "test/fixtures/iam/terraform-hcl";

/** A fixture folder as scan hands it over: its `.tf` files, var files and the JSON files `file()` names. */
function moduleOf(folder: string, edit: (text: string, file: string) => string = (t) => t) {
  const dir = path.join(ROOT, folder);
  const read = (name: string) => ({ file: path.join(dir, name), text: edit(readFileSync(path.join(dir, name), "utf8"), name) });
  const names = readdirSync(dir).sort();
  const module: TerraformModuleFiles & { otherVarFiles: { file: string; text: string }[] } = {
    files: names.filter((n) => n.endsWith(".tf")).map(read),
    otherVarFiles: names.filter((n) => n.endsWith(".tfvars")).map(read),
  };
  const bodies = new Map(readTerraformHcl(module).wanted.map((w) => [w.path, { file: path.join(dir, w.path), text: readFileSync(path.join(dir, w.path), "utf8") }]));
  return { ...module, bodies };
}

function scan(folder: string, edit?: (text: string, file: string) => string) {
  return evaluateTerraformHcl(moduleOf(folder, edit), policy, catalogue);
}

const rulesOf = (findings: { rule: string; subject: string }[]) => findings.map((f) => `${f.rule} ${f.subject}`).sort();

describe("an agent role written in Terraform", () => {
  it("a GitHub OIDC role whose subjects come from variables without a value, with AdministratorAccess: both rules, by address, cited at file and line", () => {
    const result = scan("github-oidc-admin");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.github_actions_role", "agent-privilege-escalation aws_iam_role.github_actions_role"]);
    const evidence = result.findings[0]?.evidence.find((e) => e.arn === "arn:aws:iam::aws:policy/AdministratorAccess");
    expect(evidence).toMatchObject({ file: path.join(ROOT, "github-oidc-admin", "main.tf"), line: 18 });
    expect(evidence?.note).toContain("aws_iam_role_policy_attachment.attach_admin_policy");
  });

  it("the same role in a non-production account: nothing", () => {
    const result = scan("github-oidc-admin", (t) => t.replace("111111111111", "222222222222"));
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("claude-code-deployer with AdministratorAccess through the partition data source: both rules", () => {
    const result = scan("claude-deployer");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.claude", "agent-privilege-escalation aws_iam_role.claude"]);
    expect(result.findings[0]?.evidence[0]).toMatchObject({ file: path.join(ROOT, "claude-deployer", "main.tf") });
  });

  it("the same role with an aws_iam_policy_document Deny of everything: nothing", () => {
    const result = scan("claude-deployer-denied");
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("a Deny whose resources are unknown is dropped (it may deny nothing): both rules, no error", () => {
    const result = scan("claude-deployer-deny-unknown");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.claude", "agent-privilege-escalation aws_iam_role.claude"]);
  });

  it("a non-agent role with AdministratorAccess and an unreadable inline policy: nothing, no noise", () => {
    const result = scan("non-agent");
    expect(result).toMatchObject({ findings: [], errors: [] });
  });

  it("an agent role whose inline policy cannot be read: an input error naming file, line and address; the other agent role is still judged", () => {
    const result = scan("agentcore-unresolvable");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: path.join(ROOT, "agentcore-unresolvable", "runtime.tf"), line: 28 });
    expect(result.errors[0]?.message).toContain("aws_iam_role.agentcore_runtime is an agent principal");
    expect(result.errors[0]?.message).toContain("aws_iam_role_policy.runtime policy is var.runtime_policy_json");
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.kiro", "agent-privilege-escalation aws_iam_role.kiro"]);
  });

  it("a policy in a JSON file beside the module (file()): judged, cited at the statement in that file", () => {
    const result = scan("file-policy");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.cursor"]);
    expect(result.findings[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(result.findings[0]?.evidence[0]).toMatchObject({ file: path.join(ROOT, "file-policy", "policies", "orders.json"), line: 10, pointer: "/Statement/1" });
  });

  it("a policy file the caller could not read: an input error for the agent that holds it (fail closed)", () => {
    const module = moduleOf("file-policy");
    const result = evaluateTerraformHcl({ ...module, bodies: new Map([["policies/orders.json", { file: "x/policies/orders.json", error: "outside the scanned paths" }]]) }, policy, catalogue);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringContaining("aws_iam_policy.orders policy is read from x/policies/orders.json: outside the scanned paths")]);
  });

  it("a name from a variable: judged with its default, and again with each var file beside the module", () => {
    const result = scan("tfvars");
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.runner", "agent-privilege-escalation aws_iam_role.runner"]);
    expect(result.findings.every((f) => f.message.includes(`(with -var-file=${path.join(ROOT, "tfvars", "prod.tfvars")})`))).toBe(true);
    const base = evaluateTerraformHcl({ ...moduleOf("tfvars"), otherVarFiles: [] }, policy, catalogue);
    expect(base.findings).toEqual([]);
  });
});
