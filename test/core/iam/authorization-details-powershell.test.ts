/**
 * `Get-IAMAccountAuthorizationDetail | ConvertTo-Json > ad.json` (AWS Tools for PowerShell):
 * ConvertTo-Json cuts objects deeper than its -Depth (2 by default) and writes their .NET type's
 * name instead ("Amazon.IdentityManagement.Model.RoleDetail", "System.Collections.Generic.List`1[...]").
 * Decided before running: such a file stays an input error (its roles cannot be read: fail
 * closed), and the errors now say why and how to write it whole, at the first cut value's line.
 * A snapshot whose errors have another cause gains no such hint.
 */
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { parseSource } from "../../../src/core/source/parse.js";

const HINT = /written by PowerShell's ConvertTo-Json, which cut the objects below its -Depth \(2 by default\) to their \.NET type names \(Amazon\.IdentityManagement\.Model\.\w+\): the principals they held were not read; write it with ConvertTo-Json -Depth 10$/;

function read(value: unknown) {
  const text = JSON.stringify(value, null, 4);
  const parsed = parseSource(text);
  return { ...readAuthorizationDetails(parsed.value, "ad.json", parsed.lineOf), lines: text.split("\n") };
}

test("lists cut to type names: the errors end with the reason, at the first cut value's line", () => {
  const { errors, lines } = read({
    GroupDetailList: ["Amazon.IdentityManagement.Model.GroupDetail"],
    IsTruncated: false,
    Marker: null,
    Policies: ["Amazon.IdentityManagement.Model.ManagedPolicyDetail"],
    RoleDetailList: ["Amazon.IdentityManagement.Model.RoleDetail", "Amazon.IdentityManagement.Model.RoleDetail"],
    UserDetailList: [],
    HttpStatusCode: 200,
  });
  expect(errors.length).toBeGreaterThan(1);
  const hint = errors.at(-1);
  expect(hint?.message).toMatch(HINT);
  expect(lines[(hint?.line ?? 0) - 1]).toContain('"Amazon.IdentityManagement.Model.GroupDetail"');
});

test("entries kept but their lists cut (a deeper -Depth, still too shallow): the same reason", () => {
  const { errors } = read({
    RoleDetailList: [{ RoleName: "kiro-agent", Arn: "arn:aws:iam::111111111111:role/kiro-agent", RolePolicyList: "System.Collections.Generic.List`1[Amazon.IdentityManagement.Model.PolicyDetail]", AttachedManagedPolicies: ["Amazon.IdentityManagement.Model.AttachedPolicyType"] }],
    UserDetailList: [],
  });
  expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("RolePolicyList is not a list"), expect.stringContaining("AttachedManagedPolicies entry has no PolicyArn"), expect.stringMatching(HINT)]);
});

test("errors of another cause gain no hint, and a readable snapshot has no error", () => {
  expect(read({ RoleDetailList: [{ RoleName: "r" }], UserDetailList: [] }).errors.map((e) => e.message)).toEqual(["role entry has no Arn"]);
  expect(read({ RoleDetailList: [], UserDetailList: [], Policies: [] }).errors).toEqual([]);
});
