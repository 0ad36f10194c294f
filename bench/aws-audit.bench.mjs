// Live audit of a generated account — 1,000 roles (50 of them agent roles, 10 with admin rights),
// 300 stacks — through the real SDK clients against a loopback AWS endpoint (IAM and
// CloudFormation query protocol, XML), the way AWS pages them (GetAccountAuthorizationDetails:
// up to 1,000 entities per page; DescribeStacks: 100 stacks per page).
// Reports API calls against the target (issue 7: <= principals/100 + stacks/100 + 5) and against a
// baseline computed in the same run: the calls a per-principal crawler would make
// (ListRoles + ListRolePolicies/GetRolePolicy/ListAttachedRolePolicies per role + GetPolicyVersion
// per managed policy + DescribeStacks + GetStackPolicy per stack). Wall time is compared with the
// offline floor measured in the same run: evaluating the saved snapshot without any HTTP.
// Run: npx tsc -p tsconfig.build.json && node bench/aws-audit.bench.mjs   (or npm run bench)
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { URLSearchParams } from "node:url";
import { performance } from "node:perf_hooks";
import { runAudit } from "../dist/cli/audit.js";
import { readAuthorizationDetails } from "../dist/core/iam/authorization-details.js";
import { evaluateIam } from "../dist/core/iam/evaluate.js";
import { loadCatalogue } from "../dist/policy/catalogue.js";
import { resolvePolicy } from "../dist/policy/load.js";

const ACCOUNT = "111111111111";
const ROLES = 1000;
const STACKS = 300;
const enc = (doc) => encodeURIComponent(JSON.stringify(doc));
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const xml = (v) =>
  Array.isArray(v) ? v.map((m) => `<member>${xml(m)}</member>`).join("")
  : v !== null && typeof v === "object" ? Object.entries(v).map(([k, x]) => `<${k}>${xml(x)}</${k}>`).join("")
  : esc(String(v));

const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const roles = Array.from({ length: ROLES }, (_, i) => {
  const agent = i % 20 === 0;
  const name = agent ? `coding-agent-${i}` : `service-${i}`;
  const statements = agent && i % 100 === 0
    ? [{ Effect: "Allow", Action: "*", Resource: "*" }]
    : [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t-${i}` }];
  return {
    Path: "/", RoleName: name, RoleId: `AROA${String(i).padStart(17, "0")}`, Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    CreateDate: "2025-06-02T10:41:07Z", AssumeRolePolicyDocument: enc(trust), InstanceProfileList: [],
    RolePolicyList: [{ PolicyName: `${name}-inline`, PolicyDocument: enc({ Version: "2012-10-17", Statement: statements }) }],
    AttachedManagedPolicies: [{ PolicyName: "shared-read", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared-read` }], Tags: [], RoleLastUsed: {},
  };
});
const policies = [{
  PolicyName: "shared-read", PolicyId: "ANPA00000000000000001", Arn: `arn:aws:iam::${ACCOUNT}:policy/shared-read`, Path: "/", DefaultVersionId: "v1",
  AttachmentCount: ROLES, PermissionsBoundaryUsageCount: 0, IsAttachable: true, CreateDate: "2025-01-01T00:00:00Z", UpdateDate: "2025-01-01T00:00:00Z",
  PolicyVersionList: [{ Document: enc({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }), VersionId: "v1", IsDefaultVersion: true, CreateDate: "2025-01-01T00:00:00Z" }],
}];
// GetAccountAuthorizationDetails counts every entity (role, user, group, policy) towards MaxItems.
const entities = [...roles.map((r) => ["RoleDetailList", r]), ...policies.map((p) => ["Policies", p])];
const stacks = Array.from({ length: STACKS }, (_, i) => ({
  StackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/svc-${i}-${i % 3 === 0 ? "prod" : "staging"}/${randomUUID()}`,
  StackName: `svc-${i}-${i % 3 === 0 ? "prod" : "staging"}`, CreationTime: "2025-05-14T08:21:33.512Z", StackStatus: "UPDATE_COMPLETE",
  EnableTerminationProtection: i % 2 === 0, Tags: [],
}));

function answer(params) {
  const action = params.get("Action");
  if (action === "GetAccountAuthorizationDetails") {
    const start = Number(params.get("Marker") ?? 0);
    const size = Math.min(Number(params.get("MaxItems") ?? 100), 1000);
    const page = entities.slice(start, start + size);
    const next = start + size < entities.length ? String(start + size) : undefined;
    const pick = (k) => page.filter(([key]) => key === k).map(([, v]) => v);
    return { ns: "https://iam.amazonaws.com/doc/2010-05-08/", action, result: { UserDetailList: [], GroupDetailList: [], RoleDetailList: pick("RoleDetailList"), Policies: pick("Policies"), IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}) } };
  }
  if (action === "DescribeStacks") {
    const start = Number(params.get("NextToken") ?? 0);
    const next = start + 100 < stacks.length ? String(start + 100) : undefined;
    return { ns: "http://cloudformation.amazonaws.com/doc/2010-05-15/", action, result: { Stacks: stacks.slice(start, start + 100), ...(next ? { NextToken: next } : {}) } };
  }
  throw new Error(`unexpected ${action}`);
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const { ns, action, result } = answer(new URLSearchParams(body));
    res.writeHead(200, { "content-type": "text/xml" }).end(`<${action}Response xmlns="${ns}"><${action}Result>${xml(result)}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "bench", AWS_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true", AWS_ENDPOINT_URL: `http://127.0.0.1:${server.address().port}`,
});
delete process.env.AWS_PROFILE;

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const t0 = performance.now();
const report = await runAudit({ format: "json", failOn: "error", saveSnapshot: "/tmp/agent-guardrail-bench-snapshot.json" }, policy, catalogue);
const live = performance.now() - t0;
server.close();
if (report.errors.length) throw new Error(`audit errors: ${JSON.stringify(report.errors)}`);


const t1 = performance.now();
const snapshot = JSON.parse(readFileSync("/tmp/agent-guardrail-bench-snapshot.json", "utf8"));
const offline = evaluateIam(readAuthorizationDetails(snapshot, "snapshot").input, policy, catalogue);
const floor = performance.now() - t1;

const calls = Number(/AWS API calls: (\d+)/.exec((report.notes ?? []).join(" "))?.[1]);
const target = Math.floor(ROLES / 100 + STACKS / 100 + 5);
const crawler = 1 + Math.ceil(ROLES / 100) + ROLES * 3 + policies.length + Math.ceil(STACKS / 100) + STACKS;
const iamFindings = report.findings.filter((f) => f.rule !== "prod-resource-unprotected").length;
if (iamFindings !== offline.findings.length) throw new Error(`live ${iamFindings} vs offline ${offline.findings.length} IAM findings`);
console.log(`aws-audit: ${ROLES} roles, ${STACKS} stacks, ${report.findings.length} findings (${iamFindings} IAM, same offline)`);
console.log(`  API calls: ${calls} (target <= ${target}: ${calls <= target ? "met" : "MISSED"}; per-principal crawler baseline ${crawler}: ${(crawler / calls).toFixed(0)}x fewer)`);
console.log(`  wall time: ${live.toFixed(0)} ms live vs ${floor.toFixed(0)} ms offline evaluation of the snapshot (${(live / floor).toFixed(2)}x the floor)`);
if (calls > target) process.exitCode = 1;
