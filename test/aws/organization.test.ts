import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { mapBounded } from "../../src/aws/organization.js";
import { accountHandler, kiroAccount } from "./account.js";
import { cli } from "./cli.js";
import { awsEnv, READ_ONLY_NAME, startStub, type Stub, type StubReply } from "./stub.js";

const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
let stub: Stub;
let restore: () => void;
afterEach(async () => {
  restore?.();
  await stub?.close();
});

test("organization: three accounts, one denies the role assumption → two audited, one error, exit 2", async () => {
  const handlers = new Map(ACCOUNTS.map((a) => [`ASIA${a}00000`, accountHandler(kiroAccount(a))]));
  stub = await startStub((req): StubReply => {
    if (req.action === "ListAccounts") {
      const first = req.json["NextToken"] === undefined;
      const accounts = (first ? ACCOUNTS.slice(0, 2) : ACCOUNTS.slice(2)).map((id, i) => ({
        Id: id,
        Arn: `arn:aws:organizations::111111111111:account/o-exampleorgid/${id}`,
        Email: `aws+${id}@example.com`,
        Name: ["prod", "shared", "payments"][i] ?? id,
        Status: "ACTIVE",
        State: "ACTIVE",
        JoinedMethod: "CREATED",
        JoinedTimestamp: 1.7e9,
      }));
      return { result: { Accounts: accounts, ...(first ? { NextToken: "AAAA-next" } : {}) } };
    }
    if (req.action === "AssumeRole") {
      const account = /arn:aws:iam::(\d{12}):role\/OrganizationAuditRole/.exec(req.params["RoleArn"] ?? "")?.[1] ?? "";
      if (account === "222222222222") {
        return { error: { code: "AccessDenied", status: 403, message: `User: arn:aws:sts::111111111111:assumed-role/audit/x is not authorized to perform: sts:AssumeRole on resource: ${req.params["RoleArn"]}` } };
      }
      return {
        result: {
          Credentials: { AccessKeyId: `ASIA${account}00000`, SecretAccessKey: "secret", SessionToken: "token", Expiration: "2030-01-01T00:00:00Z" },
          AssumedRoleUser: { AssumedRoleId: "AROAX:agent-guardrail-audit", Arn: `arn:aws:sts::${account}:assumed-role/OrganizationAuditRole/agent-guardrail-audit` },
        },
      };
    }
    const handler = handlers.get(req.accessKey);
    return handler ? handler(req) : { error: { code: "InvalidClientTokenId", status: 403, message: "The security token included in the request is invalid." } };
  });
  restore = awsEnv(stub.url);
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-org-")), "r.json");
  expect(await cli(["audit", "--organization", "--role-name", "OrganizationAuditRole", "--concurrency", "2", "--format", "json", "--output", out])).toBe(2);
  const json = JSON.parse(readFileSync(out, "utf8")) as { findings: { subject: string; message: string; evidence: { note?: string }[] }[]; errors: { file: string; message: string }[] };
  expect(json.errors).toHaveLength(1);
  expect(json.errors[0]?.file).toBe("aws:222222222222:sts:AssumeRole");
  expect(json.errors[0]?.message).toMatch(/account 222222222222 \(shared\) not audited: access denied: AssumeRole needs the IAM permission sts:AssumeRole/);
  const audited = new Set(json.findings.map((f) => /account (\d{12})/.exec(f.message)?.[1]));
  expect([...audited].sort()).toEqual(["111111111111", "333333333333"]);
  for (const f of json.findings) expect(f.evidence.some((e) => /^account \d{12}$/.test(e.note ?? ""))).toBe(true);
  expect(json.findings.some((f) => f.subject === "arn:aws:iam::333333333333:role/kiro-agent-role")).toBe(true);
  expect(stub.requests.filter((r) => r.action === "ListAccounts")).toHaveLength(2);
  for (const r of stub.requests) expect(r.action).toMatch(READ_ONLY_NAME);
  // Account 222's data is never read with anyone's credentials.
  expect(stub.requests.some((r) => r.accessKey === "ASIA22222222222200000")).toBe(false);
});

