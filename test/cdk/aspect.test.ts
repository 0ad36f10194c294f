import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Aspects, CfnStackSet, LegacyStackSynthesizer, NestedStack, RemovalPolicy, Stack, type AppProps } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Finding } from "../../src/core/finding.js";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { crossStackApp, newApp, prodAndStagingApp, stagesApp, synth, type Message, type Synthesized } from "./apps.js";

const stages = stagesApp();
const crossStack = crossStackApp();
const prodAndStaging = prodAndStagingApp();

const at = (s: Synthesized, level: string, pathPrefix: string): Message[] => s.messages.filter((m) => m.level === level && m.path.startsWith(pathPrefix));
const errorsAt = (s: Synthesized, p: string) => at(s, "error", p).map((m) => m.text);

describe("AgentGuardrails on what CDK users write (Prod stage)", () => {
  test("table.grantFullAccess: one error, on the policy that grants it (not also on the role), with concrete actions and how to suppress", () => {
    const texts = errorsAt(stages, "/Prod/Service/TableAgentRole/DefaultPolicy/Resource");
    expect(texts).toHaveLength(1);
    const [text] = texts;
    expect(text).toMatch(/^\[agent-destructive-prod\] /);
    expect(text).toContain("dynamodb:DeleteTable");
    expect(text).toContain('AgentGuardrails.suppress(construct, "agent-destructive-prod"');
    expect(errorsAt(stages, "/Prod/Service/TableAgentRole/Resource")).toEqual([]);
  });

  test("bucket.grantDelete: s3:DeleteObject", () => {
    expect(errorsAt(stages, "/Prod/Service/BucketAgentRole/DefaultPolicy/Resource").join("\n")).toContain("s3:DeleteObject");
  });

  test("role.addToPolicy: the statement's action", () => {
    expect(errorsAt(stages, "/Prod/Service/InlineAgentRole/DefaultPolicy/Resource").join("\n")).toContain("rds:DeleteDBCluster");
  });

  test("addManagedPolicy(AdministratorAccess): destructive and escalation", () => {
    const texts = errorsAt(stages, "/Prod/Service/AdminAgentRole/Resource").join("\n");
    expect(texts).toContain("[agent-destructive-prod]");
    expect(texts).toContain("[agent-privilege-escalation]");
    expect(texts).toContain("cloudformation:DeleteStack");
  });

  test("an iam.Policy attached later: escalation on the Policy construct", () => {
    const texts = errorsAt(stages, "/Prod/Service/LaterPolicy/Resource").join("\n");
    expect(texts).toContain("[agent-privilege-escalation]");
    expect(texts).toContain("iam:PutRolePolicy");
  });

  test("a read-only permissions boundary and a human deploy role are not flagged", () => {
    expect(stages.messages.filter((m) => /BoundedAgentRole|DeployRole|ReadOnlyBoundary/.test(m.path))).toEqual([]);
  });

  test("Role.fromRoleArn agent: a warning that its other policies are not verifiable; its read grant is judged like any grant (no error), as scan judges it", () => {
    expect(at(stages, "warning", "/Prod/Service/ImportedKiroAgent").map((m) => m.text).join("\n")).toMatch(/not verifiable here\. What this app grants it is judged like any other grant/);
    expect(at(stages, "warning", "/Staging/Service/ImportedKiroAgent").map((m) => m.text).join("\n")).toContain("not verifiable");
    expect(errorsAt(stages, "/Prod/Service/ImportedKiroAgent")).toEqual([]);
    expect(errorsAt(stages, "/Staging/Service/ImportedKiroAgent")).toEqual([]);
  });

  test("production stack without termination protection", () => {
    expect(errorsAt(stages, "/Prod/Service").some((t) => t.startsWith("[prod-resource-unprotected]"))).toBe(true);
  });

  test("suppression with a reason: info, not error, and written to the template metadata", () => {
    expect(errorsAt(stages, "/Prod/Service/BreakGlassAgentRole")).toEqual([]);
    const infos = at(stages, "info", "/Prod/Service/BreakGlassAgentRole").map((m) => m.text);
    expect(infos.join("\n")).toContain("suppressed (break-glass agent");
    const template = stages.assembly.getNestedAssembly("assembly-Prod").getStackByName("Prod-Service").template as { Resources: Record<string, { Metadata?: Record<string, unknown> }> };
    const meta = Object.entries(template.Resources).filter(([id]) => id.startsWith("BreakGlassAgentRole")).map(([, r]) => r.Metadata?.["agent-guardrail"]);
    expect(meta).toContainEqual({ suppressions: [{ rule: "agent-destructive-prod", reason: "break-glass agent, every use is paged to SRE (OPS-123)" }] });
  });
});

