/**
 * First-day advice for an unprotected store in CDK: not every construct takes `removalPolicy` in
 * its props (codecommit.Repository, bedrockagentcore.Memory do not), so the advice names
 * `applyRemovalPolicy`, which every L2 resource and CfnResource has; following it passes.
 *
 * Real input: aws-samples/aws-cdk-examples @ bccff1d2775e4b0bf777721c6b41c0107e122f73,
 * `typescript/codepipeline-glue-deploy/lib/codepipeline-glue-deploy-stack.ts` (Apache-2.0): its
 * `codecommit.Repository` (no removal policy: CloudFormation's Delete). Decided before running:
 * reported unprotected, with advice a first-day user can follow. Before: "Set removalPolicy:
 * RemovalPolicy.RETAIN", which `new codecommit.Repository(…, { removalPolicy })` refuses (no such prop).
 */
import { RemovalPolicy, Stack, type App } from "aws-cdk-lib";
import * as codecommit from "aws-cdk-lib/aws-codecommit";
import type { Finding } from "../../src/core/finding.js";
import { aspectAndScan } from "./aspect-scan.js";

const config = { production: { accounts: ["111111111111"] } };
const repositoryMessages = (findings: Finding[]): string[] => findings.filter((f) => f.subject.includes("EtlRepository")).map((f) => f.message);

function app(retain: boolean) {
  return (a: App): void => {
    const stack = new Stack(a, "CodepipelineGlueDeploy", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
    const repository = new codecommit.Repository(stack, "EtlRepository", { repositoryName: "EtlRepository", description: "EtlRepository" });
    if (retain) repository.applyRemovalPolicy(RemovalPolicy.RETAIN);
  };
}

it("a CodeCommit repository without a removal policy is told to applyRemovalPolicy, and passes once it does", async () => {
  const [message] = await aspectAndScan(app(false), config, repositoryMessages);
  expect(message).toContain("applyRemovalPolicy(RemovalPolicy.RETAIN)");
  expect(await aspectAndScan(app(true), config, repositoryMessages)).toEqual([]);
});
