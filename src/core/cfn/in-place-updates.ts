/**
 * Resources whose update the CloudFormation registry does not describe, but whose handler or
 * transform is known: the changes applied in place, destroying nothing (docs/replacement-gate.md
 * lists them). Any other change to them fails closed in the rule (changeset-destroys-prod.ts): a
 * custom resource's handler can delete anything.
 */
import { isRecord } from "../is-record.js";
import type { ResourceChange } from "./changeset.js";

/**
 * Resources whose handler aws-cdk-lib ships and documents (and SAM's connector), with the properties
 * whose change is applied in place, destroying nothing. `Custom::CDKBucketDeployment` (aws-s3-deployment's BucketDeployment) copies
 * its source into its destination on every update, removing there what the source no longer has
 * (`prune`: the destination mirrors the build, as on its first deploy). Its source changes with
 * every build, so a static site's every pull request would otherwise fail as an unknown custom
 * resource. Anything else (a new destination, `Prune`, `Exclude`/`Include`, which decide what is
 * deleted, `RetainOnDelete`, the handler itself) still fails closed.
 */
const IN_PLACE_PROPERTIES: Record<string, ReadonlySet<string>> = {
  "Custom::CDKBucketDeployment": new Set([
    "SourceBucketNames",
    "SourceObjectKeys",
    "SourceMarkers",
    "SourceMarkersConfig",
    "DistributionId",
    "DistributionPaths",
    "WaitForDistributionInvalidation",
    "UserMetadata",
    "SystemMetadata",
    "OutputObjectKeys",
    "SignContent",
  ]),
  // aws-logs' LogRetention (a function's `logRetention`): on Update it sets the retention of the
  // log group it names (its physical id) and deletes the group only on Delete with RemovalPolicy
  // destroy. A new period is what `RetentionInDays` of an AWS::Logs::LogGroup does in place.
  // Another LogGroupName or region, or RemovalPolicy, still fails closed.
  "Custom::LogRetention": new Set(["RetentionInDays", "SdkRetry"]),
  // A stack's `crossRegionReferences`: the producer's writer keeps one SSM parameter per export
  // under /cdk/exports/ in the consumer's region, the consumer's reader tags those it reads
  // (custom-resource-handlers/lib/core/cross-region-ssm-{writer,reader}-handler). On Update the
  // writer fails the deploy when a value changes or a removed export is still read, and otherwise
  // puts and deletes only its own /cdk/exports/ parameters; the reader only tags and untags them.
  // Neither touches anything else, so a new export (a Lambda@Edge version after a code change) or
  // import is in place. A new handler (ServiceToken) still fails closed.
  "Custom::CrossRegionExportWriter": new Set(["WriterProps"]),
  "Custom::CrossRegionExportReader": new Set(["ReaderProps"]),
  // CfnJson (an IAM condition keyed by a token, as EKS service-account roles are written) and
  // CfnJsonStringify: the handler (custom-resource-handlers/lib/core/cfn-utils-provider) only
  // parses or stringifies `Value` and returns it. It calls no API, so a new value changes nothing.
  "Custom::AWSCDKCfnJson": new Set(["Value"]),
  "Custom::AWSCDKCfnJsonStringify": new Set(["Value"]),
  // A bucket's event notifications (`bucket.addEventNotification`): on Update the handler
  // (custom-resource-handlers/lib/aws-s3/notifications-resource-handler) puts the bucket's
  // notification configuration, keeping notifications made outside the stack unless the stack owns
  // the bucket (`Managed`). Which events go where changes; no object is touched. Another bucket,
  // `Managed` or the handler still fails closed.
  "Custom::S3BucketNotifications": new Set(["NotificationConfiguration", "SkipDestinationValidation"]),
  // A SAM connector (the registry has no schema for it): its Permissions only choose the statements
  // of the policy SAM writes under the same logical id (an IAM managed policy, a queue or topic
  // policy: updated in place), or are Write alone (a Lambda permission): nothing is replaced. A new
  // Source or Destination may replace a Lambda permission and still fails closed.
  "AWS::Serverless::Connector": new Set(["Permissions"]),
  // cloudfront.experimental.EdgeFunction in a stack outside us-east-1: the handler
  // (custom-resource-handlers/lib/aws-cloudfront/edge-function) only reads the function's ARN from
  // an SSM parameter there; `RefreshToken` changes with every new version of the function.
  "Custom::CrossRegionStringParameterReader": new Set(["Region", "ParameterName", "RefreshToken"]),
};