describe("production scope, ordering, cross-stack", () => {
  test("the staging stage passes while the production stage fails", () => {
    expect(errorsAt(prodAndStaging, "/Staging/")).toEqual([]);
    expect(errorsAt(prodAndStaging, "/Prod/Orders/AgentRole/DefaultPolicy/Resource").join("\n")).toContain("dynamodb:DeleteTable");
  });

  test("cross-stack reference: a grant on another production stack's table, made after the Aspect was added", () => {
    const texts = errorsAt(crossStack, "/ProdAgents/CodingAgentRole/DefaultPolicy/Resource").join("\n");
    expect(texts).toContain("dynamodb:DeleteTable");
    expect(texts).toContain("of stack ProdData");
  });

  test("Aspect added directly to a stack, grants made afterwards", () => {
    const { app, outdir } = newApp();
    const stack = new Stack(app, "LiveTools", { terminationProtection: true });
    const guardrails = new AgentGuardrails();
    Aspects.of(stack).add(guardrails);
    const role = new iam.Role(stack, "CursorAgentRole", { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["ec2:TerminateInstances"], resources: ["*"] }));
    const s = synth(app, outdir, guardrails);
    expect(errorsAt(s, "/LiveTools/CursorAgentRole").join("\n")).toContain("ec2:TerminateInstances");
  });
});

describe("suppressions and config", () => {
  test("a suppression without a reason fails synth with a clear message and suppresses nothing", () => {
    const s = stagesApp({}, "too short");
    expect(errorsAt(s, "/Prod/Service/BreakGlassAgentRole").join("\n")).toContain("needs a reason of at least 10 characters");
    expect(errorsAt(s, "/Prod/Service/BreakGlassAgentRole/DefaultPolicy/Resource").join("\n")).toContain("[agent-destructive-prod]");
  });

  test("an unknown rule id cannot be suppressed", () => {
    const { app, outdir } = newApp();
    const stack = new Stack(app, "Tools");
    const role = new iam.Role(stack, "Role", { assumedBy: new iam.AccountRootPrincipal() });
    AgentGuardrails.suppress(role, "no-such-rule", "a long enough reason here");
    const s = synth(app, outdir, new AgentGuardrails());
    expect(errorsAt(s, "/Tools/Role").join("\n")).toContain('cannot suppress unknown rule "no-such-rule"');
  });

  test("an invalid config object is an error, not a pass", () => {
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: { agents: { roleNamePattern: ["x"] } } as unknown as UserConfig });
    Aspects.of(app).add(guardrails);
    const stack = new Stack(app, "ProdX");
    new iam.Role(stack, "AgentRole", { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(new iam.PolicyStatement({ actions: ["s3:DeleteBucket"], resources: ["*"] }));
    const s = synth(app, outdir, guardrails);
    expect(s.guardrails.result?.errors[0]?.message).toContain("roleNamePattern");
    expect(errorsAt(s, "/ProdX").join("\n")).toContain("invalid AgentGuardrails config");
  });

  test("a YAML config path: config suppressions apply, as in scan --config", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-cfg-"));
    const file = path.join(dir, "agent-guardrail.yml");
    writeFileSync(file, 'suppressions:\n  - rule: agent-destructive-prod\n    subject: "ProdOps/OpsAgentRole*"\n    reason: "reviewed by the platform team in OPS-9"\n');
    const { app, outdir } = newApp();
    const guardrails = new AgentGuardrails({ config: file });
    Aspects.of(app).add(guardrails);
    const stack = new Stack(app, "ProdOps", { terminationProtection: true });
    new iam.Role(stack, "OpsAgentRole", { assumedBy: new iam.AccountRootPrincipal() }).addToPolicy(new iam.PolicyStatement({ actions: ["s3:DeleteBucket"], resources: ["*"] }));
    const s = synth(app, outdir, guardrails);
    expect(errorsAt(s, "/ProdOps")).toEqual([]);
    expect(at(s, "info", "/ProdOps/OpsAgentRole").map((m) => m.text).join("\n")).toContain("reviewed by the platform team");
  });
});

