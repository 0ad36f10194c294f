import { checkAgentPermissions, newFindings, type AgentPermissionsInput } from "../../../src/github/checks/agent-permissions.js";
import type { ChangedFile } from "../../../src/github/checks/types.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { agentRoleTemplate, ALL_DYNAMODB, READ_ORDERS } from "../helpers.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

const doc = (statements: unknown[]): string => `${JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2)}\n`;
const readOnly = READ_ORDERS;
const wide = ALL_DYNAMODB;

function pr(files: ChangedFile[], head: Record<string, string>, base: Record<string, string>, extra: Partial<AgentPermissionsInput> = {}): AgentPermissionsInput {
  return { policy, catalogue, files, filesComplete: true, read: async (side, path) => (side === "head" ? head : base)[path], ...extra };
}

const file = "infra/policies/kiro-agent.json";

test("a PR that adds dynamodb:* on * to the agent policy fails with an annotation on the statement's line", async () => {
  const head = doc([readOnly, wide]);
  const out = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: head }, { [file]: doc([readOnly]) }));
  expect(out.conclusion).toBe("failure");
  expect(out.newFindings.map((f) => f.rule)).toContain("agent-destructive-prod");
  const lines = head.split("\n");
  const wideLine = lines.findIndex((l) => l.includes('"AgentData"')) + 1;
  const annotation = out.annotations.find((a) => a.title === "agent-destructive-prod");
  expect(annotation).toMatchObject({ path: file, annotation_level: "failure" });
  // The annotation points into the added statement (its opening brace or a line of it).
  expect(annotation?.start_line).toBeGreaterThanOrEqual(wideLine - 1);
  expect(annotation?.start_line).toBeLessThanOrEqual(wideLine + 3);
  expect(annotation?.message).toContain("dynamodb:DeleteTable");
});

test("an account snapshot (get-account-authorization-details) changed in the PR is evaluated too: a role it newly gives dynamodb:* fails", async () => {
  const snapshot = (statements: unknown[]): string =>
    `${JSON.stringify(
      {
        UserDetailList: [],
        GroupDetailList: [],
        Policies: [],
        RoleDetailList: [
          {
            Path: "/",
            RoleName: "kiro-agent",
            RoleId: "AROA00000000000000001",
            Arn: "arn:aws:iam::111111111111:role/kiro-agent",
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            RolePolicyList: [{ PolicyName: "agent", PolicyDocument: { Version: "2012-10-17", Statement: statements } }],
            AttachedManagedPolicies: [],
            Tags: [],
          },
        ],
      },
      null,
      2,
    )}\n`;
  const path = "accounts/111111111111.authorization-details.json";
  const out = await checkAgentPermissions(pr([{ path, status: "modified" }], { [path]: snapshot([readOnly, wide]) }, { [path]: snapshot([readOnly]) }));
  expect(out.conclusion).toBe("failure");
  expect(out.newFindings).toEqual([expect.objectContaining({ rule: "agent-destructive-prod", subject: "arn:aws:iam::111111111111:role/kiro-agent" })]);
});

test("a PR that narrows dynamodb:* to reads passes (nothing new)", async () => {
  const out = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: doc([readOnly]) }, { [file]: doc([readOnly, wide]) }));
  expect(out.conclusion).toBe("success");
  expect(out.annotations).toEqual([]);
});

test("a pass with findings the base already had counts them and lists nothing as suppressed", async () => {
  const same = doc([readOnly, wide]);
  const out = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: `${same}\n` }, { [file]: same }));
  expect(out.conclusion).toBe("success");
  expect(out.summary).toMatch(/^\*\*PASS\*\*: No new destructive or escalation access for agents \([1-9]\d* finding\(s\) at the head, none of them new compared with the base\)\.$/);
  expect(out.summary).not.toContain("**Suppressed**");
});

test("a wide policy already on the base is not new; a newly added file is", async () => {
  const same = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: doc([wide, readOnly]) }, { [file]: doc([wide]) }));
  expect(same.conclusion).toBe("success");
  const added = await checkAgentPermissions(pr([{ path: file, status: "added" }], { [file]: doc([wide]) }, {}));
  expect(added.conclusion).toBe("failure");
});

