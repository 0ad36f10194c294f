/**
 * Change impact of SAM resources. The registry database marks every property of every
 * `AWS::Serverless::*` type as replacing the resource, so on a SAM template a new handler, a
 * memory size or a policy read as "would be replaced" and failed the gate. What a change does is
 * what the SAM transform passes it to: each property below is the property it becomes on the
 * resource SAM makes (AWS SAM Developer Guide, each property's "AWS CloudFormation
 * compatibility"), judged by that resource's schema. A property SAM turns into other resources
 * (Events, AutoPublishAlias, DeploymentPreference, ...) or one not listed is unknown: the rule
 * fails closed on it, as on any change no schema describes. One exception: Events that only gain
 * entries (a new API route, queue or schedule) add resources and replace none (below).
 */
import { diffResource } from "@aws-cdk/cloudformation-diff/lib/diff/index.js";
import { ResourceImpact, type Resource, type ResourceDifference } from "@aws-cdk/cloudformation-diff/lib/diff/types.js";
import { sameValue } from "./template-equal.js";
import { isRecord } from "../core/is-record.js";
import { reviseNestedImpacts } from "./nested-impacts.js";

interface Passed {
  type: string;
  property: string;
}

const passedTo = (type: string, names: Record<string, string>): Record<string, Passed> =>
  Object.fromEntries(Object.entries(names).map(([sam, property]) => [sam, { type, property }]));

const LAMBDA = "AWS::Lambda::Function";
const ROLE = "AWS::IAM::Role";

const SAM_PROPERTIES: Record<string, Record<string, Passed>> = {
  "AWS::Serverless::Function": {
    ...passedTo(LAMBDA, {
      Architectures: "Architectures",
      CodeSigningConfigArn: "CodeSigningConfigArn",
      CodeUri: "Code",
      DeadLetterQueue: "DeadLetterConfig",
      Description: "Description",
      Environment: "Environment",
      EphemeralStorage: "EphemeralStorage",
      FileSystemConfigs: "FileSystemConfigs",
      FunctionName: "FunctionName",
      Handler: "Handler",
      ImageConfig: "ImageConfig",
      ImageUri: "Code",
      InlineCode: "Code",
      KmsKeyArn: "KmsKeyArn",
      Layers: "Layers",
      LoggingConfig: "LoggingConfig",
      MemorySize: "MemorySize",
      PackageType: "PackageType",
      RecursiveLoop: "RecursiveLoop",
      ReservedConcurrentExecutions: "ReservedConcurrentExecutions",
      Role: "Role",
      Runtime: "Runtime",
      RuntimeManagementConfig: "RuntimeManagementConfig",
      SnapStart: "SnapStart",
      SourceKMSKeyArn: "Code",
      Tags: "Tags",
      Timeout: "Timeout",
      Tracing: "TracingConfig",
      VpcConfig: "VpcConfig",
    }),
    // The role SAM makes for the function when it names none.
    ...passedTo(ROLE, { AssumeRolePolicyDocument: "AssumeRolePolicyDocument", PermissionsBoundary: "PermissionsBoundary", Policies: "Policies", RolePath: "Path" }),
  },
  "AWS::Serverless::SimpleTable": passedTo("AWS::DynamoDB::Table", {
    PrimaryKey: "KeySchema",
    ProvisionedThroughput: "ProvisionedThroughput",
    SSESpecification: "SSESpecification",
    PointInTimeRecoverySpecification: "PointInTimeRecoverySpecification",
    TableName: "TableName",
    Tags: "Tags",
  }),
  // SAM makes the application an AWS::CloudFormation::Stack of the template at Location.
  "AWS::Serverless::Application": passedTo("AWS::CloudFormation::Stack", {
    Location: "TemplateURL",
    NotificationArns: "NotificationARNs",
    Parameters: "Parameters",
    Tags: "Tags",
    TimeoutInMinutes: "TimeoutInMinutes",
  }),
  // A REST API: SAM makes an AWS::ApiGateway::RestApi, a Stage and a Deployment named after the
  // definition's hash (a revision: a new body gets a new deployment, and the stage moves to it).
  "AWS::Serverless::Api": {
    ...passedTo("AWS::ApiGateway::RestApi", {
      ApiKeySourceType: "ApiKeySourceType",
      BinaryMediaTypes: "BinaryMediaTypes",
      DefinitionBody: "Body",
      DefinitionUri: "BodyS3Location",
      Description: "Description",
      DisableExecuteApiEndpoint: "DisableExecuteApiEndpoint",
      EndpointConfiguration: "EndpointConfiguration",
      FailOnWarnings: "FailOnWarnings",
      MinimumCompressionSize: "MinimumCompressionSize",
      Mode: "Mode",
      Name: "Name",
    }),
    ...passedTo("AWS::ApiGateway::Stage", {
      AccessLogSetting: "AccessLogSetting",
      CacheClusterEnabled: "CacheClusterEnabled",
      CacheClusterSize: "CacheClusterSize",
      CanarySetting: "CanarySetting",
      MethodSettings: "MethodSettings",
      StageName: "StageName",
      Tags: "Tags",
      TracingEnabled: "TracingEnabled",
      Variables: "Variables",
    }),
  },
  // An HTTP API: an AWS::ApiGatewayV2::Api and its Stage.
  "AWS::Serverless::HttpApi": {
    ...passedTo("AWS::ApiGatewayV2::Api", {
      DefinitionBody: "Body",
      DefinitionUri: "BodyS3Location",
      DisableExecuteApiEndpoint: "DisableExecuteApiEndpoint",
      FailOnWarnings: "FailOnWarnings",
    }),
    ...passedTo("AWS::ApiGatewayV2::Stage", {
      AccessLogSettings: "AccessLogSettings",
      DefaultRouteSettings: "DefaultRouteSettings",
      RouteSettings: "RouteSettings",
      StageName: "StageName",
      StageVariables: "StageVariables",
    }),
  },
  "AWS::Serverless::StateMachine": {
    ...passedTo("AWS::StepFunctions::StateMachine", {
      Definition: "Definition",
      DefinitionSubstitutions: "DefinitionSubstitutions",
      DefinitionUri: "DefinitionS3Location",
      Logging: "LoggingConfiguration",
      Name: "StateMachineName",
      Role: "RoleArn",
      Tags: "Tags",
      Tracing: "TracingConfiguration",
      Type: "StateMachineType",
    }),
    ...passedTo(ROLE, { PermissionsBoundary: "PermissionsBoundary", Policies: "Policies", RolePath: "Path" }),
  },
};

