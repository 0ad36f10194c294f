/**
 * Turning a resource's deletion protection off is T2 (policies/destructive-actions.yaml): an
 * agent that can do it can then delete the resource. The resource types that have such a
 * protection are read from the CloudFormation registry schemas of @aws-cdk/aws-service-spec (the
 * copy the replacement gate uses), so a type that gains one in a dependency update fails here
 * until its action is tiered or the exception below says why not.
 */
import { sharedDatabase } from "../../../src/aws/nested-impacts.js";
import { tierIndex } from "../../../src/core/iam/tiers.js";
import { catalogue, policy } from "./helpers.js";

/**
 * A property that keeps the resource from being deleted or terminated while it is set, however the
 * schema spells it (DeletionProtected, DeletionProtectionCheck, TerminationProtectionEnabled, ...).
 */
const PROTECTION = /Delet(?:e|ion)Protect|TerminationProtect/i;

/** The action that turns each type's protection off, or why none is tiered. */
const TURNED_OFF_BY: Record<string, string[] | { notTiered: string }> = {
  // DeletionProtectionCheck: BYPASS is a parameter of the deletes themselves (AppConfig User Guide,
  // "Bypassing or forcing a deletion protection check"); the account-wide switch is appconfig:UpdateAccountSettings.
  "AWS::AppConfig::ConfigurationProfile": ["appconfig:DeleteConfigurationProfile", "appconfig:UpdateAccountSettings"],
  "AWS::AppConfig::Environment": ["appconfig:DeleteEnvironment", "appconfig:UpdateAccountSettings"],
  "AWS::CloudTrail::Dashboard": { notTiered: "a CloudTrail Lake dashboard holds queries over event data stores, no data of its own" },
  "AWS::CloudTrail::EventDataStore": ["cloudtrail:UpdateEventDataStore"],
  "AWS::Cognito::UserPool": ["cognito-idp:UpdateUserPool"],
  "AWS::DSQL::Cluster": ["dsql:UpdateCluster"],
  "AWS::DocDB::DBCluster": ["rds:ModifyDBCluster"],
  "AWS::DocDB::GlobalCluster": ["rds:ModifyGlobalCluster"],
  "AWS::DynamoDB::Table": ["dynamodb:UpdateTable"],
  "AWS::EKS::Cluster": ["eks:UpdateClusterConfig"],
  // Nested (Instances.TerminationProtected), as EC2's DisableApiTermination and a load balancer's
  // deletion_protection.enabled attribute are named otherwise: listed here, checked below.
  "AWS::EMR::Cluster": ["elasticmapreduce:SetTerminationProtection"],
  "AWS::EC2::Instance": ["ec2:ModifyInstanceAttribute"],
  "AWS::ElasticLoadBalancingV2::LoadBalancer": ["elasticloadbalancing:ModifyLoadBalancerAttributes"],
  "AWS::Logs::LogGroup": ["logs:PutLogGroupDeletionProtection"],
  "AWS::Neptune::DBCluster": ["rds:ModifyDBCluster"],
  "AWS::Neptune::GlobalCluster": ["rds:ModifyGlobalCluster"],
  "AWS::NeptuneGraph::Graph": ["neptune-graph:UpdateGraph"],
  "AWS::NetworkFirewall::Firewall": ["network-firewall:UpdateFirewallDeleteProtection"],
  "AWS::OpenSearchServerless::Collection": ["aoss:UpdateCollection"],
  "AWS::QLDB::Ledger": ["qldb:UpdateLedger"],
  "AWS::RDS::DBCluster": ["rds:ModifyDBCluster"],
  "AWS::RDS::DBInstance": ["rds:ModifyDBInstance"],
  "AWS::RDS::GlobalCluster": ["rds:ModifyGlobalCluster"],
  "AWS::SMSVOICE::PhoneNumber": ["sms-voice:UpdatePhoneNumber"],
  "AWS::SMSVOICE::Pool": ["sms-voice:UpdatePool"],
  "AWS::SMSVOICE::ProtectConfiguration": ["sms-voice:UpdateProtectConfiguration"],
  "AWS::SMSVOICE::SenderId": ["sms-voice:UpdateSenderId"],
  "AWS::SSMIncidents::ReplicationSet": ["ssm-incidents:UpdateDeletionProtection"],
  "AWS::VerifiedPermissions::PolicyStore": ["verifiedpermissions:UpdatePolicyStore"],
  "AWS::AutoScaling::AutoScalingGroup": {
    notTiered: "its instances are made anew from the launch template; autoscaling:UpdateAutoScalingGroup is how capacity is set",
  },
  "AWS::WellArchitected::AgentProfile": { notTiered: "a review tool's profile, no workload or data" },
};

describe("deletion protection, as the CloudFormation registry knows it", () => {
  const protectedTypes = sharedDatabase()
    .all("resource")
    .filter((r) => Object.keys(r.properties).some((p) => PROTECTION.test(p)))
    .map((r) => r.cloudFormationType)
    .sort();

  it("every resource type with a deletion or termination protection has a tiered action that turns it off, or a reason", () => {
    // Not vacuous: the registry lists these, with their protection properties.
    expect(protectedTypes).toEqual(expect.arrayContaining(["AWS::RDS::DBInstance", "AWS::DynamoDB::Table", "AWS::EKS::Cluster", "AWS::Logs::LogGroup"]));
    expect(protectedTypes.filter((type) => !(type in TURNED_OFF_BY))).toEqual([]);
  });

  it("each such action is T2 (or T1) in the shipped tiers", () => {
    const index = tierIndex(catalogue, policy.destructive, policy.escalation);
    const untiered = Object.values(TURNED_OFF_BY)
      .flatMap((actions) => (Array.isArray(actions) ? actions : []))
      .filter((action) => {
        const tiers = index.tiersOf(action);
        return !(tiers?.has("protectionOff") || tiers?.has("delete"));
      });
    expect(untiered).toEqual([]);
  });
});
