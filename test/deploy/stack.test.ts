/**
 * deploy/ (issue 19): the GitHub App's stack, synthesized in-process the way `cdk deploy` builds
 * it (buildApp: the AgentGuardrails Aspect and cdk-nag's AwsSolutionsChecks), once per variant.
 * The Lambda asset is dist/lambda/ from `npm run build`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Validations, type AppProps } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { buildApp, propsFromContext, type GitHubAppStack } from "../../deploy/stack.js";
import { CHECKS, MAX_REEVALUATED_ON_CONFIG_CHANGE } from "../../src/github/app.js";
import { evaluateTemplates } from "../../src/core/cfn/evaluate.js";
import { classifyDashboard } from "../../src/core/dashboards/classify.js";
import { normalizeCloudWatch } from "../../src/core/dashboards/cloudwatch.js";
import type { AgentGuardrails } from "../../src/cdk/index.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";

const root = path.resolve(import.meta.dirname, "../..");
const asset = path.join(root, "dist/lambda");

// What an operator has at hand while deploying: the values they will put in Secrets Manager.
const SAMPLE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsampleSampleSampleKeyBody0123456789\n-----END RSA PRIVATE KEY-----\n";
const SAMPLE_WEBHOOK_SECRET = "whsec-sample-7f3a9c1e5b2d4f60";
const PK_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:agent-guardrail/private-key-AbC123";
const WH_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:agent-guardrail/webhook-secret-XyZ789";
// The customer-managed key an organization's secrets policy puts its secrets under.
const KMS_KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

interface Synthesized {
  app: App;
  stack: GitHubAppStack;
  guardrails: AgentGuardrails;
  assembly: CloudAssembly;
  outdir: string;
  template: Template;
  json: Record<string, unknown>;
  messages: { level: string; path: string; text: string }[];
}

const outdirs: string[] = [];

function synthesize(context: Record<string, unknown>): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), "agent-guardrail-deploy-"));
  outdirs.push(outdir);
  // CloudFormation validation off: seconds per synth; `cdk synth` runs it.
  const app = new App({ outdir, context, builtinCloudFormationValidation: false } as AppProps);
  const { stack, guardrails } = buildApp(app, asset);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const messages = assembly.stacks.flatMap((s) => s.messages.map((m) => ({ level: m.level, path: m.id, text: String(m.entry.data) })));
  return { app, stack, guardrails, assembly, outdir, template: Template.fromJSON(artifact.template as Record<string, unknown>), json: artifact.template as Record<string, unknown>, messages };
}

let created: Synthesized;
let imported: Synthesized;
const savedEnv = { PRIVATE_KEY: process.env["PRIVATE_KEY"], WEBHOOK_SECRET: process.env["WEBHOOK_SECRET"] };

beforeAll(() => {
  if (!existsSync(path.join(asset, "dist/github/lambda.js"))) throw new Error("dist/lambda/ is missing: run `npm run build` first");
  // The plain variables the server reads: set while synthesizing, they must not leak into the template.
  process.env["PRIVATE_KEY"] = SAMPLE_KEY;
  process.env["WEBHOOK_SECRET"] = SAMPLE_WEBHOOK_SECRET;
  created = synthesize({ appId: "123456" });
  imported = synthesize({ appId: "123456", privateKeySecretArn: PK_ARN, webhookSecretArn: WH_ARN, alarmEmail: "oncall@example.com", tracing: "true", reservedConcurrency: "25", gheHost: "github.acme.example", secretsKeyArn: KMS_KEY_ARN });
});

afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const resourcesOf = (s: Synthesized, type: string): [string, { Properties: Record<string, unknown> }][] =>
  Object.entries(s.template.findResources(type)) as [string, { Properties: Record<string, unknown> }][];

const only = (s: Synthesized, type: string): { id: string; props: Record<string, unknown> } => {
  const found = resourcesOf(s, type);
  expect(found).toHaveLength(1);
  const [id, r] = found[0]!;
  return { id, props: r.Properties };
};

/** Every acknowledgement recorded on the construct tree (cdk-nag v3: Validations.of(c).acknowledge). */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: unknown }[] {
  const out: { path: string; id: string; reason: unknown }[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      // aws-cdk-lib records the id as `Annotation::<id>` (cdk-nag strips the prefix the same way).
      for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ""), reason });
    }
  }
  return out;
}

