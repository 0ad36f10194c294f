// The replacement gate on two cloud assemblies of 50 stacks x 40 resources (issue 16).
// Target: `agent-guardrail diff BASE HEAD` under 2 s as a whole process, cold; reported as a ratio
// to a process that only reads and JSON-parses both assemblies (every manifest and template).
// The assemblies are generated in CDK's shapes (manifest artifacts, logical ids with hashes,
// aws:cdk:path metadata, typical properties of tables, buckets, queues, functions, roles, log
// groups); the head changes tags everywhere, capacity in half the stacks, renames a table in 5,
// changes a key schema in 2, a logical id in 1, and drops 1 stack.
// Run: npm run bench -- template-diff   (or: npm run build && node bench/template-diff.bench.mjs [runs])
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.argv[2] ?? 5);
const STACKS = 50;
const PER_STACK = 40;

const hash = (s) => {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, "0");
};

function resource(stack, i, head, s) {
  const kind = i % 8;
  const id = `Res${i}`;
  const meta = { "aws:cdk:path": `${stack}/${id}/Resource` };
  const tags = [{ Key: "team", Value: head ? "payments" : "orders" }];
  switch (kind) {
    case 0: {
      const renamed = head && s < 5 && i === 0;
      const rekeyed = head && s >= 5 && s < 7 && i === 8;
      return [`Table${i}${hash(stack + i)}`, { Type: "AWS::DynamoDB::Table", Properties: {
        TableName: `${stack.toLowerCase()}-table-${i}${renamed ? "-v2" : ""}`,
        KeySchema: [{ AttributeName: rekeyed ? "customerId" : "orderId", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: rekeyed ? "customerId" : "orderId", AttributeType: "S" }],
        BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: head && s % 2 ? 10 : 5, WriteCapacityUnits: 5 },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, Tags: tags,
      }, UpdateReplacePolicy: "Delete", DeletionPolicy: "Delete", Metadata: meta }];
    }
    case 1: return [`Bucket${i}${hash(stack + i)}`, { Type: "AWS::S3::Bucket", Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }] }, VersioningConfiguration: { Status: "Enabled" }, Tags: tags }, UpdateReplacePolicy: "Retain", DeletionPolicy: "Retain", Metadata: meta }];
    case 2: return [`Queue${i}${hash(stack + i)}`, { Type: "AWS::SQS::Queue", Properties: { MessageRetentionPeriod: 1209600, VisibilityTimeout: 300, Tags: tags }, UpdateReplacePolicy: "Delete", DeletionPolicy: "Delete", Metadata: meta }];
    case 3: return [`Role${i}${hash(stack + i)}`, { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }], Version: "2012-10-17" }, ManagedPolicyArns: [{ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]] }], Tags: tags }, Metadata: meta }];
    case 4: return [`Fn${i}${hash(stack + i)}`, { Type: "AWS::Lambda::Function", Properties: { Code: { S3Bucket: { "Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}" }, S3Key: `${hash(stack + i + (head ? "h" : ""))}.zip` }, Role: { "Fn::GetAtt": [`Role${i - 1}${hash(stack + (i - 1))}`, "Arn"] }, Handler: "index.handler", Runtime: "nodejs20.x", Timeout: 30, MemorySize: 512, Environment: { Variables: { TABLE: { Ref: `Table${i - 4}${hash(stack + (i - 4))}` } } }, Tags: tags }, DependsOn: [`Role${i - 1}${hash(stack + (i - 1))}`], Metadata: meta }];
    case 5: return [`Logs${i}${hash(stack + i)}`, { Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: head && s % 2 ? 90 : 30 }, UpdateReplacePolicy: "Retain", DeletionPolicy: "Retain", Metadata: meta }];
    case 6: return [`Topic${i}${hash(stack + i)}`, { Type: "AWS::SNS::Topic", Properties: { Tags: tags }, Metadata: meta }];
    default: return [`Alarm${i}${hash(stack + i)}`, { Type: "AWS::CloudWatch::Alarm", Properties: { ComparisonOperator: "GreaterThanOrEqualToThreshold", EvaluationPeriods: 1, MetricName: "Errors", Namespace: "AWS/Lambda", Period: 300, Statistic: "Sum", Threshold: head && s % 2 ? 5 : 1, Dimensions: [{ Name: "FunctionName", Value: { Ref: `Fn${i - 3}${hash(stack + (i - 3))}` } }] }, Metadata: meta }];
  }
}