test("a rename keeps the base findings comparable", async () => {
  const out = await checkAgentPermissions(pr([{ path: "iam/agent.json", previousPath: file, status: "renamed" }], { "iam/agent.json": doc([wide]) }, { [file]: doc([wide]) }));
  expect(out.conclusion).toBe("success");
});

test("PRs without templates or policies succeed and say why", async () => {
  const out = await checkAgentPermissions(pr([{ path: "src/app.ts", status: "modified" }, { path: "package.json", status: "modified" }], { "package.json": '{"name":"x"}' }, { "package.json": '{"name":"y"}' }));
  expect(out).toMatchObject({ conclusion: "success", title: "No CloudFormation templates or IAM policy files changed" });
});

test("the pass without templates or policies carries no annotations and no new findings", async () => {
  const out = await checkAgentPermissions(pr([{ path: "package.json", status: "modified" }], { "package.json": '{"name":"x"}' }, { "package.json": '{"name":"y"}' }));
  expect(out.annotations).toEqual([]);
  expect(out.newFindings).toEqual([]);
});

test("a changed JSON/YAML file that neither parses nor looks like a template or policy is skipped: no input error, nothing to judge", async () => {
  const notes = "docs/notes.yaml";
  const out = await checkAgentPermissions(pr([{ path: notes, status: "modified" }], { [notes]: "owners: [platform\n" }, { [notes]: "owners: [platform]\n" }));
  expect(out).toMatchObject({ conclusion: "success", title: "No CloudFormation templates or IAM policy files changed", annotations: [] });
});

test("a policy file missing at the base (listed as modified) is judged against nothing: all its findings are new", async () => {
  const out = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: doc([readOnly, wide]) }, {}));
  expect(out.conclusion).toBe("failure");
  expect(out.newFindings.map((f) => f.rule)).toContain("agent-destructive-prod");
});

test("new findings that are only warnings are neutral, neither a pass nor a failure", async () => {
  const template = "infra/orders.template.json";
  const warning = { rule: "agent-destructive-prod" as const, severity: "warning" as const, message: "kiro-agent may delete the orders table", subject: "Role", actions: ["dynamodb:DeleteTable"], evidence: [{ file: template, line: 3 }], suppressed: null };
  const out = await checkAgentPermissions(pr([{ path: template, status: "added" }], { [template]: agentRoleTemplate([readOnly]) }, {}, { evaluateTemplates: () => ({ findings: [warning], errors: [] }) }));
  expect(out.conclusion).toBe("neutral");
  expect(out.newFindings).toEqual([warning]);
  expect(out.title).toBe("1 new agent permission finding");
});

test("fail closed: truncated file list, unparseable policy, unreadable content, template without evaluator", async () => {
  // A change that passes on its own (reads only, as on the base): the truncated list alone fails it.
  const passing = pr([{ path: file, status: "modified" }], { [file]: doc([readOnly]) }, { [file]: doc([readOnly]) });
  expect((await checkAgentPermissions(passing)).conclusion).toBe("success");
  expect(await checkAgentPermissions({ ...passing, filesComplete: false })).toMatchObject({ conclusion: "failure", title: "Changed files incomplete" });
  expect(await checkAgentPermissions(pr([], {}, {}, { filesComplete: false }))).toMatchObject({ conclusion: "failure", title: "Changed files incomplete" });
  const broken = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: '{ "Version": "2012-10-17", "Statement": [ ' }, { [file]: doc([readOnly]) }));
  expect(broken.conclusion).toBe("failure");
  expect(broken.annotations[0]?.title).toBe("cannot be evaluated");
  const unreadable = await checkAgentPermissions(
    pr([{ path: file, status: "modified" }], {}, {}, { read: async () => { throw new Error("HTTP 502"); } }),
  );
  expect(unreadable.conclusion).toBe("failure");
  expect(unreadable.summary).toContain(`**Could not be evaluated** (fail closed)`);
  expect(unreadable.summary).toContain(`cannot read ${file} at the head SHA: HTTP 502`);
  const template = JSON.stringify({ Resources: { Role: { Type: "AWS::IAM::Role", Properties: {} } } });
  const noEvaluator = await checkAgentPermissions(pr([{ path: "t.template.json", status: "modified" }], { "t.template.json": template }, { "t.template.json": template }, { evaluateTemplates: null }));
  expect(noEvaluator.conclusion).toBe("failure");
  expect(noEvaluator.summary).toContain("t.template.json: CloudFormation template changed but no template evaluator is available: cannot be evaluated (fail closed)");
});