describe.each([
  ["created secrets", () => created],
  ["imported secrets, e-mail, X-Ray", () => imported],
])("deploy/ (%s): guardrails and cdk-nag", (_name, get) => {
  test("no error or warning annotation (AgentGuardrails and CDK's own)", () => {
    const s = get();
    expect(s.messages.filter((m) => m.level === "error" || m.level === "warning")).toEqual([]);
  });

  test("the Aspect evaluated the stack: no input error, no unsuppressed finding", () => {
    const result = get().guardrails.result;
    expect(result).toBeDefined();
    expect(result?.errors).toEqual([]);
    expect(result?.findings.filter((f) => !f.suppressed)).toEqual([]);
  });

  test("cdk-nag AwsSolutions: no violation left unacknowledged", () => {
    const report = new AwsSolutionsChecks().validateScope(get().app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(", ")}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test("every acknowledgement names a rule and says why, and is written to the template", () => {
    const s = get();
    const acks = acknowledgements(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.id).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      expect(typeof a.reason).toBe("string");
      expect((a.reason as string).length).toBeGreaterThanOrEqual(40);
    }
    const inTemplate = Object.values(s.json["Resources"] as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>).flatMap(
      (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
    );
    expect(new Set(inTemplate.map((r) => r.id))).toEqual(new Set(acks.map((a) => a.id)));
  });

  test("secret values never reach the template or anything else in cdk.out", () => {
    const s = get();
    const files = readdirSync(s.outdir).filter((f) => statSync(path.join(s.outdir, f)).isFile());
    expect(files.some((f) => f.endsWith(".template.json"))).toBe(true);
    for (const f of files) {
      const text = readFileSync(path.join(s.outdir, f), "utf8");
      for (const secret of [SAMPLE_KEY, SAMPLE_WEBHOOK_SECRET, "sampleSampleSampleKeyBody"]) expect(text.includes(secret)).toBe(false);
    }
    const { props } = only(s, "AWS::Lambda::Function");
    const env = (props["Environment"] as { Variables: Record<string, unknown> }).Variables;
    // GHE_HOST (a host name, no secret) only in the variant that names one.
    expect(Object.keys(env).filter((k) => k !== "GHE_HOST").sort()).toEqual(["APP_ID", "DEAD_LETTER_QUEUE_URL", "GITHUB_PRIVATE_KEY_SECRET_ARN", "GITHUB_WEBHOOK_SECRET_ARN"]);
    for (const r of resourcesOf(s, "AWS::SecretsManager::Secret")) expect(r[1].Properties["SecretString"]).toBeUndefined();
  });
});

describe("deploy/: the function", () => {
  test("Node.js 24 on arm64, the bundled handler, reserved concurrency (10 by default, from context), 15 min", () => {
    const { props } = only(created, "AWS::Lambda::Function");
    expect(props).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "dist/github/lambda.handler", ReservedConcurrentExecutions: 10, Timeout: 900 });
    expect(props["TracingConfig"]).toBeUndefined();
    expect(only(imported, "AWS::Lambda::Function").props).toMatchObject({ ReservedConcurrentExecutions: 25, TracingConfig: { Mode: "Active" } });
  });

  test("the timeout leaves room for a push's re-evaluations: up to 50 open PRs, each a facts query and two writes per check, paced 1 s apart", () => {
    // @octokit/plugin-throttling 11.0.5 (MIT), which Probot's Octokit uses on Lambda too: its write
    // group (every non-GET request and every GraphQL query) runs one at a time, 1,000 ms apart, for
    // the whole process. A PR whose runs pass is written twice per check (in_progress, then the verdict).
    const PACED_MS = 1_000;
    const perPull = 1 + 2 * CHECKS.length;
    const needed = (MAX_REEVALUATED_ON_CONFIG_CHANGE * perPull * PACED_MS) / 1000;
    // Before: 60 s against 350 s needed; a config push re-evaluated the first 8 to 13 PRs, the rest kept verdicts of the old config.
    expect(only(created, "AWS::Lambda::Function").props["Timeout"]).toBeGreaterThanOrEqual(needed);
    expect(Number(only(created, "AWS::Lambda::Function").props["Timeout"])).toBeLessThanOrEqual(900); // Lambda's maximum
  });

  test("the asset is dist/lambda/: the handler file and the data its modules read", () => {
    for (const file of ["package.json", "dist/github/lambda.js", "dist/policy/action-catalogue.json", "dist/policy/aws-managed-policies.json", "policies/agents.yaml"]) {
      expect(existsSync(path.join(asset, file))).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(asset, "package.json"), "utf8"))).toMatchObject({ type: "module" });
    // Every data path the bundle resolves beside a module (scripts/bundle.js rewrites each module's
    // import.meta.url to where it stands in the asset) is in the asset; the defaults cache is
    // optional (src/policy/load.ts validates the YAML when it is absent).
    const bundle = readFileSync(path.join(asset, "dist/github/lambda.js"), "utf8");
    const here = path.join(asset, "dist/github/");
    const data = [...bundle.matchAll(/new URL\("([^"]+)", new URL\("([^"]+)", import\.meta\.url\)\.href\)/g)].map((m) => path.resolve(here, m[2]!, "..", m[1]!));
    expect(data.length).toBeGreaterThanOrEqual(4);
    const required = [...new Set(data)].filter((file) => !file.endsWith("defaults-cache.json"));
    expect(required.map((file) => path.relative(asset, file)).sort()).toEqual(["dist/policy/action-catalogue.json", "dist/policy/aws-managed-policies.json", "policies"]);
    for (const file of required) expect(existsSync(file)).toBe(true);
  });

  test("a function URL without AWS auth (GitHub signs each delivery instead)", () => {
    expect(only(created, "AWS::Lambda::Url").props).toMatchObject({ AuthType: "NONE" });
  });

  test("an explicit log group with retention, kept on stack deletion, and the function writes to it", () => {
    const log = only(created, "AWS::Logs::LogGroup");
    expect(log.props).toMatchObject({ RetentionInDays: 90, DeletionProtectionEnabled: true });
    created.template.hasResource("AWS::Logs::LogGroup", { DeletionPolicy: "Retain" });
    expect(only(created, "AWS::Lambda::Function").props["LoggingConfig"]).toEqual({ LogGroup: { Ref: log.id } });
  });

  test("the dead-letter queue: SSE, TLS only, 14 days, retained", () => {
    const q = only(created, "AWS::SQS::Queue");
    expect(q.props).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    created.template.hasResource("AWS::SQS::Queue", { DeletionPolicy: "Retain" });
    created.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  test("created secrets hold no value in the template and are retained", () => {
    const secrets = resourcesOf(created, "AWS::SecretsManager::Secret");
    expect(secrets).toHaveLength(2);
    for (const [, r] of secrets) expect(Object.keys(r.Properties).sort()).toEqual(["Description", "GenerateSecretString"]);
    expect(resourcesOf(imported, "AWS::SecretsManager::Secret")).toEqual([]);
  });
});

