import { readFileSync } from "node:fs";
import { detectKind, evaluateInput } from "../../../src/core/inputs.js";
import { isTerraformJson, readTerraformJson, unreadTerraformUiChange } from "../../../src/core/iam/terraform-plan.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { catalogue, policy } from "./helpers.js";

const FIXTURES = new URL("../../fixtures/iam/terraform-plan/", import.meta.url);

/** A fixture read as scan reads it: detected by content, then evaluated (verdicts: the fixture README). */
function scan(name: string, edit?: (value: Record<string, unknown>) => void) {
  const file = `test/fixtures/iam/terraform-plan/${name}`;
  const text = readFileSync(new URL(name, FIXTURES), "utf8");
  const parsed = parseSource(text);
  if (edit) edit(parsed.value as Record<string, unknown>);
  expect(detectKind(parsed.value)).toBe("terraform-plan");
  const result = evaluateInput({ file, value: parsed.value, lineOf: parsed.lineOf }, "terraform-plan", policy, catalogue);
  const read = readTerraformJson(parsed.value, file, parsed.lineOf);
  return { ...result, read, parsed, file };
}
const rulesOf = (findings: { rule: string; subject: string }[]) => findings.map((f) => `${f.rule} ${f.subject}`).sort();

describe("terraform show -json of a plan (terraform-aws-iam's iam-github-oidc-role, twice)", () => {
  const result = scan("github-oidc-plan.json");

  it("flags the agent role with AdministratorAccess in the production account, by its address", () => {
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual([
      "agent-destructive-prod module.agent_oidc_role.aws_iam_role.this[0]",
      "agent-privilege-escalation module.agent_oidc_role.aws_iam_role.this[0]",
    ]);
    expect(result.read.input.account).toBe("111111111111");
    const destructive = result.findings.find((f) => f.rule === "agent-destructive-prod");
    const cited = destructive?.evidence.find((e) => e.arn === "arn:aws:iam::aws:policy/AdministratorAccess");
    const pointer = "/planned_values/root_module/child_modules/0/resources/1";
    // The engine cites the bundled document's statements below the attachment that names it.
    expect(cited).toMatchObject({ file: result.file, pointer: `${pointer}/Statement/0`, line: result.parsed.lineOf(pointer) });
    expect(cited?.note).toContain('module.agent_oidc_role.aws_iam_role_policy_attachment.this["AdministratorAccess"]');
  });

  it("follows a policy_arn known only after apply through each.value and var. to the plan's policy", () => {
    const example = result.read.input.principals.find((p) => p.name === "ex-iam-github-oidc");
    expect(example?.policies.map((p) => p.name)).toEqual(["ex-iam-github-oidc-additional"]);
    expect(example?.unresolvedPolicies?.map((u) => u.arn)).toEqual(["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]);
  });

  it("without the configuration, unknown values are input errors naming the resource (fail closed)", () => {
    const cut = scan("github-oidc-plan.json", (v) => delete v["configuration"]);
    // Nothing then says whether the roles' managed_policy_arns and inline_policy are written or only filled in by AWS.
    expect(cut.errors.map((e) => e.message.split(", so")[0])).toEqual([
      "module.agent_oidc_role.aws_iam_role.this[0]: inline_policy is known only after apply",
      "module.agent_oidc_role.aws_iam_role.this[0]: managed_policy_arns is known only after apply",
      "module.iam_github_oidc_role.aws_iam_role.this[0]: inline_policy is known only after apply",
      "module.iam_github_oidc_role.aws_iam_role.this[0]: managed_policy_arns is known only after apply",
      'module.iam_github_oidc_role.aws_iam_role_policy_attachment.this["additional"]: policy_arn is known only after apply',
    ]);
    expect(cut.errors[4]?.line).toBe(cut.parsed.lineOf("/planned_values/root_module/child_modules/1/resources/2/values"));
    expect(rulesOf(cut.findings)).toEqual(rulesOf(result.findings));
  });

  it("a reference it cannot follow among those it can (coalesce(module.admin.arn, aws_iam_policy.additional.arn)) is an input error, not the policy it can follow", () => {
    const mixed = scan("github-oidc-plan.json", (v) => {
      const calls = (v["configuration"] as { root_module: { module_calls: Record<string, { expressions: Record<string, { references?: string[] }> }> } }).root_module.module_calls;
      calls["iam_github_oidc_role"]!.expressions["policies"] = { references: ["module.admin.arn", "module.admin", "aws_iam_policy.additional.arn", "aws_iam_policy.additional"] };
    });
    expect(mixed.errors.map((e) => e.message.split(", so")[0])).toEqual(['module.iam_github_oidc_role.aws_iam_role_policy_attachment.this["additional"]: policy_arn is known only after apply']);
    // A root module's var. and each.key are known at plan: they hide nothing.
    const known = scan("github-oidc-plan.json", (v) => {
      const calls = (v["configuration"] as { root_module: { module_calls: Record<string, { expressions: Record<string, { references?: string[] }> }> } }).root_module.module_calls;
      calls["iam_github_oidc_role"]!.expressions["policies"] = { references: ["var.extra", "aws_iam_policy.additional.arn", "aws_iam_policy.additional"] };
    });
    expect(known.errors).toEqual([]);
  });

  it("a role named by the plan's agent, without the account, is still production (fail closed)", () => {
    const noAccount = scan("github-oidc-plan.json", (v) => delete v["prior_state"]);
    expect(noAccount.read.input.account).toBeUndefined();
    expect(rulesOf(noAccount.findings)).toEqual(rulesOf(result.findings));
  });
});

describe("values known only after apply", () => {
  const result = scan("unknown-values-plan.json");

  it("are input errors naming the resource, at its line; the other resources are still evaluated", () => {
    expect(result.errors).toEqual([
      {
        file: result.file,
        line: result.parsed.lineOf("/planned_values/root_module/resources/1/values"),
        message: expect.stringMatching(/^aws_iam_role_policy\.cursor_agent: policy is known only after apply/),
      },
      {
        file: result.file,
        line: result.parsed.lineOf("/planned_values/root_module/resources/3/values"),
        message: expect.stringMatching(/^aws_iam_role_policy_attachment\.mystery: policy_arn is known only after apply/),
      },
    ]);
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.kiro_agent", "agent-privilege-escalation aws_iam_role.kiro_agent"]);
    // Cited where managed_policy_arns names AdministratorAccess.
    const cited = result.findings[0]?.evidence.find((e) => e.arn === "arn:aws:iam::aws:policy/AdministratorAccess");
    const written = "/planned_values/root_module/resources/2/values/managed_policy_arns/0";
    expect(cited).toMatchObject({ pointer: `${written}/Statement/0`, line: result.parsed.lineOf(written) });
  });

  it("a boundary known only after apply is the plan's policy the configuration names", () => {
    const claude = result.read.input.principals.find((p) => p.name === "claude-readonly");
    expect(claude?.boundary).toMatchObject({ name: "agent-readonly-boundary" });
    expect(result.findings.some((f) => f.subject === "aws_iam_role.claude_readonly")).toBe(false);
  });

  it("a boundary it cannot name is unresolved: the agent is judged unbounded", () => {
    const cut = scan("unknown-values-plan.json", (v) => delete v["configuration"]);
    expect(cut.read.input.principals.find((p) => p.name === "claude-readonly")?.boundary).toBe("unresolved");
    expect(cut.findings.some((f) => f.subject === "aws_iam_role.claude_readonly" && f.rule === "agent-destructive-prod")).toBe(true);
  });

  it("the text terraform show prints for one, (known after apply), is unknown too", () => {
    const printed = scan("unknown-values-plan.json", (v) => {
      const resources = (v["planned_values"] as { root_module: { resources: { values: Record<string, unknown> }[] } }).root_module.resources;
      (resources[0] as { values: Record<string, unknown> }).values["assume_role_policy"] = "(known after apply)";
    });
    expect(printed.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/^aws_iam_role\.cursor_agent: assume_role_policy is known only after apply/));
  });
});

describe("an aws_iam_policy_document read only at apply (its resources are a bucket the plan creates)", () => {
  const result = scan("policy-document-data-plan.json");

  it("is read from the plan's data source: an unknown resource of an Allow is any resource, a Deny with one is dropped (fail closed)", () => {
    expect(result.errors).toEqual([]);
    // s3:PutObject on that any resource reaches the CDK asset and Glue script buckets as well.
    expect(rulesOf(result.findings)).toEqual(["agent-destructive-prod aws_iam_role.agent", "agent-privilege-escalation aws_iam_role.agent"]);
    const finding = result.findings.find((f) => f.rule === "agent-destructive-prod");
    // The Deny of s3:DeleteBucket names the same unknown bucket: it cannot be shown to deny anything.
    expect(finding?.actions).toEqual(["s3:DeleteBucket", "s3:DeleteObject"]);
    const pointer = "/resource_changes/3/change/after/statement/0";
    expect(finding?.evidence[0]).toMatchObject({ file: result.file, pointer, line: result.parsed.lineOf(pointer), policyName: "data" });
    expect(finding?.evidence[0]?.note).toContain("data.aws_iam_policy_document.data");
  });

  it("unknown actions, or a document merged from others, stay input errors", () => {
    const unknownActions = scan("policy-document-data-plan.json", (v) => {
      const change = (v["resource_changes"] as { change: { after: { statement: { actions: unknown[] }[] }; after_unknown: { statement: { actions: unknown[] }[] } } }[])[3];
      if (change) {
        change.change.after.statement[0]!.actions = [null];
        change.change.after_unknown.statement[0]!.actions = [true];
      }
    });
    expect(unknownActions.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^aws_iam_role_policy\.data: policy is known only after apply.*data\.aws_iam_policy_document\.data: statement 0's actions are known only after apply/)]);
    const merged = scan("policy-document-data-plan.json", (v) => {
      const change = (v["resource_changes"] as { change: { after: Record<string, unknown> } }[])[3];
      if (change) change.change.after["source_policy_documents"] = ["{}"];
    });
    expect(merged.errors.map((e) => e.message)).toEqual([expect.stringContaining("source_policy_documents")]);
  });
});

test("a trust policy document whose principal is known only after apply admits any principal of its type, named as such", () => {
  const empty = { condition: [], not_actions: [], not_principals: [], not_resources: [], resources: [] };
  const plan = {
    format_version: "1.2",
    planned_values: { root_module: { resources: [{ address: "aws_iam_role.deployer", mode: "managed", type: "aws_iam_role", name: "deployer", values: { name: "deployer" } }] } },
    resource_changes: [
      { address: "aws_iam_role.deployer", mode: "managed", type: "aws_iam_role", name: "deployer", change: { after_unknown: { assume_role_policy: true } } },
      {
        address: "data.aws_iam_policy_document.trust",
        mode: "data",
        type: "aws_iam_policy_document",
        name: "trust",
        change: {
          actions: ["read"],
          after: { statement: [{ ...empty, actions: ["sts:AssumeRole"], effect: "Allow", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:role/ops", null] }] }] },
          after_unknown: { json: true, statement: [{ principals: [{ identifiers: [false, true] }] }] },
        },
      },
    ],
    configuration: { root_module: { resources: [{ address: "aws_iam_role.deployer", type: "aws_iam_role", name: "deployer", expressions: { assume_role_policy: { references: ["data.aws_iam_policy_document.trust.json", "data.aws_iam_policy_document.trust"] } } }] } },
  };
  const read = readTerraformJson(plan, "p.json");
  expect(read.errors).toEqual([]);
  const trust = read.input.principals[0]?.trustPolicy;
  expect(trust?.document).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { AWS: ["*", "arn:aws:iam::111111111111:role/ops"] } }] });
  expect(trust?.unresolvedPrincipals).toEqual(["the principals of statement 0 of data.aws_iam_policy_document.trust (known only after apply)"]);
});

describe("terraform show -json of state, with a child module", () => {
  const result = scan("agentcore-state.json");

  it("flags the AgentCore runtime role's inline DeleteTable and the agent user's group policy", () => {
    expect(result.errors).toEqual([]);
    expect(rulesOf(result.findings)).toEqual([
      "agent-destructive-prod arn:aws:iam::111111111111:role/orders-runtime",
      "agent-privilege-escalation arn:aws:iam::111111111111:user/cursor-bot",
    ]);
    const destructive = result.findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.evidence[0]).toMatchObject({
      file: result.file,
      pointer: "/values/root_module/child_modules/0/resources/1/values/policy/Statement/0",
      policyName: "orders-table",
      note: "Terraform resource module.agentcore.aws_iam_role_policy.orders",
    });
  });
});

