/**
 * CDK escape hatches on an agent role after the Aspect was added: the Aspect judges the template
 * CDK renders (overrides applied, later aspects run), as `scan cdk.out` does. Expected before the
 * run (config `production.accounts: ["111111111111"]`): an agent role (bedrock-agentcore trust)
 * with `table.grantFullAccess` and a read-only `permissionsBoundary` passes; removing the boundary
 * with `addDeletionOverride`, or with `addPropertyOverride(…, AWS::NoValue)` in an aspect added
 * after AgentGuardrails, or pointing it at a policy outside the app, is agent-destructive-prod;
 * `addOverride` adding AdministratorAccess to the bounded role stays capped. The first run agreed
 * (checked, no defect). `PermissionsBoundary.of(role).apply()` is itself an aspect that writes the
 * boundary back over an earlier deletion override, so these use the role's own `permissionsBoundary`.
 */
import { Aspects, RemovalPolicy, Stack, type App, type IAspect } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";
import type { Finding } from "../../src/core/finding.js";
import { aspectAndScan } from "./aspect-scan.js";

const config = { production: { accounts: ["111111111111"] } };
const subjects = (findings: Finding[]): string[] => [...new Set(findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error").map((f) => `${f.rule} ${f.subject}`))].sort();

function app(change: (role: iam.CfnRole, app: App) => void) {
  return (a: App): void => {
    const stack = new Stack(a, "Agents", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
    const readOnly = new iam.ManagedPolicy(stack, "ReadOnly", { statements: [new iam.PolicyStatement({ actions: ["dynamodb:GetItem"], resources: ["*"] })] });
    const role = new iam.Role(stack, "CodingAgentRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com"), permissionsBoundary: readOnly });
    const table = new dynamodb.Table(stack, "Orders", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true });
    table.grantFullAccess(role);
    change(role.node.defaultChild as iam.CfnRole, a);
  };
}

const FLAGGED = [expect.stringMatching(/^agent-destructive-prod Agents\/CodingAgentRole[0-9A-F]{8}$/)];

describe("escape hatches on a bounded agent role", () => {
  test.each([
    ["no override: the boundary caps the grant", () => undefined, []],
    ["addDeletionOverride of the boundary", (role: iam.CfnRole) => role.addDeletionOverride("Properties.PermissionsBoundary"), FLAGGED],
    ["an aspect added later removes it", (role: iam.CfnRole, a: App) => Aspects.of(a).add({ visit: (n: IConstruct) => (n === role ? role.addPropertyOverride("PermissionsBoundary", { Ref: "AWS::NoValue" }) : undefined) } as IAspect), FLAGGED],
    ["a boundary outside the app", (role: iam.CfnRole) => role.addPropertyOverride("PermissionsBoundary", "arn:aws:iam::111111111111:policy/whatever"), FLAGGED],
    ["addOverride of AdministratorAccess stays within the boundary", (role: iam.CfnRole) => role.addOverride("Properties.ManagedPolicyArns", ["arn:aws:iam::aws:policy/AdministratorAccess"]), []],
  ] as [string, (role: iam.CfnRole, a: App) => void, unknown[]][])("%s", async (_, change, expected) => {
    expect(await aspectAndScan(app(change), config, subjects)).toEqual(expected);
  }, 60_000);
});