test("a file the base branch cannot give is said in the summary: every head finding of it counts as new", async () => {
  const out = await checkAgentPermissions(
    pr([{ path: file, status: "modified" }], { [file]: doc([readOnly, wide]) }, {}, { read: async (side, path) => (side === "head" ? doc([readOnly, wide]) : Promise.reject(new Error(`HTTP 502 for ${path}`))) }),
  );
  expect(out.conclusion).toBe("failure");
  expect(out.summary).toContain("\n\nBase branch: 1 file(s) could not be evaluated; every head finding of those files counts as new.");
});

test("newFindings compares rule + subject + actions", () => {
  const f = (actions: string[]) => ({ rule: "agent-destructive-prod" as const, severity: "error" as const, message: "m", subject: "s", actions, evidence: [], suppressed: null });
  expect(newFindings([f(["dynamodb:DeleteTable"])], [f(["dynamodb:DeleteTable", "dynamodb:DeleteItem"])])).toEqual([]);
  expect(newFindings([f(["dynamodb:DeleteTable", "s3:DeleteBucket"])], [f(["dynamodb:DeleteTable"])])).toHaveLength(1);
  expect(newFindings([f(["x:Y"])], [{ ...f(["x:Y"]), subject: "other" }])).toHaveLength(1);
});

test("newFindings: a base finding that was suppressed grants nothing; a head finding without actions is new unless the base had one; actions compare without case; suppressed head findings are never new", () => {
  const f = (actions: string[] | undefined, suppressed: boolean = false) => ({
    rule: "agent-privilege-escalation" as const,
    severity: "error" as const,
    message: "m",
    subject: "s",
    ...(actions ? { actions } : {}),
    evidence: [],
    suppressed: suppressed ? { reason: "break-glass role (OPS-1)", by: "config" } : null,
  });
  expect(newFindings([f(["iam:PassRole"])], [f(["iam:PassRole"], true)])).toHaveLength(1);
  expect(newFindings([f(undefined)], [f(["iam:PassRole"])])).toHaveLength(1);
  expect(newFindings([f(undefined)], [f(undefined)])).toEqual([]);
  expect(newFindings([f(["IAM:passrole"])], [f(["iam:PassRole"])])).toEqual([]);
  expect(newFindings([f(["iam:PassRole"], true)], [])).toEqual([]);
});

test("CloudFormation: adding dynamodb:* on * to an agent role fails with an annotation in the role's policy; narrowing passes", async () => {
  const t = "cdk.out/ShopProdStack.template.json";
  const head = agentRoleTemplate([readOnly, wide]);
  const out = await checkAgentPermissions(pr([{ path: t, status: "modified" }], { [t]: head }, { [t]: agentRoleTemplate([readOnly]) }));
  expect(out.conclusion).toBe("failure");
  const annotation = out.annotations.find((a) => a.title === "agent-destructive-prod");
  expect(annotation?.path).toBe(t);
  const policyStart = head.split("\n").findIndex((l) => l.includes('"Policies"')) + 1;
  expect(annotation?.start_line).toBeGreaterThan(policyStart);
  const narrowed = await checkAgentPermissions(pr([{ path: t, status: "modified" }], { [t]: agentRoleTemplate([readOnly]) }, { [t]: head }));
  expect(narrowed.conclusion).toBe("success");
});

