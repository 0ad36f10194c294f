/**
 * The replacement gate on aws-eks' Cluster (`Custom::AWSCDK-EKS-Cluster`, real `aws-cdk-lib`
 * synth, in-process). Its handler (aws-cdk-lib custom-resource-handlers, aws-eks
 * cluster-resource-handler, `onUpdate`/`analyzeUpdate`, Apache-2.0) updates the cluster in place
 * for a new Kubernetes version, endpoint access, logging, subnets or tags, and creates a new
 * cluster (CloudFormation then deletes the old one) when its name, role,
 * `bootstrapClusterCreatorAdminPermissions` or `bootstrapSelfManagedAddons` changes. Verdicts
 * written before running, from that handler: the version upgrade an agent proposes passes; every
 * change that makes a new cluster fails, and so does the cluster behind another handler.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Stack } from "aws-cdk-lib";
import * as eks from "aws-cdk-lib/aws-eks";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { gate, withOtherHandler } from "./gate.js";

const work = mkdtempSync(path.join(tmpdir(), "ag-eks-"));
const env = { account: "111111111111", region: "eu-west-1" };

interface Options {
  version?: string;
  endpointAccess?: eks.EndpointAccess;
  clusterName?: string;
  /** The cluster's role, made by the app (its name decides whether it is replaced). */
  roleName?: string;
  bootstrapClusterCreatorAdminPermissions?: boolean;
}

let synths = 0;
function synth(options: Options = {}, otherHandler?: string): string {
  const outdir = path.join(work, `${synths++}.out`);
  const app = new App({ outdir });
  const stack = new Stack(app, "PlatformProd", { env, terminationProtection: true });
  const role = options.roleName ? new iam.Role(stack, "ClusterRole", { roleName: options.roleName, assumedBy: new iam.ServicePrincipal("eks.amazonaws.com") }) : undefined;
  new eks.Cluster(stack, "Cluster", {
    version: eks.KubernetesVersion.of(options.version ?? "1.31"),
    defaultCapacity: 0,
    // What @aws-cdk/lambda-layer-kubectl-v31 publishes, by ARN: the cluster's own resource does not use it.
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, "Kubectl", "arn:aws:lambda:eu-west-1:111111111111:layer:kubectl-v31:1"),
    ...(options.endpointAccess ? { endpointAccess: options.endpointAccess } : {}),
    ...(options.clusterName ? { clusterName: options.clusterName } : {}),
    ...(role ? { role } : {}),
    ...(options.bootstrapClusterCreatorAdminPermissions === undefined ? {} : { bootstrapClusterCreatorAdminPermissions: options.bootstrapClusterCreatorAdminPermissions }),
  });
  app.synth();
  if (otherHandler) withOtherHandler(path.join(outdir, "PlatformProd.template.json"), "Custom::AWSCDK-EKS-Cluster", otherHandler);
  return outdir;
}

const errors = (out: Awaited<ReturnType<typeof gate>>["out"]) => out.findings.filter((f) => f.severity === "error").map((f) => f.message);

describe("aws-eks Cluster", () => {
  const base = synth({ roleName: "platform-cluster" });

  test.each([
    ["a Kubernetes version upgrade (1.31 → 1.32)", { version: "1.32" }],
    ["private endpoint access only", { endpointAccess: eks.EndpointAccess.PRIVATE }],
  ])("%s: updated in place, the gate passes", async (_name, options) => {
    const { code, out } = await gate(work, base, synth({ roleName: "platform-cluster", ...options }));
    expect(out.errors).toEqual([]);
    expect(errors(out)).toEqual([]);
    expect(code).toBe(0);
  });

  test.each([
    ["a cluster name", { clusterName: "platform-v2" }],
    ["a new role (renamed: CloudFormation replaces it, and the cluster's roleArn follows)", { roleName: "platform-cluster-v2" }],
    ["no admin permissions for the creator", { bootstrapClusterCreatorAdminPermissions: false }],
  ])("%s: a new cluster replaces the old one, the gate fails", async (_name, options) => {
    const { code, out } = await gate(work, base, synth({ roleName: "platform-cluster", ...options }));
    expect(code).toBe(1);
    expect(errors(out)).toContainEqual(expect.stringMatching(/^Custom::AWSCDK-EKS-Cluster .* whose handler CloudFormation cannot describe/));
  });

  test("a version upgrade behind another handler fails closed", async () => {
    const { code, out } = await gate(work, base, synth({ roleName: "platform-cluster", version: "1.32" }, "arn:aws:lambda:eu-west-1:111111111111:function:other"));
    expect(code).toBe(1);
    expect(errors(out)).toContainEqual(expect.stringMatching(/^Custom::AWSCDK-EKS-Cluster .* whose handler CloudFormation cannot describe/));
  });
});
