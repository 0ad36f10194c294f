/**
 * A Service Catalog `ProductStack` is a stack inside a stack whose template CDK writes while it
 * synthesizes (`_synthesizeTemplate`): only then does it add the template as a file asset and
 * fill the URL the parent's `AWS::ServiceCatalog::CloudFormationProduct` names
 * (`ProvisioningArtifactParameters[].Info.LoadTemplateFromURL`). The Aspect renders each stack in
 * the validation step, before that; CDK must not take that earlier rendering of the parent as the
 * one it writes, or the product is deployed without its template.
 *
 * Real input: aws-samples/aws-cdk-examples @ bccff1d2775e4b0bf777721c6b41c0107e122f73,
 * `typescript/servicecatalog/portfolio-with-ec2-product/lib/portfolio-with-ec2-product.ts`
 * (Apache-2.0), reduced to its product stack (VPC, EC2 role, instance), product and portfolio (the
 * `fromAsset` version, its launch constraint, SNS notification and access grants left out).
 * Decided before running: the parent's template is the one CDK writes without the Aspect. Before
 * the fix the Aspect's app wrote `"Info": {}` (the product's URL lost: CloudFormation rejects it).
 */
import { App, Aspects, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as sc from "aws-cdk-lib/aws-servicecatalog";
import { AgentGuardrails } from "../../src/cdk/index.js";
import { buildProductApp } from "./apps.js";
import { aspectAndScan } from "./aspect-scan.js";

class Ec2ProductStack extends sc.ProductStack {
  constructor(scope: Stack, id: string) {
    super(scope, id);
    const vpc = new ec2.Vpc(this, "VPC", { natGateways: 0, subnetConfiguration: [{ cidrMask: 24, name: "public", subnetType: ec2.SubnetType.PUBLIC }] });
    const role = new iam.Role(this, "ec2Role", { assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com") });
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"));
    new ec2.Instance(this, "Instance", { vpc, instanceType: new ec2.InstanceType("t4g.micro"), machineImage: new ec2.AmazonLinuxImage({ generation: ec2.AmazonLinuxGeneration.AMAZON_LINUX_2, cpuType: ec2.AmazonLinuxCpuType.ARM_64 }), role });
  }
}

function parentTemplate(withAspect: boolean): unknown {
  const app = new App();
  const stack = new Stack(app, "Ec2CdkStack", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
  const portfolio = new sc.Portfolio(stack, "DevToolsPortfolio", { displayName: "DevTools", providerName: "IT" });
  const product = new sc.CloudFormationProduct(stack, "VpcEC2SampleStack", {
    productName: "Ec2CdkStack",
    owner: "IT",
    productVersions: [{ cloudFormationTemplate: sc.CloudFormationTemplate.fromProductStack(new Ec2ProductStack(stack, "VpcEc2Product")), productVersionName: "FromProductStack" }],
  });
  portfolio.addProduct(product);
  if (withAspect) Aspects.of(app).add(new AgentGuardrails({ config: { production: { accounts: ["111111111111"] } } }));
  return app.synth().getStackByName("Ec2CdkStack").template;
}

it("the Aspect leaves the product's template URL in the template CDK writes", () => {
  const written = parentTemplate(true);
  expect(JSON.stringify(written)).toContain("LoadTemplateFromURL");
  expect(written).toEqual(parentTemplate(false));
});

/**
 * The product's template is what Service Catalog deploys, in the portfolio's account, when a user
 * provisions it: judged in its parent's scope, as a nested stack is (no termination protection of
 * its own to set: Service Catalog makes that stack), in the Aspect and in `scan cdk.out` alike.
 * Decided before running (ours: the example's product stack given an agent role with
 * `table.grantFullAccess`): agent-destructive-prod on that role; no "production stack without
 * termination protection" for the product. Before: the Aspect reported the role and the product
 * stack's termination protection ("set terminationProtection: true", which nothing deploys),
 * `scan cdk.out` neither (it did not read the product's template).
 */
it("a product stack's template is judged as its parent's nested template, Aspect = scan", async () => {
  const found = await aspectAndScan(buildProductApp, { production: { accounts: ["111111111111"] } }, (findings) => findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.subject}`).sort());
  expect(found).toEqual([expect.stringMatching(/^agent-destructive-prod Ec2CdkStack\.Ec2CdkStackOpsProduct[0-9A-F]{8}\/ClaudeOpsRole[0-9A-F]{8}$/)]);
});

it("a plain stack under a stack is still a stack of its own (its termination protection judged), Aspect = scan", async () => {
  const build = (app: App): void => {
    const outer = new Stack(app, "Outer", { env: { account: "111111111111", region: "us-east-1" }, terminationProtection: true });
    new dynamodb.Table(new Stack(outer, "Inner", { env: { account: "111111111111", region: "us-east-1" } }), "T", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
  };
  const found = await aspectAndScan(build, { production: { accounts: ["111111111111"] } }, (findings) => findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.subject}`).sort());
  expect(found).toEqual(["prod-resource-unprotected OuterInner590FD8F7"]);
});