function writeAssembly(dir, head) {
  mkdirSync(dir, { recursive: true });
  const artifacts = {};
  for (let s = 0; s < STACKS; s++) {
    if (head && s === STACKS - 1) continue; // the dropped stack
    const stack = `Service${s}Prod`;
    const entries = [];
    for (let i = 0; i < PER_STACK; i++) {
      const [id, body] = resource(stack, i, head, s);
      entries.push([head && s === 7 && i === 16 ? `OrdersTable${hash("moved")}` : id, body]);
    }
    const template = { Resources: Object.fromEntries(entries), Parameters: { BootstrapVersion: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/cdk-bootstrap/hnb659fds/version" } } };
    writeFileSync(path.join(dir, `${stack}.template.json`), JSON.stringify(template, null, 1));
    artifacts[stack] = { type: "aws:cloudformation:stack", environment: "aws://111111111111/us-east-1", properties: { templateFile: `${stack}.template.json`, terminationProtection: true, tags: { Environment: "production" } }, displayName: stack };
  }
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "55.0.0", artifacts }, null, 1));
}

const work = mkdtempSync(path.join(tmpdir(), "ag-bench-diff-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const base = path.join(work, "base.out");
const head = path.join(work, "head.out");
writeAssembly(base, false);
writeAssembly(head, true);

const readAndParse = `
const fs = require("node:fs"), path = require("node:path");
for (const dir of process.argv.slice(1)) {
  const m = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  for (const a of Object.values(m.artifacts)) JSON.parse(fs.readFileSync(path.join(dir, a.properties.templateFile), "utf8"));
}`;

// The child reports its own CPU time (user + system) on exit: on a shared machine the wall time
// also measures the other processes, the CPU time does not.
const reportCpu = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-ms "+((u.user+u.system)/1000).toFixed(0)+"\\n")})`;

function time(args) {
  const t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--import", reportCpu, ...args], { cwd: root, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu = Number(/cpu-ms (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { ms, cpu, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const floor = [];
const gate = [];
const floorCpu = [];
const gateCpu = [];
let last;
for (let r = 0; r < runs; r++) {
  // Alternate so that machine load affects both alike.
  const f = time(["-e", readAndParse, base, head]);
  floor.push(f.ms);
  floorCpu.push(f.cpu);
  last = time([path.join(root, "dist/cli/bin.js"), "diff", base, head, "--format", "json"]);
  gate.push(last.ms);
  gateCpu.push(last.cpu);
}
if (last.status !== 1) {
  console.error(`unexpected exit ${last.status}: ${last.stderr.slice(0, 500)}`);
  process.exit(1);
}
const report = JSON.parse(last.stdout);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bySeverity = report.findings.reduce((m, f) => ({ ...m, [f.severity]: (m[f.severity] ?? 0) + 1 }), {});
console.log(`assemblies: ${STACKS} stacks x ${PER_STACK} resources each side (head: 1 stack dropped); findings ${JSON.stringify(bySeverity)}, input errors ${report.errors.length}`);
const list = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
console.log(`read + JSON.parse both assemblies (whole process): wall median ${median(floor).toFixed(0)} ms [${list(floor)}], CPU median ${median(floorCpu).toFixed(0)} ms`);
console.log(`agent-guardrail diff (whole process, cold):        wall median ${median(gate).toFixed(0)} ms [${list(gate)}], CPU median ${median(gateCpu).toFixed(0)} ms  (target < 2000 ms)`);
console.log(`ratio diff / read+parse: wall ${(median(gate) / median(floor)).toFixed(1)}x, CPU ${(median(gateCpu) / median(floorCpu)).toFixed(1)}x; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(2)).join(" ")} on ${(await import("node:os")).cpus().length} cores`);