test("bounded concurrency: never more than the limit in flight, results in input order", async () => {
  let running = 0;
  let peak = 0;
  const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, n));
    running--;
    return n * 10;
  });
  expect(results).toEqual([50, 10, 40, 20, 30]);
  expect(peak).toBe(2);
});

/**
 * `--role-arn` with `--organization`: a CI or tooling account reaches the management account's
 * reader role first (role chaining, IAM User Guide "Roles terms and concepts"), then every
 * account's audit role from there. The organization is listed and each account's role assumed
 * with that role's keys, never the caller's own.
 */
describe("--organization --role-arn: the organization is audited as that role", () => {
  const READER = "arn:aws:iam::999999999999:role/OrgAuditReader";
  const READER_KEY = "ASIA999999999999READ";
  const serveChained = async (readerDenied: boolean): Promise<void> => {
    stub = await startStub((req): StubReply => {
      if (req.action === "AssumeRole" && req.params["RoleArn"] === READER) {
        if (readerDenied) return { error: { code: "AccessDenied", status: 403, message: `User: arn:aws:iam::555555555555:user/ci is not authorized to perform: sts:AssumeRole on resource: ${READER}` } };
        return { result: { Credentials: { AccessKeyId: READER_KEY, SecretAccessKey: "secret", SessionToken: "token", Expiration: "2030-01-01T00:00:00Z" } } };
      }
      // Only the reader role may list the organization and assume the accounts' roles.
      if (req.accessKey !== READER_KEY && (req.action === "ListAccounts" || req.action === "AssumeRole")) {
        return { error: { code: "AccessDeniedException", status: 400, message: "You don't have permissions to access this resource." } };
      }
      if (req.action === "ListAccounts") return { result: { Accounts: [{ Id: "111111111111", Name: "prod", State: "ACTIVE" }] } };
      if (req.action === "AssumeRole") return { result: { Credentials: { AccessKeyId: "ASIA11111111111100000", SecretAccessKey: "secret", SessionToken: "token", Expiration: "2030-01-01T00:00:00Z" } } };
      return req.accessKey === "ASIA11111111111100000" ? accountHandler(kiroAccount())(req) : { error: { code: "InvalidClientTokenId", status: 403, message: "The security token included in the request is invalid." } };
    });
    restore = awsEnv(stub.url);
  };
  const run = async (): Promise<{ code: number; json: { findings: { subject: string }[]; errors: { file: string; message: string }[] } }> => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-org-")), "r.json");
    const code = await cli(["audit", "--organization", "--role-name", "OrganizationAuditRole", "--role-arn", READER, "--format", "json", "--output", out]);
    return { code, json: JSON.parse(readFileSync(out, "utf8")) as { findings: { subject: string }[]; errors: { file: string; message: string }[] } };
  };

  test("ListAccounts and each account's AssumeRole are signed with the reader role's keys", async () => {
    await serveChained(false);
    const { code, json } = await run();
    expect(json.errors).toEqual([]);
    expect(code).toBe(1);
    expect(json.findings.some((f) => f.subject === "arn:aws:iam::111111111111:role/kiro-agent-role")).toBe(true);
    const signed = stub.requests.map((r) => `${r.action} ${r.accessKey} ${r.params["RoleArn"] ?? ""}`.trim());
    expect(signed.slice(0, 3)).toEqual([
      `AssumeRole AKIAIOSFODNN7EXAMPLE ${READER}`,
      `ListAccounts ${READER_KEY}`,
      `AssumeRole ${READER_KEY} arn:aws:iam::111111111111:role/OrganizationAuditRole`,
    ]);
  });

  test("a reader role that cannot be assumed: one error naming it, no account listed or audited (exit 2)", async () => {
    await serveChained(true);
    const { code, json } = await run();
    expect(code).toBe(2);
    expect(json.findings).toEqual([]);
    expect(json.errors.map(({ file, message }) => ({ file, message }))).toEqual([
      { file: "aws:sts:AssumeRole", message: expect.stringMatching(new RegExp(`^no account audited: access denied: AssumeRole .*\\(role ${READER}\\)$`)) },
    ]);
    expect(stub.requests.map((r) => r.action)).toEqual(["AssumeRole"]);
  });
});

