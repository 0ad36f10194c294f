/**
 * One account's authorization details as IAM pages them (users, then groups, then roles, then
 * managed policies, MaxItems at a time: API_GetAccountAuthorizationDetails), documents URL-encoded
 * as the SDK returns them: what a principal holds arrives pages after the principal (its group,
 * its managed policies, its boundary). Verdicts decided before the tool ran, with the reasons:
 * test/fixtures/aws/landing-zone/README.md ("One account's details in pages").
 */
import { runAudit } from "../../src/cli/audit.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { ACCOUNT, roleDetail } from "./account.js";
import { managedEntry } from "./landing-zone.js";
import { encode, FAST_RETRIES, stubPerTest, type StubReply } from "./stub.js";

const policy = resolvePolicy();
const { serve } = stubPerTest();

const doc = (...Statement: Record<string, unknown>[]): Record<string, unknown> => ({ Version: "2012-10-17", Statement });
const policyArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
/** A customer managed policy with its versions; `defaultVersion` the one IAM applies. */
function customer(name: string, versions: Record<string, Record<string, unknown>>, defaultVersion: string): Record<string, unknown> {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(17, "X").slice(0, 17)}`,
    Arn: policyArn(name),
    Path: "/",
    DefaultVersionId: defaultVersion,
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "2025-02-03T10:00:00Z",
    UpdateDate: "2025-09-21T16:30:00Z",
    PolicyVersionList: Object.entries(versions).map(([VersionId, d]) => ({ Document: encode(d), VersionId, IsDefaultVersion: VersionId === defaultVersion, CreateDate: "2025-02-03T10:00:00Z" })),
  };
}
function user(name: string, opts: { groups?: string[]; inline?: Record<string, unknown>; tags?: Record<string, string> }): Record<string, unknown> {
  return {
    Path: "/",
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(17, "X").slice(0, 17)}`,
    Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    CreateDate: "2025-04-01T08:00:00Z",
    UserPolicyList: opts.inline ? [{ PolicyName: `${name}-inline`, PolicyDocument: encode(opts.inline) }] : [],
    GroupList: opts.groups ?? [],
    AttachedManagedPolicies: [],
    Tags: Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}
const attach = (role: Record<string, unknown>, arns: string[], boundary?: string): Record<string, unknown> => ({
  ...role,
  AttachedManagedPolicies: arns.map((PolicyArn) => ({ PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf("/") + 1), PolicyArn })),
  ...(boundary ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundary } } : {}),
});

const READ_TEAMS = Array.from({ length: 11 }, (_, i) => `team-read-${String(i + 1).padStart(2, "0")}`);
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-prod`;
const users = [
  user("codex-ci", { groups: ["platform-deployers"] }),
  user("release-bot", { tags: { "agent-guardrail:agent": "true" }, inline: doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::orders-prod-exports/reports 2026/*" }) }),
  user("alice", { groups: ["platform-deployers"] }),
];
const groups = [
  {
    Path: "/",
    GroupName: "platform-deployers",
    GroupId: "AGPAPLATFORMDEPLOYERS",
    Arn: `arn:aws:iam::${ACCOUNT}:group/platform-deployers`,
    CreateDate: "2025-04-01T08:00:00Z",
    GroupPolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: "PowerUserAccess", PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }],
  },
];
const support = roleDetail("AWSServiceRoleForSupport");
support["Path"] = "/aws-service-role/support.amazonaws.com/";
support["Arn"] = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`;
const roles = [
  // Twelve managed policies (IAM's default quota is 10 per role, raised on request): the twelfth deletes the table.
  attach(roleDetail("claude-code-deployer"), [...READ_TEAMS.map(policyArn), policyArn("team-tables-12")]),
  // v1 allowed everything and is no longer the default.
  attach(roleDetail("cursor-ops"), [policyArn("cursor-ops-policy")]),
  // Administrator, bounded by a read-only customer policy listed pages later.
  attach(roleDetail("gemini-maintenance"), ["arn:aws:iam::aws:policy/AdministratorAccess"], policyArn("agent-read-boundary")),
  support,
];
const policies = [
  ...READ_TEAMS.map((name) => customer(name, { v1: doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }) }, "v1")),
  customer("team-tables-12", { v1: doc({ Effect: "Allow", Action: ["dynamodb:DescribeTable", "dynamodb:DeleteTable"], Resource: TABLE }) }, "v1"),
  customer("cursor-ops-policy", { v1: doc({ Effect: "Allow", Action: "*", Resource: "*" }), v2: doc({ Effect: "Allow", Action: ["cloudformation:Describe*", "cloudformation:List*"], Resource: "*" }) }, "v2"),
  customer("agent-read-boundary", { v1: doc({ Effect: "Allow", Action: ["cloudformation:Describe*", "s3:Get*", "s3:List*", "dynamodb:Describe*"], Resource: "*" }) }, "v1"),
  managedEntry("PowerUserAccess"),
  managedEntry("AdministratorAccess"),
];

/** Pages in IAM's order, two or three entries each: users, groups, roles, then policies. */
function pages(): Record<string, unknown>[] {
  const entries: [string, unknown][] = [
    ...users.map((u): [string, unknown] => ["UserDetailList", u]),
    ...groups.map((g): [string, unknown] => ["GroupDetailList", g]),
    ...roles.map((r): [string, unknown] => ["RoleDetailList", r]),
    ...policies.map((p): [string, unknown] => ["Policies", p]),
  ];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < entries.length; i += 3) {
    const page: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const [key, entry] of entries.slice(i, i + 3)) page[key]?.push(entry);
    out.push(page);
  }
  return out;
}