test("a suppression in the base branch's config waives a new finding; the finding stays visible as suppressed", async () => {
  const head = doc([readOnly, wide]);
  const files: ChangedFile[] = [{ path: file, status: "modified" }];
  const first = await checkAgentPermissions(pr(files, { [file]: head }, { [file]: doc([readOnly]) }));
  const subject = first.newFindings[0]?.subject ?? "";
  expect(subject).not.toBe("");
  const waived = resolvePolicy(
    parseUserConfig(".github/agent-guardrail.yml", `suppressions:\n  - rule: agent-destructive-prod\n    subject: "${subject}"\n    reason: "break-glass migration of the orders table, INC-2291"\n    expires: "2099-01-01"\n`),
  );
  const rest = first.newFindings.filter((f) => f.rule !== "agent-destructive-prod");
  const out = await checkAgentPermissions(pr(files, { [file]: head }, { [file]: doc([readOnly]) }, { policy: waived }));
  expect(out.newFindings.map((f) => f.rule)).toEqual(rest.map((f) => f.rule));
  expect(out.annotations.some((a) => a.title === "agent-destructive-prod")).toBe(false);
  expect(out.summary).toContain("\n\n**Suppressed** (audit trail)\n"); // a section of its own
  expect(out.summary).toContain("break-glass migration of the orders table, INC-2291");
  // An expired waiver suppresses nothing.
  const expired = resolvePolicy(
    parseUserConfig(".github/agent-guardrail.yml", `suppressions:\n  - rule: agent-destructive-prod\n    subject: "${subject}"\n    reason: "break-glass migration of the orders table, INC-2291"\n    expires: "2020-01-01"\n`),
  );
  const stillFails = await checkAgentPermissions(pr(files, { [file]: head }, { [file]: doc([readOnly]) }, { policy: expired }));
  expect(stillFails.conclusion).toBe("failure");
  expect(stillFails.annotations.some((a) => a.title === "agent-destructive-prod")).toBe(true);
});

test("the title counts new findings and input errors together, and input errors alone", async () => {
  const brokenFile = "infra/policies/broken.json";
  const broken = '{ "Version": "2012-10-17", "Statement": [ ';
  const both = await checkAgentPermissions(
    pr([{ path: file, status: "added" }, { path: brokenFile, status: "added" }], { [file]: doc([wide]), [brokenFile]: broken }, {}),
  );
  expect(both.conclusion).toBe("failure");
  expect(both.title).toMatch(/^\d+ new agent permission findings?, 1 input error$/);
  const two = await checkAgentPermissions(
    pr([{ path: brokenFile, status: "added" }, { path: "infra/policies/broken2.json", status: "added" }], { [brokenFile]: broken, "infra/policies/broken2.json": broken }, {}),
  );
  expect(two).toMatchObject({ conclusion: "failure", title: "2 input errors: not everything could be evaluated" });
  const one = await checkAgentPermissions(pr([{ path: brokenFile, status: "added" }], { [brokenFile]: broken }, {}));
  expect(one).toMatchObject({ conclusion: "failure", title: "1 input error: not everything could be evaluated" });
});

describe("a file the rules fail on unexpectedly is that file's error; the other files are still judged", () => {
  /** The real catalogue, except that GameLift's action list cannot be read. */
  const brokenGameLift = {
    ...catalogue,
    services: new Proxy(catalogue.services, {
      get(target, key, receiver) {
        if (key === "gamelift") throw new TypeError("gamelift actions unreadable");
        return Reflect.get(target, key, receiver) as unknown;
      },
    }),
  };
  const internal = (path: string, cause: string) => ({
    path,
    start_line: 1,
    end_line: 1,
    annotation_level: "failure",
    title: "cannot be evaluated",
    message: `could not be evaluated (internal error: ${cause}); nothing in it was checked`,
  });
  const errorAnnotations = (out: { annotations: { title?: string }[] }) => out.annotations.filter((a) => a.title === "cannot be evaluated");

  test("policy documents", async () => {
    const fleets = "infra/policies/fleet-agent.json";
    const head = { [file]: doc([readOnly, wide]), [fleets]: doc([{ Sid: "Fleets", Effect: "Allow", Action: "gamelift:DeleteFleet", Resource: "*" }]) };
    const files: ChangedFile[] = [
      { path: fleets, status: "added" },
      { path: file, status: "modified" },
    ];
    const out = await checkAgentPermissions(pr(files, head, { [file]: doc([readOnly]) }, { catalogue: brokenGameLift }));
    expect(out.conclusion).toBe("failure");
    expect(errorAnnotations(out)).toEqual([internal(fleets, "gamelift actions unreadable")]);
    expect(out.title).toBe("1 new agent permission finding, 1 input error");
    expect(out.newFindings.some((f) => f.rule === "agent-destructive-prod" && f.actions?.includes("dynamodb:DeleteTable"))).toBe(true);
  });

  test("templates: evaluated together first, then one by one, so the failing template is named", async () => {
    const { evaluateTemplates } = await import("../../../src/core/cfn/evaluate.js");
    const broken = "infra/broken.template.json";
    const orders = "infra/orders.template.json";
    const evaluator: NonNullable<AgentPermissionsInput["evaluateTemplates"]> = (set, p, c) => {
      if (set.some((t) => t.file === broken)) throw new TypeError("Cannot read properties of undefined (reading 'Properties')");
      return evaluateTemplates(set, p, c);
    };
    const head = { [broken]: agentRoleTemplate([readOnly]), [orders]: agentRoleTemplate([readOnly, wide]) };
    const files: ChangedFile[] = [
      { path: broken, status: "added" },
      { path: orders, status: "added" },
    ];
    const out = await checkAgentPermissions(pr(files, head, {}, { evaluateTemplates: evaluator }));
    expect(out.conclusion).toBe("failure");
    expect(errorAnnotations(out)).toEqual([internal(broken, "Cannot read properties of undefined (reading 'Properties')")]);
    expect(out.summary).toContain("**Could not be evaluated** (fail closed)");
    expect(out.newFindings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.evidence[0]?.file)).toEqual([orders]);
  });
});