/** A change to a known custom resource that touches only the properties its handler applies in place. */
function propertiesInPlace(change: ResourceChange): boolean {
  const contentOnly = Object.hasOwn(IN_PLACE_PROPERTIES, change.resourceType) ? IN_PLACE_PROPERTIES[change.resourceType] : undefined;
  return contentOnly !== undefined && change.details.length > 0 && change.details.every((d) => d.attribute === "Properties" && d.name !== undefined && contentOnly.has(d.name));
}

const EKS_CLUSTER = "Custom::AWSCDK-EKS-Cluster";

/**
 * aws-eks' Cluster (custom-resource-handlers/lib/aws-eks/cluster-resource-handler/cluster.ts,
 * `onUpdate` and `analyzeUpdate`): on Update the handler creates a new cluster, and CloudFormation
 * deletes the old one, when the cluster's `name`, `roleArn`,
 * `accessConfig.bootstrapClusterCreatorAdminPermissions` or `bootstrapSelfManagedAddons` changes;
 * it updates the cluster in place for its version, logging, endpoint access and subnets, security
 * groups, authentication mode, tags, deletion protection and control-plane tier (and refuses a new
 * encryption configuration, failing the deploy). Judged from the `Config` of both templates, so
 * only in a template diff; a key the handler does not compare, or a Config whose new value comes
 * from a replaced resource or a parameter (`roleArn` of a replaced role), fails closed.
 */
const EKS_IN_PLACE = new Set(["version", "logging", "resourcesVpcConfig", "accessConfig", "tags", "deletionProtection", "controlPlaneScalingConfig"]);
const EKS_VPC_KEYS = new Set(["subnetIds", "securityGroupIds", "endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs"]);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** The handler's reading of a boolean flag it defaults to true (`"false"` from a token is false). */
const flagOn = (v: unknown): boolean => (v === undefined || v === null ? true : v === true || v === "true");

function eksClusterInPlace(change: ResourceChange): boolean {
  if (change.resourceType !== EKS_CLUSTER || change.details.length === 0) return false;
  for (const d of change.details) {
    if (d.attribute !== "Properties" || d.causingEntity !== undefined) return false;
    // AttributesRevision only makes the provider read the cluster's attributes again.
    if (d.name === "AttributesRevision") continue;
    if (d.name !== "Config" || !d.values || !isRecord(d.values.before) || !isRecord(d.values.after)) return false;
    const before = d.values.before;
    const after = d.values.after;
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (same(before[key], after[key])) continue;
      if (!EKS_IN_PLACE.has(key)) return false;
      if (key === "resourcesVpcConfig" && !changesOnly(before[key], after[key], EKS_VPC_KEYS)) return false;
      if (key === "accessConfig") {
        const [was, now] = [isRecord(before[key]) ? before[key] : {}, isRecord(after[key]) ? after[key] : {}];
        if (flagOn(was["bootstrapClusterCreatorAdminPermissions"]) !== flagOn(now["bootstrapClusterCreatorAdminPermissions"])) return false;
        if (!changesOnly(was, now, new Set(["authenticationMode", "bootstrapClusterCreatorAdminPermissions"]))) return false;
      }
    }
    if (flagOn(before["bootstrapSelfManagedAddons"]) !== flagOn(after["bootstrapSelfManagedAddons"])) return false;
  }
  return true;
}

/** Whether two objects differ only in the given keys. */
function changesOnly(before: unknown, after: unknown, keys: ReadonlySet<string>): boolean {
  const [was, now] = [isRecord(before) ? before : {}, isRecord(after) ? after : {}];
  return [...new Set([...Object.keys(was), ...Object.keys(now)])].every((k) => keys.has(k) || same(was[k], now[k]));
}

/**
 * Custom resource types whose handler aws-cdk-lib ships and whose Create was read in its
 * custom-resource-handlers: adding one deletes nothing that exists (the ones above but a
 * BucketDeployment, whose Create prunes from its destination what its source lacks: aimed at a
 * bucket that holds data, it deletes objects; a bucket's
 * `autoDeleteObjects` and a repository's `emptyOnDelete`, which delete only on Delete; a VPC's
 * `restrictDefaultSecurityGroup`, which removes the default security group's rules).
 */
export const KNOWN_HANDLER_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(IN_PLACE_PROPERTIES).filter((type) => type.startsWith("Custom::") && type !== "Custom::CDKBucketDeployment"),
  EKS_CLUSTER,
  "Custom::S3AutoDeleteObjects",
  "Custom::ECRAutoDeleteImages",
  "Custom::VpcRestrictDefaultSG",
]);

/** A change that the resource's known handler or transform applies in place. */
export function appliedInPlace(change: ResourceChange): boolean {
  return propertiesInPlace(change) || eksClusterInPlace(change);
}