test("users, groups, roles and policies in pages: every principal judged with what later pages hold", async () => {
  const all = pages();
  const stub = await serve((req): StubReply => {
    if (req.action === "GetAccountAuthorizationDetails") {
      const i = req.params["Marker"] ? Number(req.params["Marker"].replace("m-", "")) : 0;
      const more = i + 1 < all.length;
      return { result: { ...all[i], IsTruncated: more, ...(more ? { Marker: `m-${i + 1}` } : {}) } };
    }
    if (req.action === "DescribeStacks") return { result: { Stacks: [] } };
    return { error: { code: "InvalidAction", message: req.action } };
  });
  const report = await runAudit({ format: "json", failOn: "error" }, policy);
  expect(report.errors).toEqual([]);
  expect(stub.requests.filter((r) => r.action === "GetAccountAuthorizationDetails")).toHaveLength(all.length);
  const byPrincipal = new Map<string, string[]>();
  for (const f of report.findings) byPrincipal.set(f.subject, [...(byPrincipal.get(f.subject) ?? []), f.rule].sort());
  const arn = (kind: string, name: string): string => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
  expect([...byPrincipal.keys()].sort()).toEqual([arn("role", "claude-code-deployer"), arn("user", "codex-ci"), arn("user", "release-bot")]);
  expect(byPrincipal.get(arn("user", "codex-ci"))).toContain("agent-destructive-prod");
  expect(byPrincipal.get(arn("user", "release-bot"))).toEqual(["agent-destructive-prod"]);
  expect(byPrincipal.get(arn("role", "claude-code-deployer"))).toEqual(["agent-destructive-prod"]);
  const deployer = report.findings.find((f) => f.subject === arn("role", "claude-code-deployer"));
  expect(deployer?.evidence.some((e) => e.policyName === "team-tables-12")).toBe(true);
  expect(deployer?.message).toContain("dynamodb:DeleteTable");
  const codex = report.findings.find((f) => f.subject === arn("user", "codex-ci") && f.rule === "agent-destructive-prod");
  expect(codex?.evidence.some((e) => e.policyName === "PowerUserAccess")).toBe(true);
  const bot = report.findings.find((f) => f.subject === arn("user", "release-bot"));
  expect(bot?.message).toContain("s3:DeleteObject");
});

test.each([
  { code: "Throttling", status: 400, message: "Rate exceeded", said: /^throttled: GetAccountAuthorizationDetails/ },
  {
    code: "AccessDenied",
    status: 403,
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/audit/ci is not authorized to perform: iam:GetAccountAuthorizationDetails with an explicit deny in a service control policy`,
    said: /^access denied: GetAccountAuthorizationDetails .* service control policy/,
  },
])("a later page refused ($code) is an error naming the call; the pages read are not judged as the account, nothing kept", async ({ code, status, message, said }) => {
  const all = pages();
  await serve((req): StubReply => {
    if (req.action === "GetAccountAuthorizationDetails") {
      const i = req.params["Marker"] ? Number(req.params["Marker"].replace("m-", "")) : 0;
      if (i === 3) return { error: { code, status, message } };
      return { result: { ...all[i], IsTruncated: true, Marker: `m-${i + 1}` } };
    }
    if (req.action === "DescribeStacks") return { result: { Stacks: [] } };
    return { error: { code: "InvalidAction", message: req.action } };
  });
  const kept: { snapshot?: unknown } = {};
  const report = await runAudit({ format: "json", failOn: "error" }, policy, undefined, FAST_RETRIES, kept);
  expect(report.findings).toEqual([]);
  expect(report.errors.map((e) => e.file)).toEqual(["aws:iam:GetAccountAuthorizationDetails"]);
  expect(report.errors[0]?.message).toMatch(said);
  expect(kept.snapshot).toBeUndefined();
});

// A service (or a proxy before it) that hands back a token it gave before would have its pages
// read for ever: the audit never ended, the account's entries merged again and again. The stub
// answers at most 20 pages per call, so the unfixed read fails here instead of hanging.
test("a page token the service gave before is an error naming the call (IAM and CloudFormation alike), not a read without end", async () => {
  const all = pages();
  const asked = { iam: 0, stacks: 0 };
  await serve((req): StubReply => {
    if (req.action === "GetAccountAuthorizationDetails") {
      if (++asked.iam > 20) return { error: { code: "ServiceFailure", status: 500, message: "paged for ever" } };
      const i = req.params["Marker"] ? 1 : 0;
      return { result: { ...all[i], IsTruncated: true, Marker: "m-1" } };
    }
    if (req.action === "DescribeStacks") {
      if (++asked.stacks > 20) return { error: { code: "ServiceFailure", status: 500, message: "paged for ever" } };
      return { result: { Stacks: [], NextToken: "same" } };
    }
    return { error: { code: "InvalidAction", message: req.action } };
  });
  const report = await runAudit({ format: "json", failOn: "error" }, policy, undefined, FAST_RETRIES);
  expect(report.errors).toEqual([
    { file: "aws:iam:GetAccountAuthorizationDetails", message: "GetAccountAuthorizationDetails failed: Error: GetAccountAuthorizationDetails returned the Marker m-1 a second time: its pages would repeat without end (cannot read them all)" },
    { file: "aws:cloudformation:DescribeStacks", message: "DescribeStacks failed: Error: DescribeStacks returned the NextToken same a second time: its pages would repeat without end (cannot read them all)" },
  ]);
  expect(report.findings).toEqual([]);
  expect(asked).toEqual({ iam: 2, stacks: 2 });
});
