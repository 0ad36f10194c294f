/**
 * An AI agent's CDK app names its stack for the agent (`SupportAgentProd`); `cdk synth` names each
 * role without roleName by its construct path, stack first. The roles CDK makes by itself (a
 * function's logRetention, a bucket's autoDeleteObjects) are CloudFormation's to run on deploy and
 * no agent's; the app's own roles still count by the stack's name. Decided before running: the two
 * CDK roles (logs:PutRetentionPolicy on *, s3:DeleteObject on the bucket) pass, the handler's
 * role, granted s3:DeleteBucket, is reported.
 */
import { App, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import { evaluateTemplates } from "../../src/core/cfn/evaluate.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";

it("CDK's own roles in an agent's stack are no agent's; the app's roles still are", () => {
  const app = new App({ context: { "aws:cdk:enable-path-metadata": true } });
  const stack = new Stack(app, "SupportAgentProd");
  const handler = new lambda.Function(stack, "Handler", { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => 1"), logRetention: logs.RetentionDays.ONE_WEEK });
  const bucket = new s3.Bucket(stack, "Docs", { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
  handler.addToRolePolicy(new iam.PolicyStatement({ actions: ["s3:DeleteBucket"], resources: [bucket.bucketArn] }));
  const template: unknown = app.synth().getStackByName("SupportAgentProd").template;
  const { findings, errors } = evaluateTemplates([{ file: "SupportAgentProd.template.json", value: template, stackName: "SupportAgentProd" }], resolvePolicy(), loadCatalogue());
  expect(errors).toEqual([]);
  const agents = findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`);
  expect(agents).toEqual([expect.stringMatching(/^agent-destructive-prod SupportAgentProd\/HandlerServiceRole/)]);
});