describe("parity with agent-guardrail scan on the synthesized cdk.out", () => {
  const key = (f: Finding) => JSON.stringify([f.rule, f.subject, [...(f.actions ?? [])].sort(), f.suppressed !== null]);
  test.each([
    ["stages", stages],
    ["cross-stack", crossStack],
    ["prod and staging", prodAndStaging],
  ])("%s", async (_name, s) => {
    const report = await runScan([s.outdir], resolvePolicy());
    expect(report.errors).toEqual([]);
    const aspect = (s.guardrails.result?.findings ?? []).map(key).sort();
    expect(aspect.length).toBeGreaterThan(0);
    expect(report.findings.map(key).sort()).toEqual(aspect);
  });
});

describe("parity: nested stacks, with and without construct-path metadata", () => {
  /** A production stack whose NestedStack holds a table (DESTROY) and a role the config names by construct path. */
  /** `legacy`: CDK v1's synthesizer (LegacyStackSynthesizer), with a NestedStack inside the NestedStack too. */
  function nestedApp(pathMetadata: boolean, legacy = false) {
    const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-nested-"));
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { "aws:cdk:enable-path-metadata": pathMetadata } } as AppProps);
    const config: UserConfig = { agents: { roleNamePatterns: ["*ProdPlatform/Data/OpsRole/Resource*"] } };
    const guardrails = new AgentGuardrails({ config });
    Aspects.of(app).add(guardrails);
    const parent = new Stack(app, "ProdPlatform", { terminationProtection: true, ...(legacy ? { synthesizer: new LegacyStackSynthesizer() } : {}) });
    const nested = new NestedStack(parent, "Data");
    const table = new dynamodb.Table(nested, "Ledger", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    table.grantFullAccess(new iam.Role(nested, "OpsRole", { assumedBy: new iam.AccountRootPrincipal() }));
    if (legacy) new dynamodb.Table(new NestedStack(nested, "Archive"), "Old", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    return { ...synth(app, outdir, guardrails), config };
  }
  const fullKey = (f: Finding) => JSON.stringify([f.rule, f.subject, f.message, [...(f.actions ?? [])].sort(), f.suppressed !== null]);

  test.each([true, false])("path metadata %s: the Aspect and scan agree, message for message", async (pathMetadata) => {
    const s = nestedApp(pathMetadata);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "test config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.map(fullKey).sort()).toEqual((s.guardrails.result?.findings ?? []).map(fullKey).sort());
    const subjects = report.findings.map((f) => `${f.rule} ${f.subject}`);
    // The nested stack is evaluated in its parent's (production) scope and named after it.
    expect(subjects).toContainEqual(expect.stringMatching(/^prod-resource-unprotected ProdPlatform\.DataNestedStackDataNestedStackResource\w+\/Ledger/));
    expect(subjects.filter((k) => /^prod-resource-unprotected ProdPlatform\.Data/.test(k) && !k.includes("/"))).toEqual([]);
    // A construct-path agent pattern matches only where the assembly carries paths (README "CDK").
    expect(subjects.some((k) => k.startsWith("agent-destructive-prod ProdPlatform.Data"))).toBe(pathMetadata);
    const nestedErrors = s.messages.filter((m) => m.level === "error" && m.path.startsWith("/ProdPlatform/Data/"));
    expect(nestedErrors.map((m) => m.text).join("\n")).toContain("[prod-resource-unprotected] Stateful production resource Ledger");
  }, 60_000);

  // CDK v1's synthesizer (LegacyStackSynthesizer in v2) names a nested template by asset
  // parameters (`AssetParameters<hash>S3Bucket…`, passed down to a nested stack's own nested
  // stacks) and lists it only in the stack's `aws:cdk:asset` metadata: with asset metadata off
  // (`cdk synth --no-asset-metadata`, `"assetMetadata": false`, an in-process synth) scan could not
  // find it, an error on a template CDK wrote, where the Aspect judged it.
  test("legacy synthesizer without asset metadata: scan finds the nested templates, each level, as the Aspect judges them", async () => {
    const s = nestedApp(false, true);
    const report = await runScan([s.outdir], resolvePolicy(s.config, "test config"));
    expect(report.errors).toEqual([]);
    expect(report.findings.map(fullKey).sort()).toEqual((s.guardrails.result?.findings ?? []).map(fullKey).sort());
    expect(report.findings.map((f) => `${f.rule} ${f.subject}`)).toContainEqual(expect.stringMatching(/^prod-resource-unprotected ProdPlatform\.DataNestedStack\w+\.ArchiveNestedStack\w+\/Old/));
    // The metadata is the only map from those parameters to files: without it, an error, not a pass.
    rmSync(path.join(s.outdir, "ProdPlatform.metadata.json"));
    const unmapped = await runScan([s.outdir], resolvePolicy(s.config, "test config"));
    expect(unmapped.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/^nested stack DataNestedStackDataNestedStackResource\w+: its template is not in the cloud assembly/));
  }, 60_000);

  test("scan: a nested stack whose template is missing from the assembly is an error, not a pass", async () => {
    const s = nestedApp(false);
    for (const file of readdirSync(s.outdir).filter((f) => f.endsWith(".nested.template.json") || f.endsWith(".assets.json"))) rmSync(path.join(s.outdir, file));
    const report = await runScan([s.outdir], resolvePolicy(s.config, "test config"));
    expect(report.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/^nested stack DataNestedStackDataNestedStackResource\w+: its template is not in the cloud assembly/));
  }, 60_000);
});