describe("deploy/: least privilege", () => {
  const statementsOf = (s: Synthesized) => {
    const role = only(s, "AWS::IAM::Role");
    expect(role.props["ManagedPolicyArns"]).toBeUndefined();
    expect(role.props["AssumeRolePolicyDocument"]).toMatchObject({ Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }] });
    const policies = resourcesOf(s, "AWS::IAM::Policy");
    expect(policies).toHaveLength(1);
    const props = policies[0]![1].Properties;
    expect(props["Roles"]).toEqual([{ Ref: role.id }]);
    return (props["PolicyDocument"] as { Statement: unknown[] }).Statement;
  };
  const ref = (s: Synthesized, type: string) => only(s, type).id;

  test("created secrets: GetSecretValue on the two secrets, SendMessage on the queue, log writes on the log group; nothing else", () => {
    expect(statementsOf(created)).toEqual([
      { Sid: "ReadAppSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [{ Ref: "PrivateKey98B145B1" }, { Ref: "WebhookSecretF21E29CC" }] },
      { Sid: "RecordFailedDeliveries", Effect: "Allow", Action: "sqs:SendMessage", Resource: { "Fn::GetAtt": [ref(created, "AWS::SQS::Queue"), "Arn"] } },
      { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: { "Fn::GetAtt": [ref(created, "AWS::Logs::LogGroup"), "Arn"] } },
    ]);
  });

  test("imported secrets: exactly the two ARNs given, and Decrypt on their key only through Secrets Manager; X-Ray adds only its own actions", () => {
    const statements = statementsOf(imported);
    expect(statements[0]).toEqual({ Sid: "ReadAppSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [PK_ARN, WH_ARN] });
    // Before: -c secretsKeyArn was ignored, so GetSecretValue of a secret under a customer-managed key was refused on every delivery.
    expect(statements[1]).toEqual({
      Sid: "DecryptAppSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: KMS_KEY_ARN,
      Condition: { StringEquals: { "kms:ViaService": { "Fn::Join": ["", ["secretsmanager.", { Ref: "AWS::Region" }, ".amazonaws.com"]] } } },
    });
    const wildcard = statements.filter((s) => (s as { Resource: unknown }).Resource === "*");
    expect(wildcard).toEqual([{ Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }]);
    expect(statements).toHaveLength(5);
  });

  test("the environment carries the ARNs and the queue URL, never values; GHE_HOST only for GitHub Enterprise Server", () => {
    const env = (s: Synthesized) => (only(s, "AWS::Lambda::Function").props["Environment"] as { Variables: Record<string, unknown> }).Variables;
    // GHE_HOST is what Probot reads (https://<host>/api/v3); before, -c gheHost was ignored and the function called api.github.com.
    expect(env(imported)).toEqual({ APP_ID: "123456", GITHUB_PRIVATE_KEY_SECRET_ARN: PK_ARN, GITHUB_WEBHOOK_SECRET_ARN: WH_ARN, DEAD_LETTER_QUEUE_URL: { Ref: ref(imported, "AWS::SQS::Queue") }, GHE_HOST: "github.acme.example" });
    expect(env(created)).not.toHaveProperty("GHE_HOST");
  });
});

describe("deploy/: alarms", () => {
  const alarm = (s: Synthesized, metric: string) => {
    const found = resourcesOf(s, "AWS::CloudWatch::Alarm").filter(([, r]) => r.Properties["MetricName"] === metric);
    expect(found).toHaveLength(1);
    return found[0]![1].Properties;
  };

  test.each([
    ["Errors", "AWS/Lambda", "Sum", 1, "GreaterThanOrEqualToThreshold", "notBreaching"],
    ["Throttles", "AWS/Lambda", "Sum", 1, "GreaterThanOrEqualToThreshold", "notBreaching"],
    ["CheckRunWriteFailures", "AgentGuardrail", "Sum", 1, "GreaterThanOrEqualToThreshold", "notBreaching"],
    ["RateLimitRemainingPercent", "AgentGuardrail", "Minimum", 10, "LessThanThreshold", "notBreaching"],
    ["ApproximateNumberOfMessagesVisible", "AWS/SQS", "Maximum", 1, "GreaterThanOrEqualToThreshold", "ignore"],
    ["SignatureFailures", "AgentGuardrail", "Sum", 10, "GreaterThanOrEqualToThreshold", "notBreaching"],
  ])("%s (%s %s) %d %s, missing data %s, over 5 minutes, notifying the topic", (metric, namespace, statistic, threshold, operator, missing) => {
    const topic = only(created, "AWS::SNS::Topic").id;
    expect(alarm(created, metric)).toMatchObject({
      Namespace: namespace,
      Statistic: statistic,
      Threshold: threshold,
      ComparisonOperator: operator,
      TreatMissingData: missing,
      Period: 300,
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
  });

  test("the topic is KMS-encrypted with a rotated key CloudWatch may use, TLS only; e-mail only when asked", () => {
    const key = only(created, "AWS::KMS::Key");
    expect(key.props).toMatchObject({ EnableKeyRotation: true });
    const keyStatements = (key.props["KeyPolicy"] as { Statement: { Principal?: { Service?: string }; Action: unknown }[] }).Statement;
    expect(keyStatements.find((s) => s.Principal?.Service === "cloudwatch.amazonaws.com")?.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(only(created, "AWS::SNS::Topic").props).toMatchObject({ KmsMasterKeyId: { "Fn::GetAtt": [key.id, "Arn"] } });
    created.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
    expect(resourcesOf(created, "AWS::SNS::Subscription")).toEqual([]);
    expect(only(imported, "AWS::SNS::Subscription").props).toMatchObject({ Protocol: "email", Endpoint: "oncall@example.com" });
  });
});

describe("deploy/: the dashboard records incidents next to usage", () => {
  const policy = resolvePolicy();
  const catalogue = loadCatalogue();

  /** The body with every reference (alarm ARNs, function and queue names) as a literal `x`. */
  function body(s: Synthesized): { widgets: { type: string; properties: Record<string, unknown> }[] } {
    const { props } = only(s, "AWS::CloudWatch::Dashboard");
    const join = (props["DashboardBody"] as { "Fn::Join": [string, unknown[]] })["Fn::Join"];
    return JSON.parse(join[1].map((p) => (typeof p === "string" ? p : "x")).join(join[0])) as ReturnType<typeof body>;
  }

  /** The stack's template with this dashboard body, through the same evaluation as the Aspect and `scan`. */
  function evaluateWith(dashboardBody: unknown) {
    const value = structuredClone(created.json) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    for (const r of Object.values(value.Resources)) if (r.Type === "AWS::CloudWatch::Dashboard") r.Properties["DashboardBody"] = JSON.stringify(dashboardBody);
    const { findings, errors } = evaluateTemplates([{ file: "AgentGuardrailGitHubApp.template.json", value, stackName: "AgentGuardrailGitHubApp", terminationProtection: true }], policy, catalogue);
    return { errors, dashboard: findings.filter((f) => f.rule === "adoption-dashboard-no-incidents") };
  }

  test("an alarm status panel of every alarm, and usage panels for deliveries and check conclusions", () => {
    const b = body(created);
    const alarms = b.widgets.filter((w) => w.type === "alarm");
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.properties["alarms"]).toHaveLength(resourcesOf(created, "AWS::CloudWatch::Alarm").length);
    const text = JSON.stringify(b);
    for (const metric of ["Deliveries", "CheckConclusions", "EvaluationTime", "GitHubRequests", "RateLimitRemainingPercent", "CheckRunWriteFailures", "SignatureFailures"]) expect(text).toContain(metric);
  });

  test("the rule reads usage as adoption and the alarm panel as incidents", () => {
    const d = normalizeCloudWatch(body(created) as unknown as Record<string, unknown>, "");
    expect(d.problems).toEqual([]);
    const c = classifyDashboard(d, policy.dashboards.vocabulary);
    expect(c.adoptionPanels.map((a) => a.panel.title)).toEqual(expect.arrayContaining([expect.stringMatching(/^Usage: coding agent pull requests/)]));
    expect(c.incidentPanels.map((p) => p.title)).toEqual(["Incidents and outages: alarm state of the App"]);
  });

  test("it passes adoption-dashboard-no-incidents, and fails it without the alarm panel (not vacuous)", () => {
    const b = body(created);
    expect(evaluateWith(b)).toEqual({ errors: [], dashboard: [] });
    const withoutIncidents = { ...b, widgets: b.widgets.filter((w) => w.type !== "alarm") };
    const failing = evaluateWith(withoutIncidents);
    expect(failing.errors).toEqual([]);
    expect(failing.dashboard).toHaveLength(1);
    expect(failing.dashboard[0]?.message).toContain("Usage: coding agent pull requests checked");
  });
});

describe("deploy/: context fails closed", () => {
  const ctx = (values: Record<string, unknown>) => (key: string) => values[key];

  test("a secret value passed as context is refused without echoing it", () => {
    for (const key of ["privateKey", "webhookSecret", "PRIVATE_KEY", "WEBHOOK_SECRET"]) {
      let message = "";
      try {
        propsFromContext(ctx({ appId: "1", [key]: SAMPLE_WEBHOOK_SECRET }), asset);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(`context "${key}" is a secret value`);
      expect(message).not.toContain(SAMPLE_WEBHOOK_SECRET);
    }
  });

  test.each([
    [{}, /"appId" must be the GitHub App's numeric id/],
    [{ appId: "my-app" }, /"appId" must be/],
    [{ appId: "0" }, /"appId" must be/],
    [{ appId: { id: 1 } }, /"appId" must be a string/],
    [{ appId: "1", privateKeySecretArn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:agent-guardrail/private-key" }, /complete Secrets Manager secret ARN/],
    [{ appId: "1", webhookSecretArn: "arn:aws:s3:::bucket" }, /"webhookSecretArn" must be a complete/],
    [{ appId: "1", alarmEmail: "oncall" }, /"alarmEmail" is not an email address/],
    [{ appId: "1", reservedConcurrency: "0" }, /"reservedConcurrency" must be a whole number from 1 to 1000/],
    [{ appId: "1", reservedConcurrency: "ten" }, /"reservedConcurrency"/],
    [{ appId: "1", tracing: "yes" }, /"tracing" must be true or false/],
    // A URL where Probot wants a host would call https://https://…/api/v3; github.com is not Enterprise Server.
    [{ appId: "1", gheHost: "https://github.acme.example" }, /"gheHost" must be your GitHub Enterprise Server's host name .*without https:\/\//],
    [{ appId: "1", gheHost: "github.acme.example/api/v3" }, /"gheHost" must be/],
    [{ appId: "1", gheHost: "" }, /"gheHost" must be/],
    [{ appId: "1", gheHost: "api.github.com" }, /"gheHost" is for GitHub Enterprise Server: leave it out for github.com/],
    [{ appId: "1", gheHost: "GitHub.com" }, /leave it out for github.com/],
    [{ appId: "1", webhookSecretArn: WH_ARN, secretsKeyArn: "alias/agent-guardrail" }, /"secretsKeyArn" must be the ARN of the KMS key/],
    [{ appId: "1", webhookSecretArn: WH_ARN, secretsKeyArn: "arn:aws:kms:eu-west-1:111111111111:alias/agent-guardrail" }, /"secretsKeyArn" must be the ARN/],
    [{ appId: "1", secretsKeyArn: KMS_KEY_ARN }, /"secretsKeyArn" is for secrets you import/],
  ])("%j is refused", (values, message) => {
    expect(() => propsFromContext(ctx(values), asset)).toThrow(message);
  });

  test("numbers from cdk.json are read like -c strings", () => {
    expect(propsFromContext(ctx({ appId: 42, reservedConcurrency: 3, tracing: "false" }), asset)).toEqual({ appId: "42", lambdaAsset: asset, reservedConcurrency: 3, tracing: false });
  });

  test("a GitHub Enterprise Server host, with a port or not", () => {
    expect(propsFromContext(ctx({ appId: "7", gheHost: "github.acme.example" }), asset)).toEqual({ appId: "7", lambdaAsset: asset, gheHost: "github.acme.example" });
    expect(propsFromContext(ctx({ appId: "7", gheHost: " ghes.internal:8443 " }), asset)).toMatchObject({ gheHost: "ghes.internal:8443" });
  });
});
