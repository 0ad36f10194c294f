/**
 * Change impact of SAM resources. The registry database marks every property of every
 * `AWS::Serverless::*` type as replacing the resource, so on a SAM template a new handler, a
 * memory size or a policy read as "would be replaced" and failed the gate. What a change does is
 * what the SAM transform passes it to: each property below is the property it becomes on the
 * resource SAM makes (AWS SAM Developer Guide, each property's "AWS CloudFormation
 * compatibility"), judged by that resource's schema. A property SAM turns into other resources
 * (Events, AutoPublishAlias, DeploymentPreference, ...) or one not listed is unknown: the rule
 * fails closed on it, as on any change no schema describes. Two exceptions: Events that only gain
 * entries (a new API route, queue or schedule) add resources and replace none, and a function's
 * changed queue or stream event is judged as the event source mapping SAM makes for it (below).
 */
import { diffResource } from "@aws-cdk/cloudformation-diff/lib/diff/index.js";
import { ResourceImpact, type Resource, type ResourceDifference } from "@aws-cdk/cloudformation-diff/lib/diff/types.js";
import { sameValue } from "./template-equal.js";
import { isRecord } from "../core/is-record.js";
import { reviseNestedImpacts } from "./nested-impacts.js";
import { intrinsicKey } from "../core/cfn/intrinsics.js";

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

const MAPPING = "AWS::Lambda::EventSourceMapping";

/** What a stream event passes to its mapping besides its stream (Kinesis and DynamoDB alike). */
const STREAM_PROPERTIES = [
  "BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "FilterCriteria", "FunctionResponseTypes", "KmsKeyArn",
  "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds", "MaximumRetryAttempts", "MetricsConfig", "ParallelizationFactor",
  "StartingPosition", "StartingPositionTimestamp", "TumblingWindowInSeconds",
];
const same = (names: string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, n]));

/**
 * Event types SAM turns into an AWS::Lambda::EventSourceMapping named after the function and the
 * event's key, with the mapping property each event property becomes (AWS SAM Developer Guide,
 * the SQS, Kinesis and DynamoDB event source types, "AWS CloudFormation compatibility": passed
 * directly, the queue or stream as EventSourceArn). SAM also gives the function's role the
 * type's read policy, which a changed entry of the same type does not change.
 */
const EVENT_MAPPINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  SQS: { Queue: "EventSourceArn", ...same(["BatchSize", "Enabled", "FilterCriteria", "FunctionResponseTypes", "KmsKeyArn", "MaximumBatchingWindowInSeconds", "MetricsConfig", "ScalingConfig"]) },
  Kinesis: { Stream: "EventSourceArn", ...same(STREAM_PROPERTIES) },
  DynamoDB: { Stream: "EventSourceArn", ...same(STREAM_PROPERTIES) },
};

const RANK: Record<string, number> = { NO_CHANGE: 0, WILL_UPDATE: 1, MAY_REPLACE: 2, WILL_REPLACE: 3 };

/**
 * The impact of a changed event entry on the event source mapping SAM makes for it, judged by the
 * mapping's schema; undefined when that cannot be told (another type, a property SAM does not pass
 * as it is, an intrinsic function where SAM reads a map): the rule then fails closed.
 */
function mappingImpact(before: unknown, after: unknown, key: string): string | undefined {
  if (!isRecord(before) || !isRecord(after) || typeof before["Type"] !== "string" || before["Type"] !== after["Type"]) return undefined;
  const passed = Object.hasOwn(EVENT_MAPPINGS, before["Type"]) ? EVENT_MAPPINGS[before["Type"]] : undefined;
  const [was, now] = [before["Properties"], after["Properties"]];
  if (!passed || !isRecord(was) || !isRecord(now) || intrinsicKey(was) !== undefined || intrinsicKey(now) !== undefined) return undefined;
  // Anything else of the entry (beside Type and Properties) that changes is not read here.
  if (Object.keys({ ...before, ...after }).some((k) => k !== "Type" && k !== "Properties" && !sameValue(before[k], after[k]))) return undefined;
  const mapping = (props: Record<string, unknown>): Resource => ({ Type: MAPPING, Properties: Object.fromEntries(Object.entries(props).filter(([k]) => Object.hasOwn(passed, k)).map(([k, v]) => [passed[k] as string, v])) });
  for (const name of new Set([...Object.keys(was), ...Object.keys(now)])) if (!Object.hasOwn(passed, name) && !sameValue(was[name], now[name])) return undefined;
  const diff = diffResource(mapping(was), mapping(now), key);
  reviseNestedImpacts(diff, MAPPING);
  // A changed mapping property the schema does not describe cannot be judged either.
  if (Object.values(diff.propertyUpdates).some((d) => d.changeImpact === undefined || String(d.changeImpact) === "NO_CHANGE")) return undefined;
  return String(diff.changeImpact);
}

/**
 * Events judged entry by entry: new entries add resources (an update), unchanged ones make what
 * they made; a changed entry is judged by the mapping SAM makes for it (mappingImpact); a removed
 * entry, or one that cannot be judged, makes the whole property unknown.
 */
function eventsImpact(oldValue: unknown, newValue: unknown): string | undefined {
  if (!isRecord(newValue) || (oldValue !== undefined && !isRecord(oldValue)) || intrinsicKey(newValue) !== undefined) return undefined;
  let worst = "WILL_UPDATE";
  for (const [key, event] of Object.entries(oldValue ?? {})) {
    if (!Object.hasOwn(newValue, key)) return undefined;
    if (sameValue(event, newValue[key])) continue;
    const impact = mappingImpact(event, newValue[key], key);
    if (impact === undefined) return undefined;
    if ((RANK[impact] ?? 0) > (RANK[worst] ?? 0)) worst = impact;
  }
  return worst;
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
    // A function's changed queue or stream event: the event source mapping SAM makes for it decides.
    if (name === "Events" && type === "AWS::Serverless::Function") {
      diff.changeImpact = eventsImpact(diff.oldValue, diff.newValue) as typeof diff.changeImpact;
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