describe("a state file as Terraform writes it (terraform.tfstate, terraform state pull: version 4)", () => {
  it("reaches the verdicts of terraform show -json of the same state, citing each instance's attributes", () => {
    const raw = scan("agentcore.tfstate");
    const shown = scan("agentcore-state.json");
    expect(raw.errors).toEqual([]);
    expect(rulesOf(raw.findings)).toEqual(rulesOf(shown.findings));
    const destructive = raw.findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.evidence[0]).toMatchObject({ pointer: "/resources/7/instances/0/attributes/policy/Statement/0", note: "Terraform resource module.agentcore.aws_iam_role_policy.orders" });
  });

  it("is told apart from Terraform's backend file (.terraform/terraform.tfstate), which holds no resources", () => {
    expect(isTerraformJson({ version: 3, serial: 1, lineage: "x", backend: { type: "s3", config: {} } })).toBe(false);
    expect(isTerraformJson({ version: 4, terraform_version: "1.9.8", serial: 1, lineage: "x", resources: [] })).toBe(true);
  });
});

describe("detection and bad input", () => {
  it("is detected by content: a plan, a state, a plan cut to its resource changes; not a bare format_version", () => {
    expect(isTerraformJson({ format_version: "1.2", planned_values: { root_module: {} } })).toBe(true);
    expect(isTerraformJson({ format_version: "1.0", values: { root_module: {} } })).toBe(true);
    expect(isTerraformJson({ format_version: "1.2", resource_changes: [] })).toBe(true);
    expect(isTerraformJson({ format_version: "1.0" })).toBe(false);
    expect(isTerraformJson({ planned_values: { root_module: {} } })).toBe(false);
  });

  it("resources that are not a list, or an entry without an address, are errors naming where (nothing passes unread)", () => {
    const bad = readTerraformJson({ format_version: "1.2", planned_values: { root_module: { resources: {}, child_modules: [{ address: "module.a", resources: [{ type: "aws_iam_role" }] }] } } }, "p.json");
    expect(bad.errors.map((e) => e.message)).toEqual([
      "resources of the root module is not a list: its resources were not evaluated",
      "resource entry has no address or type: it was not evaluated",
    ]);
    const children = readTerraformJson({ format_version: "1.2", planned_values: { root_module: { child_modules: { address: "module.agent" } } } }, "p.json");
    expect(children.errors.map((e) => e.message)).toEqual(["child_modules of the root module is not a list: their resources were not evaluated"]);
  });

  it("a plan cut to resource_changes is read from each change's after", () => {
    const plan = JSON.parse(readFileSync(new URL("unknown-values-plan.json", FIXTURES), "utf8")) as Record<string, unknown>;
    delete plan["planned_values"];
    const read = readTerraformJson(plan, "p.json");
    expect(read.input.principals.map((p) => p.name).sort()).toEqual(["claude-readonly", "cursor-agent-runner", "kiro-agent-runner"]);
    expect(read.errors.map((e) => e.message.split(":")[0])).toEqual(["aws_iam_role_policy.cursor_agent", "aws_iam_role_policy_attachment.mystery"]);
  });

  it("a role without a name gets Terraform's generated one (terraform-…), not an error", () => {
    const plan = JSON.parse(readFileSync(new URL("unknown-values-plan.json", FIXTURES), "utf8")) as { planned_values: { root_module: { resources: { values: Record<string, unknown> }[] } }; resource_changes: { change: { after_unknown: Record<string, unknown> } }[]; configuration: { root_module: { resources: { expressions: Record<string, unknown> }[] } } };
    delete plan.planned_values.root_module.resources[0]?.values["name"];
    (plan.resource_changes[0] as { change: { after_unknown: Record<string, unknown> } }).change.after_unknown["name"] = true;
    delete plan.configuration.root_module.resources[0]?.expressions["name"];
    const read = readTerraformJson(plan, "p.json");
    expect(read.input.principals.find((p) => p.subject === "aws_iam_role.cursor_agent")?.name).toBe("terraform-*");
    expect(read.errors.map((e) => e.message.split(":")[0])).toEqual(["aws_iam_role_policy.cursor_agent", "aws_iam_role_policy_attachment.mystery"]);
  });

  it("roles of one name_prefix (count = 2) or of one name in two accounts are each judged, none hidden by the other", () => {
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const admin = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
    const resource = (address: string, type: string, values: Record<string, unknown>) => ({ address, mode: "managed", type, name: address.split(".")[1]?.split("[")[0], values });
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            resource("aws_iam_role.runtime[0]", "aws_iam_role", { name_prefix: "runtime-", assume_role_policy: trust }),
            resource("aws_iam_role.runtime[1]", "aws_iam_role", { name_prefix: "runtime-", assume_role_policy: trust, inline_policy: [{ name: "admin", policy: admin }] }),
            resource("aws_iam_role.same[0]", "aws_iam_role", { name: "orders-runtime", arn: "arn:aws:iam::111111111111:role/orders-runtime", assume_role_policy: trust }),
            resource("aws_iam_role.same[1]", "aws_iam_role", { name: "orders-runtime", arn: "arn:aws:iam::333333333333:role/orders-runtime", assume_role_policy: trust, inline_policy: [{ name: "admin", policy: admin }] }),
          ],
        },
      },
    };
    const read = readTerraformJson(plan, "p.json");
    expect(read.errors).toEqual([]);
    expect(read.input.principals.map((p) => `${p.subject} ${p.policies.length}`)).toEqual([
      "aws_iam_role.runtime[0] 0",
      "aws_iam_role.runtime[1] 1",
      "arn:aws:iam::111111111111:role/orders-runtime 0",
      "arn:aws:iam::333333333333:role/orders-runtime 1",
    ]);
  });

  it("a list partly known only after apply keeps its known entries: the role and the policy written by name are judged", () => {
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_iam_policy.reports", mode: "managed", type: "aws_iam_policy", name: "reports", values: { name: "reports", policy: doc } },
            { address: "aws_iam_role.new", mode: "managed", type: "aws_iam_role", name: "new", values: { name: "new-runtime", assume_role_policy: trust, managed_policy_arns: [null, admin] } },
            // An existing agent role named in the same attachment as a role created by this plan.
            { address: "aws_iam_policy_attachment.shared", mode: "managed", type: "aws_iam_policy_attachment", name: "shared", values: { name: "shared", policy_arn: admin, roles: [null, "claude-code-existing"] } },
          ],
        },
      },
      resource_changes: [
        { address: "aws_iam_policy.reports", change: { after_unknown: { arn: true } } },
        { address: "aws_iam_role.new", change: { after_unknown: { arn: true, managed_policy_arns: [true, false] } } },
        { address: "aws_iam_policy_attachment.shared", change: { after_unknown: { roles: [true, false] } } },
      ],
      configuration: {
        root_module: {
          resources: [
            { address: "aws_iam_role.new", type: "aws_iam_role", name: "new", expressions: { managed_policy_arns: { references: ["aws_iam_policy.reports.arn", "aws_iam_policy.reports"] } } },
            { address: "aws_iam_policy_attachment.shared", type: "aws_iam_policy_attachment", name: "shared", expressions: { roles: { references: ["aws_iam_role.new.name", "aws_iam_role.new"] } } },
          ],
        },
      },
    };
    const read = readTerraformJson(plan, "p.json");
    expect(read.errors).toEqual([]);
    const byName = Object.fromEntries(read.input.principals.map((p) => [p.name, p]));
    expect(byName["new-runtime"]?.policies.map((p) => p.name)).toEqual(["reports"]);
    expect(byName["new-runtime"]?.unresolvedPolicies?.map((u) => u.arn)).toEqual([admin, admin]);
    expect(byName["claude-code-existing"]?.unresolvedPolicies?.map((u) => u.arn)).toEqual([admin]);
    // Nothing in the configuration says where the unknown entry comes from: an error, the known entries still read.
    delete (plan as { configuration?: unknown }).configuration;
    const cut = readTerraformJson(plan, "p.json");
    expect(cut.errors.map((e) => e.message.split(", so")[0])).toEqual([
      "aws_iam_role.new: managed_policy_arns is known only after apply",
      "aws_iam_policy_attachment.shared: roles is known only after apply",
    ]);
    expect(cut.input.principals.find((p) => p.name === "claude-code-existing")?.unresolvedPolicies?.map((u) => u.arn)).toEqual([admin]);
    expect(cut.input.principals.find((p) => p.name === "new-runtime")?.unresolvedPolicies?.map((u) => u.arn)).toEqual([admin]);
  });
});

