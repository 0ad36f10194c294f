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
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as eks from "aws-cdk-lib/aws-eks";
import * as eksv2 from "aws-cdk-lib/aws-eks-v2";
import type { Finding } from "../../src/core/finding.js";
import { aspectAndScan } from "./aspect-scan.js";
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

/**
 * The providers aws-cdk-lib makes for its own custom resources, each once per stack under an id
 * `@aws-cdk/<module>.<Name>` (dynamodb's ReplicaProvider for `replicationRegions`, eks's
 * ClusterResourceProvider and KubectlProvider nested stacks, glue's PartitionIndexProvider), and
 * the roles eks.Cluster makes for them (`Resource/CreationRole`, `KubectlHandlerRole`; aws-eks-v2's
 * `KubectlProvider`), and DnsValidatedCertificate's `CertificateRequestorFunction`, are
 * CloudFormation's to run on deploy. In a stack named for its agent they
 * failed synth and scan as the agent's (DeleteTable on the replicated table, eks:DeleteCluster,
 * AmazonEKSClusterAdminPolicy of the kubectl handler). Decided before running: only the app's
 * own roles remain, the handler deleting the table and each cluster's service role (eks.amazonaws.com,
 * the app's: counted by the stack's name as documented), Aspect = scan.
 */
it("the providers and roles aws-cdk-lib makes for its custom resources in an agent's stack are no agent's", async () => {
  const agentErrors = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith("agent-") && !f.suppressed).map((f) => `${f.rule} ${f.message.split(" can ")[0]}`).sort();
  const found = await aspectAndScan(
    (app) => {
      app.node.setContext("aws:cdk:enable-path-metadata", true);
      const stack = new Stack(app, "SupportAgentProd", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
      const table = new dynamodb.Table(stack, "History", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST, removalPolicy: RemovalPolicy.RETAIN, replicationRegions: ["eu-west-1"] });
      const handler = new lambda.Function(stack, "Handler", { runtime: lambda.Runtime.NODEJS_20_X, handler: "index.handler", code: lambda.Code.fromInline("exports.handler = async () => 1") });
      handler.addToRolePolicy(new iam.PolicyStatement({ actions: ["dynamodb:DeleteTable"], resources: [table.tableArn] }));
      const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 2, natGateways: 0 });
      const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
      const v1 = new eks.Cluster(stack, "Cluster", { vpc, version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer, vpcSubnets: [{ subnetType: ec2.SubnetType.PUBLIC }] });
      v1.addManifest("ns", { apiVersion: "v1", kind: "Namespace", metadata: { name: "agents" } });
      const v2 = new eksv2.Cluster(stack, "ClusterV2", { vpc, version: eksv2.KubernetesVersion.V1_34, defaultCapacityType: eksv2.DefaultCapacityType.NODEGROUP, defaultCapacity: 0, kubectlProviderOptions: { kubectlLayer }, vpcSubnets: [{ subnetType: ec2.SubnetType.PUBLIC }] });
      v2.addManifest("ns", { apiVersion: "v1", kind: "Namespace", metadata: { name: "agents" } });
      // acm:DeleteCertificate on *, route53:ChangeResourceRecordSets on the zone: its custom resource's.
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, "Zone", { hostedZoneId: "Z0123456789", zoneName: "example.com" });
      new acm.DnsValidatedCertificate(stack, "Cert", { domainName: "agents.example.com", hostedZone: zone });
    },
    { production: { accounts: ["111111111111"] } },
    agentErrors,
  );
  expect(found).toEqual([
    "agent-destructive-prod Role SupportAgentProd/Cluster/Role/Resource",
    "agent-destructive-prod Role SupportAgentProd/ClusterV2/Role/Resource",
    "agent-destructive-prod Role SupportAgentProd/Handler/ServiceRole/Resource",
  ]);
});

/**
 * BucketDeployment makes one handler per memoryLimit, ephemeral storage, VPC and security groups,
 * the uuid of its singleton id suffixed with them (`…8756C1024MiB`): with `memoryLimit: 1024` (as
 * a site deployment often sets) or a VPC, its role (s3:DeleteObject* on the bucket, to prune) was
 * the agent's in a stack named for one. Decided before running: nothing, Aspect = scan.
 */
it("a BucketDeployment with memoryLimit or a VPC in an agent's stack is CDK's own", async () => {
  const agentErrors = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith("agent-") && !f.suppressed).map((f) => `${f.rule} ${f.message.split(" can ")[0]}`);
  const found = await aspectAndScan(
    (app) => {
      app.node.setContext("aws:cdk:enable-path-metadata", true);
      const stack = new Stack(app, "SupportAgentProd", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
      const site = new s3.Bucket(stack, "Site", { removalPolicy: RemovalPolicy.RETAIN });
      const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 1, natGateways: 0 });
      new s3deploy.BucketDeployment(stack, "Deploy", { sources: [s3deploy.Source.data("index.html", "<p>orders</p>")], destinationBucket: site, memoryLimit: 1024 });
      new s3deploy.BucketDeployment(stack, "DeployInVpc", { sources: [s3deploy.Source.data("index.html", "<p>orders</p>")], destinationBucket: site, vpc });
    },
    { production: { accounts: ["111111111111"] } },
    agentErrors,
  );
  expect(found).toEqual([]);
});
