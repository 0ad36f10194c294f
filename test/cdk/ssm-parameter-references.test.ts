/**
 * A value one stack stores in Parameter Store (`new ssm.StringParameter(data, …, { parameterName,
 * stringValue: bucket.bucketArn })`) and another reads back by its name
 * (`ssm.StringParameter.valueForStringParameter(agent, name)`, a template parameter of type
 * `AWS::SSM::Parameter::Value<String>` whose Default is the name): CDK users do this to avoid the
 * lock-in of exports. The pattern is real: PrettySolution/pretty-infrastructure @ 3620d3dd
 * (Apache-2.0) stores its website bucket's ARN as `/myApp/webSite/bucket/bucketArn` in
 * `src/stacks/CloudFrontDistributionStack.ts` for its `WebSiteStack` to read.
 *
 * Input: aws-cdk-lib 2.276.0 synthesized in-process (class probes of ours).
 * Expected before the first run, `production.accounts: ["111111111111"]`:
 * - an agent role given `grantPut` on the bucket so read: no finding, as when the bucket is
 *   referenced by an export. Before: agent-privilege-escalation, `s3:PutObject` on every object (any
 *   bucket, CDK's asset buckets included).
 * - the same grant read from a name no stack of the input writes: the escalation stays (fail closed).
 * - the name written by a stack of another account only (222222222222): not that stack's bucket;
 *   the escalation stays.
 * - a delete grant on a production stack's bucket so read, from a development stack (default
 *   config): agent-destructive-prod citing that bucket. Before: the same error "on *".
 */
import { RemovalPolicy, Stack, type App } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as ssm from "aws-cdk-lib/aws-ssm";
import type { Finding } from "../../src/core/finding.js";
import type { UserConfig } from "../../src/policy/schema.js";
import { aspectAndScan } from "./aspect-scan.js";

const agentErrors = (findings: Finding[]): string[] =>
  findings.filter((f) => f.rule.startsWith("agent-") && f.severity === "error" && !f.suppressed).map((f) => `${f.rule} ${f.subject}: ${f.message}`).sort();
const config: UserConfig = { production: { accounts: ["111111111111"] } };

function app(options: { grant: "put" | "delete"; writtenName?: string; writerAccount?: string; names?: [string, string] }) {
  return (a: App): void => {
    const [dataName, agentName] = options.names ?? ["Data", "Agent"];
    const data = new Stack(a, dataName, { env: { account: options.writerAccount ?? "111111111111", region: "us-east-1" }, terminationProtection: true });
    const bucket = new s3.Bucket(data, "Uploads", { removalPolicy: RemovalPolicy.RETAIN });
    new ssm.StringParameter(data, "UploadsArn", { parameterName: options.writtenName ?? "/app/uploads/arn", stringValue: bucket.bucketArn });
    const agent = new Stack(a, agentName, { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
    const uploads = s3.Bucket.fromBucketArn(agent, "Uploads", ssm.StringParameter.valueForStringParameter(agent, "/app/uploads/arn"));
    const role = new iam.Role(agent, "RuntimeRole", { assumedBy: new iam.ServicePrincipal("bedrock-agentcore.amazonaws.com") });
    if (options.grant === "put") uploads.grantPut(role);
    else uploads.grantDelete(role);
  };
}

describe("a resource another stack of the app stores in Parameter Store, read back by name", () => {
  test("a put grant on the stored bucket: no escalation, as through an export", async () => {
    expect(await aspectAndScan(app({ grant: "put" }), config, agentErrors)).toEqual([]);
  });

  test("a name no stack of the input writes: any bucket, the escalation stays", async () => {
    expect(await aspectAndScan(app({ grant: "put", writtenName: "/app/other/arn" }), config, agentErrors)).toEqual([
      expect.stringMatching(/^agent-privilege-escalation Agent\/RuntimeRole\w+: .*s3:PutObject on \*\/\*/),
    ]);
  });

  test("the name written in another account only: not that bucket, the escalation stays", async () => {
    expect(await aspectAndScan(app({ grant: "put", writerAccount: "222222222222" }), config, agentErrors)).toEqual([
      expect.stringMatching(/^agent-privilege-escalation Agent\/RuntimeRole\w+: .*s3:PutObject on \*\/\*/),
    ]);
  });

  test("a development agent's delete grant on a production stack's stored bucket: reported on that bucket", async () => {
    expect(await aspectAndScan(app({ grant: "delete", names: ["DataProd", "AgentDev"] }), {}, agentErrors)).toEqual([
      expect.stringMatching(/^agent-destructive-prod AgentDev\/RuntimeRole\w+: .*s3:DeleteObject.* on AWS::S3::Bucket Uploads\w+ of stack DataProd/),
    ]);
  });
});