describe("a plan that says it did not plan everything (verdicts: the fixture README)", () => {
  it("an errored plan (terraform plan failed and saved the partial plan) is an input error at errored; what it did plan is still evaluated", () => {
    const result = scan("errored-plan.json");
    expect(result.errors.map((e) => e.message.split(":")[0])).toEqual(["the plan errored"]);
    expect(result.errors[0]?.line).toBe(result.parsed.lineOf("/errored"));
    expect(result.errors[0]?.file).toBe(result.file);
    expect(result.read.input.principals.map((p) => p.name)).toEqual(["claude-code-deployer"]);
  });

  it("an errored plan that planned nothing (OpenTofu's shape: no applyable or complete) is an input error, not an empty pass", () => {
    const empty = { format_version: "1.2", planned_values: { root_module: {} }, prior_state: {}, configuration: { root_module: { resources: [{ address: "aws_iam_role.agent", mode: "managed", type: "aws_iam_role", name: "agent" }] } }, errored: true };
    expect(isTerraformJson(empty)).toBe(true);
    expect(readTerraformJson(empty, "p.json").errors.map((e) => e.message.split(":")[0])).toEqual(["the plan errored"]);
    expect(readTerraformJson({ ...empty, errored: false }, "p.json").errors).toEqual([]);
  });

  it("a deferred change of an IAM resource is an input error naming its address and why Terraform deferred it; the rest is evaluated", () => {
    const result = scan("deferred-plan.json");
    expect(result.errors.map((e) => e.message.split(": ")[0])).toEqual(["aws_iam_role_policy_attachment.agent[*] was deferred to a later plan (instance_count_unknown)"]);
    expect(result.errors[0]?.line).toBe(result.parsed.lineOf("/deferred_changes/0"));
    expect(result.read.input.principals.map((p) => p.name)).toEqual(["claude-code-deployer"]);
  });

  it("a deferred change of another type is no IAM left unread; one whose type cannot be read, or a deferred_changes that is no list, is an error", () => {
    const edit = (changes: unknown) => (v: Record<string, unknown>) => void (v["deferred_changes"] = changes);
    const bucket = { reason: "resource_config_unknown", resource_change: { address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", change: { actions: ["create"] } } };
    expect(scan("deferred-plan.json", edit([bucket])).errors).toEqual([]);
    const policyDocument = { reason: "deferred_prereq", resource_change: { address: "data.aws_iam_policy_document.deploy", mode: "data", type: "aws_iam_policy_document", name: "deploy", change: { actions: ["read"] } } };
    expect(scan("deferred-plan.json", edit([bucket, policyDocument])).errors.map((e) => e.message.split(": ")[0])).toEqual(["data.aws_iam_policy_document.deploy was deferred to a later plan (deferred_prereq)"]);
    expect(scan("deferred-plan.json", edit([{ reason: "unknown" }])).errors.map((e) => e.message.split(": ")[0])).toEqual(["deferred change 0 was deferred to a later plan (unknown)"]);
    expect(scan("deferred-plan.json", edit({ "aws_iam_role_policy_attachment.agent[*]": {} })).errors.map((e) => e.message.split(":")[0])).toEqual(["deferred_changes is not a list"]);
  });

  it("an incomplete plan that neither errored nor deferred anything (terraform plan -target) is evaluated as it is", () => {
    const targeted = scan("deferred-plan.json", (v) => delete v["deferred_changes"]);
    expect(targeted.errors).toEqual([]);
  });
});

test("terraform plan -json's UI messages: the first planned change of an IAM resource (OpenTofu's too), by its type, else its address, else any", () => {
  const planned = (module: string, resource: Record<string, unknown>) => ({ "@module": module, type: "planned_change", change: { action: "create", resource } });
  const bucket = planned("terraform.ui", { addr: "aws_s3_bucket.logs", resource_type: "aws_s3_bucket" });
  expect(unreadTerraformUiChange([{ "@module": "terraform.ui", type: "version" }, bucket])).toBeUndefined();
  expect(unreadTerraformUiChange([bucket, planned("tofu.ui", { addr: "module.agent.aws_iam_role.this[0]", resource_type: "aws_iam_role" })])).toEqual({ pointer: "/1", address: "module.agent.aws_iam_role.this[0]" });
  expect(unreadTerraformUiChange([planned("terraform.ui", { addr: "module.agent.aws_iam_role_policy.x" })])).toEqual({ pointer: "/0", address: "module.agent.aws_iam_role_policy.x" });
  expect(unreadTerraformUiChange([planned("terraform.ui", {})])).toEqual({ pointer: "/0", address: "message 0" });
  // Another tool's log lines are not Terraform's UI.
  expect(unreadTerraformUiChange([{ type: "planned_change", change: { resource: { resource_type: "aws_iam_role" } } }])).toBeUndefined();
});