/**
 * Which accounts are audited, by the State ListAccounts gives (Organizations User Guide, "Monitor
 * the state of your AWS accounts"; Status, the older field, retired September 2026): PENDING_CLOSURE
 * "remains functional and can still be used to access AWS services", so its agent roles still act;
 * PENDING_ACTIVATION, SUSPENDED and CLOSED are unusable. A state AWS adds later is audited (fail
 * closed: if its role cannot be assumed, that is an error naming it).
 */
test("organization: accounts pending closure (still usable) and in a state AWS adds later are audited; the unusable ones are named as not audited", async () => {
  const listed = [
    { Id: "111111111111", Name: "prod", State: "ACTIVE" },
    { Id: "222222222222", Name: "legacy-payments", Status: "PENDING_CLOSURE", State: "PENDING_CLOSURE" },
    { Id: "333333333333", Name: "new-state", State: "ACTIVE_RESTRICTED" },
    { Id: "444444444444", Name: "old-sandbox", State: "SUSPENDED" },
    { Id: "555555555555", Name: "closed-dev", State: "CLOSED" },
    { Id: "666666666666", Name: "half-signed-up", State: "PENDING_ACTIVATION" },
  ];
  const handlers = new Map(listed.map((a) => [`ASIA${a.Id}00000`, accountHandler(kiroAccount(a.Id))]));
  stub = await startStub((req): StubReply => {
    if (req.action === "ListAccounts") return { result: { Accounts: listed } };
    if (req.action === "AssumeRole") {
      const account = /arn:aws:iam::(\d{12}):role\//.exec(req.params["RoleArn"] ?? "")?.[1] ?? "";
      return { result: { Credentials: { AccessKeyId: `ASIA${account}00000`, SecretAccessKey: "secret", SessionToken: "token", Expiration: "2030-01-01T00:00:00Z" } } };
    }
    const handler = handlers.get(req.accessKey);
    return handler ? handler(req) : { error: { code: "InvalidClientTokenId", status: 403, message: "The security token included in the request is invalid." } };
  });
  restore = awsEnv(stub.url);
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-org-")), "r.json");
  expect(await cli(["audit", "--organization", "--role-name", "OrganizationAuditRole", "--format", "json", "--output", out])).toBe(1);
  const json = JSON.parse(readFileSync(out, "utf8")) as { findings: { subject: string }[]; errors: unknown[]; notes: string[] };
  expect(json.errors).toEqual([]);
  const audited = new Set(json.findings.map((f) => /arn:aws:iam::(\d{12}):role\/kiro-agent-role/.exec(f.subject)?.[1]).filter(Boolean));
  expect([...audited].sort()).toEqual(["111111111111", "222222222222", "333333333333"]);
  const assumed = stub.requests.filter((r) => r.action === "AssumeRole").map((r) => /::(\d{12}):/.exec(r.params["RoleArn"] ?? "")?.[1]);
  expect(assumed.sort()).toEqual(["111111111111", "222222222222", "333333333333"]);
  expect(json.notes).toContain(
    "organization: 3 accounts audited of 6 listed, 3 without errors; not audited, unusable by their state: 444444444444 (old-sandbox) SUSPENDED, 555555555555 (closed-dev) CLOSED, 666666666666 (half-signed-up) PENDING_ACTIVATION",
  );
});