describe("every file name a template or policy is kept under", () => {
  // JSON is YAML: the same template text serves for each extension.
  test.each(["infra/orders.template", "infra/orders.yml", "infra/orders.yaml", "infra/ORDERS.JSON"])("%s: a role newly given dynamodb:* on * fails", async (path) => {
    const out = await checkAgentPermissions(pr([{ path, status: "modified" }], { [path]: agentRoleTemplate([readOnly, wide]) }, { [path]: agentRoleTemplate([readOnly]) }));
    expect(out.conclusion).toBe("failure");
    expect(out.newFindings.map((f) => f.rule)).toContain("agent-destructive-prod");
  });

  test("a file of another kind is not read", async () => {
    const path = "infra/orders.template.bak";
    const out = await checkAgentPermissions(pr([{ path, status: "modified" }], { [path]: agentRoleTemplate([readOnly, wide]) }, { [path]: agentRoleTemplate([readOnly]) }));
    expect(out.newFindings).toEqual([]);
  });
});

test("a saved get-template answer changed in the PR is judged as the template it holds, annotated inside the answer", async () => {
  // `aws cloudformation get-template --stack-name orders-prod > stacks/orders-prod.json`, committed (test/fixtures/cfn/cli-answers).
  const template = (statements: unknown[]) => ({
    Resources: {
      AgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "kiro-agent", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } } },
      AgentPolicy: { Type: "AWS::IAM::Policy", Properties: { PolicyName: "agent", Roles: [{ Ref: "AgentRole" }], PolicyDocument: { Version: "2012-10-17", Statement: statements } } },
    },
  });
  const answer = (statements: unknown[]) => `${JSON.stringify({ TemplateBody: template(statements), StagesAvailable: ["Original", "Processed"] }, null, 4)}\n`;
  const path = "stacks/orders-prod.json";
  const head = answer([readOnly, wide]);
  const out = await checkAgentPermissions(pr([{ path, status: "modified" }], { [path]: head }, { [path]: answer([readOnly]) }));
  expect(out.conclusion).toBe("failure");
  const finding = out.newFindings.find((f) => f.rule === "agent-destructive-prod");
  expect(finding?.evidence[0]).toMatchObject({ file: path, pointer: "/TemplateBody/Resources/AgentPolicy/Properties/PolicyDocument/Statement/1" });
  expect(head.split("\n")[(finding?.evidence[0]?.line ?? 0) - 2]).toMatch(/^\s+\},$/);
  // A YAML template's answer holds its body as text: read too (cited at the body's line).
  const yamlBody = (statements: unknown[]) => `${JSON.stringify({ TemplateBody: `Resources:\n  AgentRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: kiro-agent\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: bedrock.amazonaws.com}, Action: "sts:AssumeRole"}]}\n      Policies:\n        - PolicyName: agent\n          PolicyDocument: ${JSON.stringify({ Version: "2012-10-17", Statement: statements })}\n` }, null, 2)}\n`;
  const yamlOut = await checkAgentPermissions(pr([{ path, status: "modified" }], { [path]: yamlBody([readOnly, wide]) }, { [path]: yamlBody([readOnly]) }));
  expect(yamlOut.conclusion).toBe("failure");
  expect(yamlOut.newFindings.find((f) => f.rule === "agent-destructive-prod")?.evidence[0]).toMatchObject({ file: path, line: 2 });
});

