/**
 * Replacements an `UpdatePolicy` decides. A few properties replace their resource when they
 * change unless the resource's `UpdatePolicy` tells CloudFormation to update it in place, which a
 * registry schema cannot say ("replaces, unless ..."). The CloudFormation Template Reference,
 * `UpdatePolicy` attribute, lists them:
 * - a search domain's version ("EnableVersionUpgrade policy": "When EnableVersionUpgrade is set to
 *   false, or is not specified, updating EngineVersion results in replacement").
 *   `@aws-cdk/aws-service-spec` marks OpenSearch's `EngineVersion` as an update and
 *   Elasticsearch's `ElasticsearchVersion` as a possible replacement, so a version bump of an
 *   OpenSearch domain without the policy (aws-cdk-lib's default) read as an in-place update, and
 *   one with it as a possible replacement;
 * - an ElastiCache replication group's shards ("UseOnlineResharding policy": with it CloudFormation
 *   adds or removes shards "rather than replacing the entire resource"; without it "updating
 *   NumNodeGroups results in replacement", and NodeGroupConfiguration likewise). The spec marks
 *   both as possible replacements, so a resharding that keeps the data failed unless
 *   `--allow-conditional`, which then also waived the certain replacement of a group without it.
 * (AutoScalingReplacingUpdate is the opposite case, a policy that makes a replacement, and is not
 * judged here.) This module sets the impact from the policy instead.
 */
import { ResourceImpact, type ResourceDifference } from "@aws-cdk/cloudformation-diff/lib/diff/types.js";
import { isRecord } from "../core/is-record.js";

interface PolicyRule {
  /** The properties whose change the policy turns into an in-place update. */
  properties: readonly string[];
  /** The policy's key in `UpdatePolicy`. */
  policy: string;
  /** How CDK code turns it on, for the advice. */
  cdk: string;
}

/** By resource type: the properties an update policy governs. */
const UPGRADED_IN_PLACE: Readonly<Record<string, PolicyRule>> = {
  "AWS::OpenSearchService::Domain": { properties: ["EngineVersion"], policy: "EnableVersionUpgrade", cdk: "`enableVersionUpgrade: true`" },
  "AWS::Elasticsearch::Domain": { properties: ["ElasticsearchVersion"], policy: "EnableVersionUpgrade", cdk: "`enableVersionUpgrade: true`" },
  "AWS::ElastiCache::ReplicationGroup": { properties: ["NumNodeGroups", "NodeGroupConfiguration"], policy: "UseOnlineResharding", cdk: "`cfnOptions.updatePolicy = { useOnlineResharding: true }`" },
};

/** CloudFormation reads the policy's boolean as `true` or `"true"`; an intrinsic function is not known to be either (fail closed). */
function policyOn(resource: unknown, key: string): boolean {
  const policy = isRecord(resource) ? resource["UpdatePolicy"] : undefined;
  const value = isRecord(policy) ? policy[key] : undefined;
  return value === true || value === "true";
}

const reasons = new WeakMap<object, string>();

/** Why the update policy decided this property difference's impact, when it did. */
export function updatePolicyReason(diff: object): string | undefined {
  return reasons.get(diff);
}

/**
 * Sets, in place, the impact of each property an update policy governs on a resource of `type`:
 * an in-place update only when the policy is on in both templates (which side's policy
 * CloudFormation applies to this very update is not something a reviewer should have to know, as
 * for UpdateReplacePolicy), else a replacement. The resource's impact follows.
 */
export function reviseUpdatePolicyImpacts(change: ResourceDifference, type: string, before: unknown, after: unknown): void {
  const rule = Object.hasOwn(UPGRADED_IN_PLACE, type) ? UPGRADED_IN_PLACE[type] : undefined;
  if (!rule) return;
  const inPlace = policyOn(before, rule.policy) && policyOn(after, rule.policy);
  for (const property of rule.properties) {
    const diff = Object.hasOwn(change.propertyUpdates, property) ? change.propertyUpdates[property] : undefined;
    if (!diff || diff.changeImpact === undefined || String(diff.changeImpact) === "NO_CHANGE") continue;
    if (inPlace) {
      diff.changeImpact = ResourceImpact.WILL_UPDATE;
      continue;
    }
    diff.changeImpact = ResourceImpact.WILL_REPLACE;
    reasons.set(diff, `${property} replaces it unless UpdatePolicy ${rule.policy} is true in both the deployed and the new template (in CDK ${rule.cdk}, deployed in a change of its own first)`);
  }
}
