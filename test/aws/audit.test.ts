import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DeleteRoleCommand } from "@aws-sdk/client-iam";
import { ApiCounter, openSession, closeSession } from "../../src/aws/session.js";
import { runAudit } from "../../src/cli/audit.js";
import { cli as main } from "./cli.js";
import { readAuthorizationDetails } from "../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../src/core/iam/evaluate.js";
import { parseSource } from "../../src/core/source/parse.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { accountHandler, kiroAccount, ACCOUNT } from "./account.js";
import { awsEnv, FAST_RETRIES, READ_ONLY_NAME, startStub, type Stub, type StubHandler } from "./stub.js";

const policy = resolvePolicy();
let stub: Stub;
let restore: () => void;

async function serve(handler: StubHandler): Promise<void> {
  stub = await startStub(handler);
  restore = awsEnv(stub.url);
}
afterEach(async () => {
  restore?.();
  await stub?.close();
});

const tmp = (): string => mkdtempSync(path.join(tmpdir(), "ag-audit-"));

describe("audit on the wire (real SDK clients, loopback AWS)", () => {
  test("reads every page, flags the Kiro admin role with ARN + policy + statement evidence, read-only calls only", async () => {
    await serve(accountHandler(kiroAccount()));
    const report = await runAudit({ format: "json", failOn: "error" }, policy);
    expect(report.errors).toEqual([]);
    const gaad = stub.requests.filter((r) => r.action === "GetAccountAuthorizationDetails");
    expect(gaad.map((r) => r.params["Marker"])).toEqual([undefined, "page-2"]);
    expect(stub.requests.filter((r) => r.action === "DescribeStacks").map((r) => r.params["NextToken"])).toEqual([undefined, "page-2"]);
    const kiro = report.findings.filter((f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/kiro-agent-role`);
    expect(kiro.map((f) => f.rule).sort()).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
    const evidence = kiro[0]?.evidence.find((e) => e.policyName === "AdministratorAccess");
    expect(evidence).toMatchObject({ arn: "arn:aws:iam::aws:policy/AdministratorAccess", statementIndex: 0 });
    expect(report.findings.some((f) => f.subject.includes("orders-api-lambda") || f.subject.includes("reporting-reader"))).toBe(false);
    // Every operation the account saw is a read.
    expect(stub.requests.length).toBe(4);
    for (const r of stub.requests) expect(r.action).toMatch(READ_ONLY_NAME);
    expect(report.notes).toContain("AWS API calls: 4");
  });

  test("a clean account's report says what the audit did not read: SCPs, and resource policies that may grant an agent role more", async () => {
    const account = kiroAccount();
    account.roles = account.roles.filter((r) => r["RoleName"] !== "kiro-agent-role");
    await serve(accountHandler(account));
    const report = await runAudit({ format: "json", failOn: "error" }, policy);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.rule !== "prod-resource-unprotected")).toEqual([]);
    expect(report.notes).toEqual(expect.arrayContaining(["SCPs not verified", expect.stringMatching(/^resource-based policies not read \(S3 bucket, KMS key .*docs\/aws\.md\)$/)]));
  });

  test("live stacks: production without termination protection is prod-resource-unprotected; protected and staging stacks are not", async () => {
    await serve(accountHandler(kiroAccount()));
    const report = await runAudit({ format: "json", failOn: "error" }, policy);
    const stacks = report.findings.filter((f) => f.rule === "prod-resource-unprotected");
    expect(stacks.map((f) => f.subject)).toEqual([expect.stringContaining(":stack/orders-prod/")]);
    expect(stacks[0]?.evidence[0]).toMatchObject({ arn: expect.stringContaining("stack/orders-prod"), note: "EnableTerminationProtection: false" });
  });

  test("--save-snapshot writes the merged authorization details; scan FILE reproduces the IAM verdict offline", async () => {
    await serve(accountHandler(kiroAccount()));
    const dir = tmp();
    const snapshot = path.join(dir, "account.json");
    const live = await runAudit({ format: "json", failOn: "error", saveSnapshot: snapshot }, policy);
    const saved = JSON.parse(readFileSync(snapshot, "utf8")) as { RoleDetailList: unknown[]; IsTruncated: boolean };
    expect(saved.RoleDetailList).toHaveLength(3);
    expect(saved.IsTruncated).toBe(false);
    // What `scan FILE` does with an authorization-details file (src/core/inputs.ts evaluateInput).
    const parsed = parseSource(readFileSync(snapshot, "utf8"));
    const read = readAuthorizationDetails(parsed.value, snapshot, parsed.lineOf);
    const offline = evaluateIam(read.input, policy, loadCatalogue());
    expect(read.errors).toEqual([]);
    const key = (f: { rule: string; subject: string; actions?: string[] }): string => `${f.rule} ${f.subject} ${(f.actions ?? []).length}`;
    const liveIam = live.findings.filter((f) => f.rule !== "prod-resource-unprotected").map(key).sort();
    expect(offline.findings.map(key).sort()).toEqual(liveIam);
  });

  test("AWS_ENDPOINT_URL is honoured and --role-arn assumes the audit role first (the assumed keys sign the reads)", async () => {
    const data = kiroAccount();
    const inner = accountHandler(data);
    await serve((req) => {
      if (req.action === "AssumeRole") {
        expect(req.params["RoleArn"]).toBe(`arn:aws:iam::${ACCOUNT}:role/guardrail-audit`);
        return {
          result: {
            Credentials: { AccessKeyId: "ASIAAUDITROLE0000001", SecretAccessKey: "secret/assumed", SessionToken: "FwoGZXIvYXdzEXAMPLETOKEN", Expiration: "2030-01-01T00:00:00Z" },
            AssumedRoleUser: { AssumedRoleId: "AROAAUDIT:agent-guardrail-audit", Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/guardrail-audit/agent-guardrail-audit` },
          },
        };
      }
      if (req.accessKey !== "ASIAAUDITROLE0000001") return { error: { code: "AccessDenied", message: "wrong credentials", status: 403 } };
      return inner(req);
    });
    const report = await runAudit({ format: "json", failOn: "error", roleArn: `arn:aws:iam::${ACCOUNT}:role/guardrail-audit` }, policy);
    expect(report.errors).toEqual([]);
    expect(stub.requests[0]?.action).toBe("AssumeRole");
    expect(report.findings.length).toBeGreaterThan(0);
  });

  test("--profile takes credentials from the shared files (and --region), signing every read with that profile's key", async () => {
    await serve(accountHandler(kiroAccount()));
    const dir = tmp();
    const credentials = path.join(dir, "credentials");
    writeFileSync(credentials, "[default]\naws_access_key_id = AKIADEFAULTDEFAULT01\naws_secret_access_key = d\n\n[audit]\naws_access_key_id = AKIAAUDITPROFILE0001\naws_secret_access_key = s\n");
    writeFileSync(path.join(dir, "config"), "[profile audit]\nregion = eu-west-1\n");
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    process.env.AWS_CONFIG_FILE = path.join(dir, "config");
    const report = await runAudit({ format: "json", failOn: "error", profile: "audit", region: "eu-west-1" }, policy);
    expect(report.errors).toEqual([]);
    expect(new Set(stub.requests.map((r) => r.accessKey))).toEqual(new Set(["AKIAAUDITPROFILE0001"]));
  });

  test("throttling is retried by the SDK and then succeeds", async () => {
    const inner = accountHandler(kiroAccount());
    let throttled = 0;
    await serve((req) => {
      if (req.action === "DescribeStacks" && throttled < 2) {
        throttled++;
        return { error: { code: "Throttling", message: "Rate exceeded" } };
      }
      return inner(req);
    });
    const report = await runAudit({ format: "json", failOn: "error" }, policy, undefined, FAST_RETRIES);
    expect(report.errors).toEqual([]);
    expect(throttled).toBe(2);
    expect(report.notes).toContain("AWS API calls: 4 (+2 retried)");
  });

  test("throttling that persists becomes a clear error after the retries (never a pass)", async () => {
    const inner = accountHandler(kiroAccount());
    await serve((req) => (req.action === "GetAccountAuthorizationDetails" ? { error: { code: "Throttling", message: "Rate exceeded" } } : inner(req)));
    const report = await runAudit({ format: "json", failOn: "error" }, policy, undefined, FAST_RETRIES);
    expect(stub.requests.filter((r) => r.action === "GetAccountAuthorizationDetails")).toHaveLength(3);
    expect(report.errors).toEqual([
      { file: "aws:iam:GetAccountAuthorizationDetails", message: expect.stringMatching(/^throttled: GetAccountAuthorizationDetails was still rate-limited by AWS after 3 attempts/) },
    ]);
  });

  test("access denied: exit 2 with an error naming the missing permission", async () => {
    const inner = accountHandler(kiroAccount());
    await serve((req) =>
      req.action === "DescribeStacks"
        ? { error: { code: "AccessDenied", status: 403, message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/audit/s is not authorized to perform: cloudformation:DescribeStacks because no identity-based policy allows the cloudformation:DescribeStacks action` } }
        : inner(req),
    );
    const out = path.join(tmp(), "r.json");
    expect(await main(["audit", "--format", "json", "--output", out])).toBe(2);
    const json = JSON.parse(readFileSync(out, "utf8")) as { errors: { file: string; message: string }[]; findings: unknown[] };
    expect(json.errors).toEqual([{ file: "aws:cloudformation:DescribeStacks", line: null, message: expect.stringContaining("access denied: DescribeStacks needs the IAM permission cloudformation:DescribeStacks") }].map((e) => expect.objectContaining({ file: e.file, message: e.message })));
    expect(json.findings.length).toBeGreaterThan(0); // IAM was still evaluated
  });

  test("a page that says IsTruncated without a Marker is an error, and no snapshot is written as if complete", async () => {
    const inner = accountHandler(kiroAccount());
    await serve((req) =>
      req.action === "GetAccountAuthorizationDetails"
        ? { result: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: true } }
        : inner(req),
    );
    const snapshot = path.join(tmp(), "s.json");
    const report = await runAudit({ format: "json", failOn: "error", saveSnapshot: snapshot }, policy);
    expect(report.errors.map((e) => e.message)).toEqual([
      expect.stringContaining("IsTruncated without a Marker"),
      "snapshot not written: the authorization details could not be read",
    ]);
    expect(() => readFileSync(snapshot)).toThrow();
  });

  test("--save-snapshot to a path that cannot be written: an error naming the file, the account's verdict still reported (exit 2)", async () => {
    await serve(accountHandler(kiroAccount()));
    const dir = tmp();
    const snapshot = path.join(dir, "no-such-dir", "prod-iam.json");
    const report = await runAudit({ format: "json", failOn: "error", saveSnapshot: snapshot }, policy);
    expect(report.errors).toEqual([{ file: snapshot, message: expect.stringMatching(/^snapshot not written: ENOENT/) }]);
    expect(report.findings.some((f) => f.subject === `arn:aws:iam::${ACCOUNT}:role/kiro-agent-role`)).toBe(true);
    expect(report.notes?.some((n) => n.includes("saved to"))).toBe(false);
    const out = path.join(dir, "r.json");
    expect(await main(["audit", "--save-snapshot", snapshot, "--format", "json", "--output", out])).toBe(2);
    const json = JSON.parse(readFileSync(out, "utf8")) as { findings: unknown[]; errors: { file: string }[] };
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.errors.map((e) => e.file)).toEqual([snapshot]);
  });

  test("no region configured (a first run with a region-less profile): both reads are errors that say to set one, exit 2, never a pass", async () => {
    await serve(accountHandler(kiroAccount()));
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = path.join(tmp(), "no-config");
    const report = await runAudit({ format: "json", failOn: "error" }, policy);
    expect(report.findings).toEqual([]);
    expect(report.errors.map((e) => e.file)).toEqual(["aws:iam:GetAccountAuthorizationDetails", "aws:cloudformation:DescribeStacks"]);
    for (const e of report.errors) expect(e.message).toMatch(/not sent: no AWS region is configured .*pass --region/);
    expect(stub.requests).toEqual([]);
  });

  test("a mutating operation is refused before it leaves the process", async () => {
    await serve(accountHandler(kiroAccount()));
    const counter = new ApiCounter();
    const session = await openSession({}, counter);
    try {
      await expect(session.iam.send(new DeleteRoleCommand({ RoleName: "kiro-agent-role" }))).rejects.toThrow(/refusing to call DeleteRole/);
    } finally {
      closeSession(session);
    }
    expect(stub.requests).toEqual([]);
    expect(counter.calls).toBe(0);
  });

  test("usage: --organization needs --role-name (exit 2)", async () => {
    await serve(accountHandler(kiroAccount()));
    expect(await main(["audit", "--organization"])).toBe(2);
    expect(stub.requests).toEqual([]);
  });
  test("a failure of the rules on what AWS returned is named as an internal error of that source, not an AWS error; the account's other source is still judged", async () => {
    await serve(accountHandler(kiroAccount()));
    const internal = (file: RegExp, cause: string) => ({ file: expect.stringMatching(file), message: `could not be evaluated (internal error: ${cause}); nothing in it was checked` });
    // The agent patterns cannot be read: the IAM rules fail, the stack rule does not use them.
    const noAgents = { ...policy };
    Object.defineProperty(noAgents, "agents", {
      get() {
        throw new TypeError("agent patterns unavailable");
      },
    });
    const iamFails = await runAudit({ format: "json", failOn: "error" }, noAgents);
    expect(iamFails.errors).toEqual([internal(/:iam:GetAccountAuthorizationDetails$/, "agent patterns unavailable")]);
    expect(iamFails.findings.map((f) => f.rule)).toEqual(["prod-resource-unprotected"]);
    // The production scope cannot be read: both rules fail, each named, and nothing passes.
    const noProduction = { ...policy };
    Object.defineProperty(noProduction, "production", {
      get() {
        throw new TypeError("production scope unavailable");
      },
    });
    const bothFail = await runAudit({ format: "json", failOn: "error" }, noProduction);
    expect(bothFail.errors).toEqual([internal(/:iam:GetAccountAuthorizationDetails$/, "production scope unavailable"), internal(/:cloudformation:DescribeStacks$/, "production scope unavailable")]);
    expect(bothFail.findings).toEqual([]);
  });
});
