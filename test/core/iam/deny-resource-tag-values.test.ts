/**
 * A negated or IfExists test of a resource tag applies where the tag is missing, and spares the
 * resources tagged otherwise: `StringNotEquals aws:ResourceTag/Environment: dev` spares the dev
 * ones (not production), but `StringNotEquals …: prod` spares exactly the production ones, and
 * `StringEqualsIfExists …: prod` spares a table tagged `production` or `Prod` (string tests are
 * case-sensitive). Such a Deny protects the production grant only when everything it spares is
 * non-production: an environment tag whose every value names a non-production environment.
 * Verdicts decided from IAM's evaluation before running (the agent cannot tag anything here).
 */
import { allow, deny, destructive, role } from "./helpers.js";

const withDeny = (condition: Record<string, unknown>) => role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", "*", { Condition: condition })]);

describe("Deny with a negated or IfExists resource-tag test", () => {
  it.each<[string, Record<string, unknown>]>([
    ["StringNotEquals Environment: dev (spares dev tables)", { StringNotEquals: { "aws:ResourceTag/Environment": "dev" } }],
    ["StringNotEquals Environment: [dev, staging, test]", { StringNotEquals: { "aws:ResourceTag/Environment": ["dev", "staging", "test"] } }],
    ["StringNotLike Environment: dev*", { StringNotLike: { "aws:ResourceTag/Environment": "dev*" } }],
    ["StringNotEqualsIfExists on the service's own key", { StringNotEqualsIfExists: { "dynamodb:ResourceTag/Environment": "sandbox" } }],
  ])("%s: the Deny protects production, no finding", (_what, condition) => {
    expect(destructive(withDeny(condition))).toEqual([]);
  });

  it("RDS's own keys for a resource's tag read alike (rds:db-tag, rds:cluster-tag); its request tag is no resource tag", () => {
    const rds = (key: string, value = "dev") => role([allow(["rds:DeleteDBInstance", "rds:DeleteDBCluster"]), deny(["rds:DeleteDBInstance", "rds:DeleteDBCluster"], "*", { Condition: { StringNotEquals: { [key]: value } } })]);
    // rds:DeleteDBCluster carries no db-tag: the negated test holds there, the Deny applies to it too.
    expect(destructive(rds("rds:db-tag/Environment"))).toEqual([]);
    expect(destructive(rds("rds:cluster-tag/Environment"))).toEqual([]);
    expect(destructive(rds("rds:db-tag/Environment", "prod"))).toHaveLength(1);
    // A request tag: the agent's request decides it.
    expect(destructive(rds("rds:req-tag/Environment"))).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>]>([
    ["StringNotEquals Environment: prod (spares exactly the production tables)", { StringNotEquals: { "aws:ResourceTag/Environment": "prod" } }],
    ["StringNotEquals Environment: [dev, production]", { StringNotEquals: { "aws:ResourceTag/Environment": ["dev", "production"] } }],
    ["StringNotLike Environment: * (spares every tagged table)", { StringNotLike: { "aws:ResourceTag/Environment": "*" } }],
    ["StringNotEquals on a key that is no environment (team: agents spares the agents' production tables)", { StringNotEquals: { "aws:ResourceTag/team": "agents" } }],
    ["StringEqualsIfExists Environment: prod (spares a table tagged production, or Prod)", { StringEqualsIfExists: { "aws:ResourceTag/Environment": "prod" } }],
    ["StringNotEquals Environment compared with a policy variable", { StringNotEquals: { "aws:ResourceTag/Environment": "${aws:PrincipalTag/env}" } }],
  ])("%s: not proven, DeleteTable is a finding", (_what, condition) => {
    expect(destructive(withDeny(condition))).toHaveLength(1);
  });
});
