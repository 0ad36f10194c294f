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

describe("SQL through rds-data / redshift-data, as the user of a Secrets Manager secret", () => {
  const CLUSTER = "arn:aws:rds:us-east-1:111111111111:cluster:orders";
  const secret = (resource: string) => allow("secretsmanager:GetSecretValue", resource);
  it("with an RDS or Redshift managed master secret readable (rds!…, redshift!…, or *): T1", () => {
    // awslabs/mcp mysql-mcp-server connects through rds-data with the cluster's MasterUserSecret.
    expect(flagged([allow("rds-data:ExecuteStatement", CLUSTER), secret("*")])).toBe(true);
    expect(flagged([allow("rds-data:BatchExecuteStatement", CLUSTER), secret("arn:aws:secretsmanager:us-east-1:111111111111:secret:rds!cluster-*")])).toBe(true);
    expect(flagged([allow("redshift-data:ExecuteStatement"), secret("arn:aws:secretsmanager:us-east-2:111111111111:secret:redshift!prod-main-awsuser-*")])).toBe(true);
    expect(flagged([allow("rds-data:ExecuteStatement", CLUSTER), allow("secretsmanager:*", "*")])).toBe(true);
  });
  it("with no secret, or only an application's own secret: not T1 (the database user's grants decide)", () => {
    expect(flagged([allow("rds-data:ExecuteStatement", CLUSTER)])).toBe(false);
    expect(flagged([allow("rds-data:ExecuteStatement", CLUSTER), secret("arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/orders-readonly-AbCdEf")])).toBe(false);
    // AmazonRDSDataFullAccess: the Data API console's secrets (rds-db-credentials/*)
    expect(flagged([allow("rds-data:*"), secret("arn:aws:secretsmanager:*:*:secret:rds-db-credentials/*")])).toBe(false);
  });
});

describe("secrets opted in by a resource tag", () => {
  const CLUSTER = "arn:aws:redshift:us-east-1:111111111111:cluster:orders";
  const tagged = (condition: Record<string, unknown>) => ({ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: condition });
  it("AmazonRedshiftDataFullAccess / AmazonGrafanaRedshiftAccess: only tagged secrets, no tagging: not T1", () => {
    expect(flagged([allow("redshift-data:ExecuteStatement", CLUSTER), tagged({ StringLike: { "secretsmanager:ResourceTag/RedshiftDataFullAccess": "*" } })])).toBe(false);
    expect(flagged([allow("redshift-data:ExecuteStatement", CLUSTER), tagged({ Null: { "secretsmanager:ResourceTag/RedshiftQueryOwner": "false" } })])).toBe(false);
  });
  it("the agent can tag secrets, or the tag is only IfExists / may be absent: T1", () => {
    const opted = tagged({ StringLike: { "secretsmanager:ResourceTag/RedshiftDataFullAccess": "*" } });
    expect(flagged([allow("redshift-data:ExecuteStatement", CLUSTER), opted, allow("secretsmanager:TagResource")])).toBe(true);
    expect(flagged([allow("redshift-data:ExecuteStatement", CLUSTER), tagged({ StringLikeIfExists: { "secretsmanager:ResourceTag/Team": "*" } })])).toBe(true);
    expect(flagged([allow("redshift-data:ExecuteStatement", CLUSTER), tagged({ Null: { "secretsmanager:ResourceTag/Team": "true" } })])).toBe(true);
  });
});

describe("ElastiCache and MemoryDB IAM authentication (elasticache:Connect, memorydb:Connect)", () => {
  const EC = "arn:aws:elasticache:us-east-1:111111111111";
  const MDB = "arn:aws:memorydb:us-east-1:111111111111";
  it("any user (one may have +@all: FLUSHALL): T1", () => {
    expect(flagged([allow("elasticache:Connect", [`${EC}:replicationgroup:orders`, `${EC}:user:*`])])).toBe(true);
    expect(flagged([allow("memorydb:Connect", `${MDB}:user/*`)])).toBe(true);
    expect(flagged([allow("elasticache:Connect", "*")])).toBe(true);
  });
  it("one named user (AWS's IAM-auth example: the cache and one user id): not T1", () => {
    expect(flagged([allow("elasticache:Connect", [`${EC}:replicationgroup:orders`, `${EC}:user:iam-user-01`])])).toBe(false);
    expect(flagged([allow("memorydb:Connect", [`${MDB}:cluster/orders`, `${MDB}:user/app-reader`])])).toBe(false);
  });
});

describe("tagging that cannot bring an administrator's secret into a tag-conditioned read", () => {
  const CLUSTER = "arn:aws:rds:us-east-1:111111111111:cluster:orders";
  const opted = { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/Project": "atx-db-modernization" } } };
  it("TagResource only on other names (DBModVirtualSource) or on already-tagged secrets (AmazonRedshiftQueryEditor): not T1", () => {
    expect(flagged([allow("rds-data:ExecuteStatement", CLUSTER), opted, allow("secretsmanager:TagResource", "arn:aws:secretsmanager:*:*:secret:atx-db-modernization-*")])).toBe(false);
    expect(flagged([allow("rds-data:ExecuteStatement", CLUSTER), opted, allow("secretsmanager:TagResource", "*", { Condition: { StringEquals: { "secretsmanager:ResourceTag/RedshiftQueryOwner": "${aws:userid}" } } })])).toBe(false);
  });
});

describe("the finding says why a login counts", () => {
  it("names the login and SQL actions it shows, and why they count; a deletion alone, or logins left to 'and N more', get no such word", () => {
    const [login] = destructive(role([credentials("*"), allow("rds-data:ExecuteStatement", "*"), allow("secretsmanager:GetSecretValue", "*")]));
    expect(login?.message).toMatch(/: (rds-data:ExecuteStatement, )?redshift:GetClusterCredentials(, rds-data:ExecuteStatement)? on \*\. [^.]*: they count because they can log in to a database or run SQL in it as its administrator, who can drop what it holds$/);
    const [deletion] = destructive(role([allow("dynamodb:DeleteTable", "*")]));
    expect(deletion?.message).not.toContain("log in");
    const [admin] = destructive(role([allow("*", "*")]));
    expect(admin?.actions).toContain("rds-db:connect");
    expect(admin?.message).not.toContain("log in");
  });
});