/** The types whose `Events` the SAM transform turns into resources named after the event's key. */
const WITH_EVENTS = new Set(["AWS::Serverless::Function", "AWS::Serverless::StateMachine"]);

/**
 * Events that only gain entries: each new key becomes new resources (a permission, an event source
 * mapping, a rule, a subscription, a route in the API's definition, whose deployment is a revision)
 * and updates in place what it names (a bucket's notifications, a user pool's triggers); an
 * unchanged entry makes the same resources as before. A changed or removed entry may replace or
 * remove what it made (an event source mapping's queue is create-only): unknown.
 */
function onlyAddsEvents(oldValue: unknown, newValue: unknown): boolean {
  if (!isRecord(newValue) || (oldValue !== undefined && !isRecord(oldValue))) return false;
  const before = oldValue ?? {};
  return Object.entries(before).every(([key, event]) => Object.hasOwn(newValue, key) && sameValue(event, newValue[key]));
}

/** Whether the SAM transform, not a registry schema, decides what a change to this type does. */
export function isSamResourceType(type: string | undefined): boolean {
  return type !== undefined && Object.hasOwn(SAM_PROPERTIES, type);
}

/**
 * Rewrites, in place, the impact of each changed property of a SAM resource of a listed type to
 * that of the property it becomes; an unlisted one to unknown. The resource's own impact (the
 * worst of its properties) follows.
 */
export function reviseSamImpacts(change: ResourceDifference, type: string): void {
  const table = SAM_PROPERTIES[type];
  if (!table) return;
  for (const [name, diff] of Object.entries(change.propertyUpdates)) {
    if (name === "Events" && WITH_EVENTS.has(type) && onlyAddsEvents(diff.oldValue, diff.newValue)) {
      diff.changeImpact = ResourceImpact.WILL_UPDATE;
      continue;
    }
    const passed = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!passed) {
      diff.changeImpact = undefined;
      continue;
    }
    const side = (value: unknown): Resource => ({ Type: passed.type, Properties: value === undefined ? {} : { [passed.property]: value } });
    const passedDiff = diffResource(side(diff.oldValue), side(diff.newValue), name);
    reviseNestedImpacts(passedDiff, passed.type);
    diff.changeImpact = passedDiff.changeImpact;
  }
}
