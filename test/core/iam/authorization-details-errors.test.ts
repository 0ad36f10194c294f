/**
 * get-account-authorization-details output with broken entries: each is an input error with the
 * file and the line of the entry, never a principal silently evaluated with fewer policies.
 */
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { parseSource } from "../../../src/core/source/parse.js";

const ACCOUNT = "111111111111";
const doc = (statement: unknown) => ({ Version: "2012-10-17", Statement: [statement] });
const details = {
  UserDetailList: [
    "not an object",
    { UserName: "no-arn" },
    { UserName: "kiro-agent-user", Arn: `arn:aws:iam::${ACCOUNT}:user/kiro-agent-user`, GroupList: ["ops", "elsewhere", 7], UserPolicyList: [{ PolicyName: "empty" }], AttachedManagedPolicies: [{}], Tags: [{ Key: "team", Value: "platform" }, { Value: "no key" }] },
  ],
  GroupDetailList: [{ Arn: `arn:aws:iam::${ACCOUNT}:group/nameless` }, { GroupName: "ops", Arn: `arn:aws:iam::${ACCOUNT}:group/ops`, GroupPolicyList: [{ PolicyName: "ops-inline", PolicyDocument: doc({ Effect: "Allow", Action: "s3:DeleteBucket", Resource: "*" }) }] }],
  RoleDetailList: [
    42,
    { Arn: `arn:aws:iam::${ACCOUNT}:role/no-name` },
    { RoleName: "deploy", Arn: `arn:aws:iam::${ACCOUNT}:role/deploy`, PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/not-listed` } },
  ],
  Policies: [
    "nope",
    { PolicyName: "no-arn" },
    { PolicyName: "no-default", Arn: `arn:aws:iam::${ACCOUNT}:policy/no-default`, DefaultVersionId: "v2", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: false, Document: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }] },
    { PolicyName: "by-id", Arn: `arn:aws:iam::${ACCOUNT}:policy/by-id`, DefaultVersionId: "v3", PolicyVersionList: [{ VersionId: "v3", Document: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }] },
  ],
};
const text = JSON.stringify(details, null, 2);
const parsed = parseSource(text);
const lineOf = (needle: string, from = 0): number => text.split("\n").findIndex((l, i) => i >= from && l.includes(needle)) + 1;

describe("broken authorization details entries", () => {
  const { input, errors } = readAuthorizationDetails(parsed.value, "gaad.json", parsed.lineOf);
  const messages = errors.map((e) => e.message);

  it("reports each broken entry with its message", () => {
    expect([...messages].sort()).toEqual([
      "Policies entry is not an object",
      "managed policy no-arn has no Arn",
      `managed policy arn:aws:iam::${ACCOUNT}:policy/no-default has no default version document in PolicyVersionList`,
      "group entry has no GroupName",
      "RoleDetailList entry is not an object",
      "role entry has no RoleName",
      "user entry has no Arn",
      "UserPolicyList entry has no PolicyDocument",
      "AttachedManagedPolicies entry has no PolicyArn",
      "user kiro-agent-user is in group elsewhere, which is not in GroupDetailList: its policies were not evaluated",
      "user kiro-agent-user is in group 7, which is not in GroupDetailList: its policies were not evaluated",
      "UserDetailList entry is not an object",
    ].sort());
  });

  it("gives every error the file and a line", () => {
    for (const e of errors) {
      expect(e.file).toBe("gaad.json");
      expect(e.line).toBeGreaterThan(0);
    }
    expect(errors.find((e) => e.message === "group entry has no GroupName")?.line).toBe(lineOf('"GroupDetailList"') + 1);
  });

  it("keeps what can be read: the user gets its known group's policy; the unknown boundary stays unresolved", () => {
    expect(input.principals.map((p) => p.name)).toEqual(["deploy", "kiro-agent-user"]);
    const user = input.principals.find((p) => p.name === "kiro-agent-user");
    expect(user?.policies.map((p) => p.name)).toEqual(["ops-inline"]);
    expect(user?.tags).toEqual({ team: "platform" });
    expect(input.principals.find((p) => p.name === "deploy")?.boundary).toBe("unresolved");
    expect(input.account).toBe(ACCOUNT);
  });

  it("a document that is no object at all is an error", () => {
    expect(readAuthorizationDetails(["a list"], "x.json").errors).toEqual([{ file: "x.json", message: "not an authorization details document" }]);
    // With lines known, the error is at the document's own line.
    const lineOf = (pointer: string) => (pointer === "" ? 1 : undefined);
    expect(readAuthorizationDetails(["a list"], "x.json", lineOf).errors).toEqual([{ file: "x.json", line: 1, message: "not an authorization details document" }]);
  });

  it("principals of several accounts leave the input's account unset", () => {
    const two = {
      RoleDetailList: [
        { RoleName: "a", Arn: "arn:aws:iam::111111111111:role/a" },
        { RoleName: "b", Arn: "arn:aws:iam::222222222222:role/b" },
      ],
      UserDetailList: [],
    };
    const read = readAuthorizationDetails(two, "two.json");
    expect(read.errors).toEqual([]);
    expect(read.input.account).toBeUndefined();
    expect(read.input.principals.map((p) => p.account)).toEqual(["111111111111", "222222222222"]);
  });

  it("a list written as something else is an error at its line: its entries are not silently dropped", () => {
    const inline = { PolicyName: "deploy", PolicyDocument: doc({ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }) };
    const shapes = {
      RoleDetailList: [{ RoleName: "kiro-agent", Arn: `arn:aws:iam::${ACCOUNT}:role/kiro-agent`, RolePolicyList: inline, AttachedManagedPolicies: { PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, Tags: { Key: "agent", Value: "kiro" } }],
      UserDetailList: [{ UserName: "ci", Arn: `arn:aws:iam::${ACCOUNT}:user/ci`, GroupList: "deployers" }],
      GroupDetailList: [],
      Policies: [{ PolicyName: "p", Arn: `arn:aws:iam::${ACCOUNT}:policy/p`, PolicyVersionList: { Document: doc({ Effect: "Allow", Action: "*", Resource: "*" }), IsDefaultVersion: true } }],
    };
    const source = JSON.stringify(shapes, null, 2);
    const read = readAuthorizationDetails(JSON.parse(source), "gaad.json", parseSource(source).lineOf);
    const at = (needle: string) => source.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(read.errors).toEqual(
      expect.arrayContaining([
        { file: "gaad.json", line: at('"RolePolicyList"'), message: "RolePolicyList is not a list: its entries were not evaluated" },
        { file: "gaad.json", line: at('"AttachedManagedPolicies"'), message: "AttachedManagedPolicies is not a list: its entries were not evaluated" },
        { file: "gaad.json", line: at('"Tags"'), message: "Tags is not a list: its entries were not evaluated" },
        { file: "gaad.json", line: at('"GroupList"'), message: "GroupList is not a list: its entries were not evaluated" },
        { file: "gaad.json", line: at('"PolicyVersionList"'), message: "PolicyVersionList is not a list: its entries were not evaluated" },
      ]),
    );
  });
  it("one page of the AWS CLI's --max-items (NextToken) is an error at its line: the principals on later pages were never read", () => {
    // `aws iam get-account-authorization-details --max-items 1`: the CLI drops IsTruncated/Marker and writes NextToken.
    const page = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [{ RoleName: "deploy", Arn: `arn:aws:iam::${ACCOUNT}:role/deploy`, RolePolicyList: [], AttachedManagedPolicies: [] }], Policies: [], NextToken: "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==" };
    const source = JSON.stringify(page, null, 4);
    const read = readAuthorizationDetails(JSON.parse(source), "gaad.json", parseSource(source).lineOf);
    expect(read.errors).toEqual([
      { file: "gaad.json", line: source.split("\n").findIndex((l) => l.includes('"NextToken"')) + 1, message: expect.stringContaining("one page of several (NextToken, written by the AWS CLI's --max-items)") },
    ]);
    expect(read.input.principals.map((p) => p.name)).toEqual(["deploy"]);
  });
});