test("organization: a listing with no account that can be audited is an error (exit 2), not a clean organization", async () => {
  stub = await startStub((req): StubReply => (req.action === "ListAccounts" ? { result: { Accounts: [{ Id: "444444444444", Name: "old-sandbox", State: "SUSPENDED" }] } } : { error: { code: "InvalidAction", status: 400, message: req.action } }));
  restore = awsEnv(stub.url);
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-org-")), "r.json");
  expect(await cli(["audit", "--organization", "--role-name", "OrganizationAuditRole", "--format", "json", "--output", out])).toBe(2);
  const json = JSON.parse(readFileSync(out, "utf8")) as { errors: { file: string; message: string }[] };
  expect(json.errors.map(({ file, message }) => ({ file, message }))).toEqual([
    { file: "organizations:ListAccounts", message: "no account audited: ListAccounts listed 1 account, none in a state that can be audited (444444444444 (old-sandbox) SUSPENDED)" },
  ]);
  expect(stub.requests.map((r) => r.action)).toEqual(["ListAccounts"]);
});

/**
 * The management account holds none of the roles AWS provisions in member accounts: not
 * OrganizationAccountAccessRole, not Control Tower's AWSControlTowerExecution, and StackSets with
 * service-managed permissions do not deploy there (CloudFormation User Guide, "Create
 * CloudFormation StackSets with service-managed permissions": "doesn't deploy stacks to the
 * management account"). Assuming the audit role there fails on an ordinary setup: still an error
 * (the most privileged account is not skipped), one that says which account it is and what to do.
 */
test("organization: the audit role missing in the management account is an error that says so and what to do", async () => {
  const arn = (id: string): string => `arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/${id}`;
  stub = await startStub((req): StubReply => {
    if (req.action === "ListAccounts") return { result: { Accounts: [{ Id: "111111111111", Arn: arn("111111111111"), Name: "management", State: "ACTIVE" }, { Id: "222222222222", Arn: arn("222222222222"), Name: "prod", State: "ACTIVE" }] } };
    if (req.action === "AssumeRole") {
      const account = /::(\d{12}):/.exec(req.params["RoleArn"] ?? "")?.[1] ?? "";
      if (account === "111111111111") return { error: { code: "AccessDenied", status: 403, message: `User: arn:aws:sts::111111111111:assumed-role/OrgAudit/ci is not authorized to perform: sts:AssumeRole on resource: ${req.params["RoleArn"]}` } };
      return { result: { Credentials: { AccessKeyId: `ASIA${account}00000`, SecretAccessKey: "secret", SessionToken: "token", Expiration: "2030-01-01T00:00:00Z" } } };
    }
    return req.accessKey === "ASIA22222222222200000" ? accountHandler(kiroAccount("222222222222"))(req) : { error: { code: "InvalidClientTokenId", status: 403, message: "invalid" } };
  });
  restore = awsEnv(stub.url);
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-org-")), "r.json");
  expect(await cli(["audit", "--organization", "--role-name", "OrganizationAccountAccessRole", "--format", "json", "--output", out])).toBe(2);
  const json = JSON.parse(readFileSync(out, "utf8")) as { findings: { subject: string }[]; errors: { file: string; message: string }[] };
  expect(json.findings.some((f) => f.subject === "arn:aws:iam::222222222222:role/kiro-agent-role")).toBe(true);
  expect(json.errors).toHaveLength(1);
  expect(json.errors[0]?.file).toBe("aws:111111111111:sts:AssumeRole");
  expect(json.errors[0]?.message).toMatch(
    /^account 111111111111 \(management\) not audited: access denied: .*\(role arn:aws:iam::111111111111:role\/OrganizationAccountAccessRole\); it is the organization's management account, where AWS creates no member-account role .*create OrganizationAccountAccessRole there too, or audit it by itself \(agent-guardrail audit, signed in to it\)$/,
  );
});