describe("stack-level suppression", () => {
  test("suppresses the stack's own finding only, not its resources' findings", () => {
    const { app, outdir } = newApp();
    const stack = new Stack(app, "ProdLedger");
    const guardrails = new AgentGuardrails();
    Aspects.of(app).add(guardrails);
    new dynamodb.Table(stack, "Ledger", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    AgentGuardrails.suppress(stack, "prod-resource-unprotected", "termination protection is set by the org's StackSets (OPS-7)");
    const s = synth(app, outdir, guardrails);
    const findings = s.guardrails.result?.findings ?? [];
    expect(findings.find((f) => f.subject === "ProdLedger")?.suppressed?.reason).toContain("StackSets");
    expect(findings.find((f) => f.subject.startsWith("ProdLedger/Ledger"))?.suppressed).toBeNull();
    expect(errorsAt(s, "/ProdLedger/Ledger").join("\n")).toContain("removalPolicy: RemovalPolicy.RETAIN");
  });
});

test("a CfnStackSet's templateBody: an agent role it deploys with AdministratorAccess fails synth on the stack set", () => {
  // A landing-zone stack in the management account deploying a baseline to an organizational unit.
  const { app, outdir } = newApp();
  const guardrails = new AgentGuardrails();
  const stack = new Stack(app, "OrgBaseline", { env: { account: "111111111111", region: "eu-west-1" } });
  const body = {
    Resources: {
      KiroAgentRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "kiro-agent",
          AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        },
      },
    },
  };
  new CfnStackSet(stack, "Baseline", {
    stackSetName: "agent-baseline",
    permissionModel: "SERVICE_MANAGED",
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: ["ou-ab12-workloads"] }, regions: ["eu-west-1"] }],
    templateBody: JSON.stringify(body),
  });
  Aspects.of(app).add(guardrails);
  try {
    const texts = errorsAt(synth(app, outdir, guardrails), "/OrgBaseline/Baseline").join("\n");
    expect(texts).toContain("[agent-destructive-prod] Role kiro-agent can delete or replace production resources");
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
