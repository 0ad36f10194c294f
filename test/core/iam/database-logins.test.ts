/**
 * Database logins (destructive-actions.yaml t1Delete.databaseLogins): redshift:GetClusterCredentials
 * and rds-db:connect log the agent in as the database user the grant names; as the administrator
 * it can DROP every table with no Delete* action. T1 when the user can be the administrator (a
 * wildcard user, an administrator's name, `*` with no pinning condition); one ordinary user is not.
 */
import { PolicyParser, analyzePrincipal, provablyGrants, type AnalysisContext } from "../../../src/core/iam/access.js";
import { allow, catalogue, destructive, policy, role } from "./helpers.js";

const RS = "arn:aws:redshift:us-east-1:111111111111";
const RDS = "arn:aws:rds-db:us-east-1:111111111111:dbuser:cluster-ABCDEFGHIJKLMNOP";
const flagged = (statements: Record<string, unknown>[]): boolean => destructive(role(statements)).length > 0;
const credentials = (resource: unknown, extra: Record<string, unknown> = {}) => allow("redshift:GetClusterCredentials", resource, extra);

describe("redshift:GetClusterCredentials", () => {
  it("on * (awslabs redshift MCP server README): any database user, the admin's included: T1", () => {
    expect(flagged([credentials("*")])).toBe(true);
    expect(flagged([allow("redshift:Get*", "*")])).toBe(true);
  });
  it("a wildcard user, or the console's default admin user awsuser: T1", () => {
    expect(flagged([credentials(`${RS}:dbuser:orders/*`)])).toBe(true);
    expect(flagged([credentials(`${RS}:dbuser:orders/AWSUSER`)])).toBe(true);
    expect(flagged([credentials(`${RS}:dbuser:*`)])).toBe(true);
  });
  it("one ordinary user (with its dbname), or the caller's own ${aws:username}: not T1", () => {
    expect(flagged([credentials([`${RS}:dbuser:orders/analyst`, `${RS}:dbname:orders/sales`])])).toBe(false);
    expect(flagged([credentials(`${RS}:dbuser:orders/\${aws:username}`)])).toBe(false);
    expect(flagged([credentials(`${RS}:dbname:orders/sales`)])).toBe(false);
  });
  it("a family of named users (AmazonSageMakerCanvasFullAccess: dbuser:*/sagemaker_access*): not T1; a glob that may be an admin: T1", () => {
    expect(flagged([credentials("arn:aws:redshift:*:*:dbuser:*/sagemaker_access*")])).toBe(false);
    expect(flagged([credentials(`${RS}:dbuser:orders/adm*`)])).toBe(true);
    expect(flagged([credentials(`${RS}:dbuser:orders/*_rw`)])).toBe(true);
  });
  it("`*` users pinned by redshift:DbUser to ordinary users: not T1; IfExists, a wildcard or an admin value: T1", () => {
    const pinned = (operator: string, value: unknown) => credentials(`${RS}:dbuser:orders/*`, { Condition: { [operator]: { "redshift:DbUser": value } } });
    expect(flagged([pinned("StringEquals", ["analyst", "etl"])])).toBe(false);
    expect(flagged([pinned("StringEqualsIfExists", "analyst")])).toBe(true);
    expect(flagged([pinned("StringLike", "etl_*")])).toBe(false);
    expect(flagged([pinned("StringLike", "*")])).toBe(true);
    expect(flagged([pinned("StringEquals", ["analyst", "admin"])])).toBe(true);
  });
  it("logins as the caller's own IAM identity are judged by the database: not T1", () => {
    expect(flagged([allow(["redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials"], "*")])).toBe(false);
  });
});

describe("rds-db:connect (IAM database authentication)", () => {
  it("any user of an instance, or the engine's default master user: T1", () => {
    expect(flagged([allow("rds-db:connect", `${RDS}/*`)])).toBe(true);
    expect(flagged([allow("rds-db:connect", `${RDS}/postgres`)])).toBe(true);
    expect(flagged([allow("rds-db:connect", "*")])).toBe(true);
  });
  it("one application user: not T1", () => {
    expect(flagged([allow("rds-db:connect", `${RDS}/app_user`)])).toBe(false);
  });
});

describe("the fast proof agrees with the full analysis", () => {
  const context = (): AnalysisContext => ({ policy, catalogue, parser: new PolicyParser(), now: Date.now() });
  it.each([
    ["one ordinary user", [allow("redshift:Get*", `${RS}:dbuser:orders/analyst`)], false],
    ["any user", [allow("redshift:Get*", `${RS}:dbuser:orders/*`)], true],
    ["rds-db app user", [allow("rds-db:*", `${RDS}/app_user`)], false],
  ])("%s", (_name, statements, expected) => {
    const principal = role(statements);
    const full = analyzePrincipal(principal, context()).grants.some((g) => g.production && g.tiers.has("delete"));
    expect(full).toBe(expected);
    expect(provablyGrants(principal, context(), ["delete"])).toBe(expected);
  });
});