test("a PR whose agent policy names Effect twice in one statement (Allow, then Deny) fails as an input error at the second, as scan reports it, not a pass on the last", async () => {
  // IAM documents no rule for a name given twice; the Terraform provider refuses such JSON
  // (hashicorp/terraform-provider-aws#33570). Read last, this statement was a Deny and passed.
  const head = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "dynamodb:*",\n      "Resource": "*",\n      "Effect": "Deny"\n    }\n  ]\n}\n';
  const out = await checkAgentPermissions(pr([{ path: file, status: "modified" }], { [file]: head }, { [file]: doc([readOnly]) }));
  expect(out.conclusion).toBe("failure");
  expect(out.newFindings).toEqual([]);
  expect(out.annotations).toEqual([expect.objectContaining({ path: file, start_line: 8, message: expect.stringContaining('duplicate key "Effect"') })]);
});

describe("a waiver the pull request writes for its own new access", () => {
  const template = "infra/orders-prod.template.json";
  const withWaiver = (statements: unknown[], reason: string | undefined): string => {
    const value = JSON.parse(agentRoleTemplate(statements)) as { Resources: { KiroAgentRole: Record<string, unknown> } };
    if (reason) value.Resources.KiroAgentRole["Metadata"] = { "agent-guardrail": { suppressions: [{ rule: "agent-destructive-prod", reason }] } };
    return `${JSON.stringify(value, null, 2)}\n`;
  };
  const files: ChangedFile[] = [{ path: template, status: "modified" }];

  it("passes, as every suppressed finding does, but concludes neutral and names it apart from the audit trail", async () => {
    const out = await checkAgentPermissions(pr(files, { [template]: withWaiver([readOnly, wide], "the agent rebuilds the table nightly (OPS-7)") }, { [template]: withWaiver([readOnly], undefined) }));
    expect(out.newFindings).toEqual([]);
    expect(out.conclusion).toBe("neutral");
    expect(out.title).toBe("No new unsuppressed access for agents; 1 new finding suppressed in the pull request's own files");
    const section = out.summary.split("\n\n").find((s) => s.startsWith("**New, and suppressed by this pull request**"));
    expect(section).toContain("the agent rebuilds the table nightly (OPS-7)");
    expect(out.summary).not.toContain("**Suppressed** (audit trail)");
  });

  it("a waiver the base already had, or one the base branch's config gives, is the audit trail only", async () => {
    const head = withWaiver([readOnly, wide], "the agent rebuilds the table nightly (OPS-7)");
    const kept = await checkAgentPermissions(pr(files, { [template]: `${head}\n` }, { [template]: head }));
    expect(kept.conclusion).toBe("success");
    expect(kept.summary).toContain("**Suppressed** (audit trail)");
    expect(kept.summary).not.toContain("suppressed by this pull request");
    const first = await checkAgentPermissions(pr(files, { [template]: withWaiver([readOnly, wide], undefined) }, { [template]: withWaiver([readOnly], undefined) }));
    const subject = first.newFindings.find((f) => f.rule === "agent-destructive-prod")?.subject ?? "";
    expect(subject).not.toBe("");
    const config = resolvePolicy(parseUserConfig(".github/agent-guardrail.yml", `suppressions:\n  - rule: agent-destructive-prod\n    subject: "${subject}"\n    reason: "break-glass migration of the orders table, INC-2291"\n`));
    const byConfig = await checkAgentPermissions(pr(files, { [template]: head }, { [template]: withWaiver([readOnly], undefined) }, { policy: config }));
    expect(byConfig.summary).not.toContain("suppressed by this pull request");
  });
});
