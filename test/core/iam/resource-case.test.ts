/**
 * IAM matches the resource part of an ARN case-sensitively (IAM User Guide, "IAM JSON policy
 * elements: Resource": "In the Resource element, the IAM user name is case sensitive"; DynamoDB
 * table names and S3 object keys are case-sensitive too). A Deny, a boundary's NotResource or a
 * Deny's spared resources written in another case than the resource cover none of it: the agent's
 * request names the resource as it is spelled. Each case is asked of @cloud-copilot/iam-simulate
 * too (test-only oracle), which agrees. The verdicts were decided from the IAM User Guide before
 * running the engine.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { Principal } from "../../../src/core/iam/model.js";
import { allow, deny, destructive, escalation, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const table = (name: string) => `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/${name}`;
const roleArn = (name: string) => `arn:aws:iam::${PROD_ACCOUNT}:role/${name}`;
const doc = (Statement: Statement[]) => ({ Version: "2012-10-17", Statement });

/** Whether iam-simulate allows the agent `action` on `resource` under these identity policies and boundary. */
async function oracleAllows(statements: Statement[], action: string, resource: string, boundary?: Statement[]): Promise<boolean> {
  const result = await runSimulation(
    {
      request: { principal: roleArn("AgentRole"), action, resource: { resource, accountId: PROD_ACCOUNT }, contextVariables: {} },
      identityPolicies: [{ name: "p", policy: doc(statements) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(boundary ? { permissionBoundaryPolicies: [{ name: "b", policy: doc(boundary) }] } : {}),
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult === "Allowed";
}

const agent = (statements: Statement[], boundary?: Statement[]): Principal => role(statements, boundary ? { boundary: source("Boundary", boundary) } : {});

describe("resource names are matched in their case", () => {
  it("a Deny of table/orders-* does not protect table/Orders-Prod", async () => {
    const statements = [allow("dynamodb:DeleteTable", table("Orders-*")), deny("dynamodb:DeleteTable", table("orders-*"))];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("Orders-Prod"))).toBe(true);
    expect(destructive(agent(statements)).length).toBe(1);
  });

  it("the Deny in the table's own case does", async () => {
    const statements = [allow("dynamodb:DeleteTable", table("Orders-*")), deny("dynamodb:DeleteTable", table("Orders-*"))];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("Orders-Prod"))).toBe(false);
    expect(destructive(agent(statements))).toEqual([]);
  });

  it("a boundary allowing everything but table/orders-prod still allows table/Orders-Prod", async () => {
    const statements = [allow("dynamodb:DeleteTable", table("Orders-Prod"))];
    const boundary = [{ Effect: "Allow", Action: "*", NotResource: table("orders-prod") }];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("Orders-Prod"), boundary)).toBe(true);
    expect(destructive(agent(statements, boundary)).length).toBe(1);
    // In the table's case it excludes it.
    const exact = [{ Effect: "Allow", Action: "*", NotResource: table("Orders-Prod") }];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("Orders-Prod"), exact)).toBe(false);
    expect(destructive(agent(statements, exact))).toEqual([]);
  });

  it("a Deny sparing only table/Orders-Prod, next to one denying table/orders-prod, leaves it", async () => {
    // The NotResource Deny spares what it lists; the other Deny must cover what is spared and
    // reached, in its case, to leave nothing.
    const statements = [allow("dynamodb:DeleteTable", table("*")), { Effect: "Deny", Action: "dynamodb:DeleteTable", NotResource: table("Orders-Prod") }, deny("dynamodb:DeleteTable", table("orders-prod"))];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("Orders-Prod"))).toBe(true);
    expect(destructive(agent(statements)).length).toBe(1);
    const exact = [allow("dynamodb:DeleteTable", table("*")), { Effect: "Deny", Action: "dynamodb:DeleteTable", NotResource: table("Orders-Prod") }, deny("dynamodb:DeleteTable", table("Orders-Prod"))];
    expect(await oracleAllows(exact, "dynamodb:DeleteTable", table("Orders-Prod"))).toBe(false);
    expect(destructive(agent(exact))).toEqual([]);
  });

  it("a grant meets a boundary or a Deny's spared resources only in the resource's case", async () => {
    // A boundary allowing table/Orders-* reaches no table a grant on table/orders-prod names.
    const statements = [allow("dynamodb:DeleteTable", table("orders-prod"))];
    const boundary = [allow("dynamodb:DeleteTable", table("Orders-*"))];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("orders-prod"), boundary)).toBe(false);
    expect(destructive(agent(statements, boundary))).toEqual([]);
    // A Deny sparing only table/Orders-Prod denies table/orders-prod.
    const sparing = [...statements, { Effect: "Deny", Action: "dynamodb:DeleteTable", NotResource: table("Orders-Prod") }];
    expect(await oracleAllows(sparing, "dynamodb:DeleteTable", table("orders-prod"))).toBe(false);
    expect(destructive(agent(sparing))).toEqual([]);
  });

  it("a Deny of role/admin* does not stop writing a policy into role/AdminRole (escalation)", async () => {
    const statements = [allow("iam:PutRolePolicy", roleArn("Admin*")), deny("iam:PutRolePolicy", roleArn("admin*"))];
    expect(await oracleAllows(statements, "iam:PutRolePolicy", roleArn("AdminRole"))).toBe(true);
    expect(escalation(agent(statements)).length).toBe(1);
  });

  it("the partition, service, region and account segments are compared as the oracle compares them (any case)", async () => {
    const statements = [allow("dynamodb:DeleteTable", table("orders-prod")), deny("dynamodb:DeleteTable", `arn:aws:DynamoDB:us-east-1:${PROD_ACCOUNT}:table/orders-prod`)];
    expect(await oracleAllows(statements, "dynamodb:DeleteTable", table("orders-prod"))).toBe(false);
    expect(destructive(agent(statements))).toEqual([]);
  });
});
