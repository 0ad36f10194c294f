/**
 * The execution role the SAM transform makes for an `AWS::Serverless::Function` without `Role`
 * (or whose `Role` is an `Fn::If` with an `AWS::NoValue` branch), written into the template as the
 * processed template has it: `<FunctionId>Role`, and the function's `Role` set to its ARN. The
 * rules then judge that role like any other, so a SAM function named or tagged like an agent, or
 * run by an agent as its tool, gets a verdict instead of an input error.
 *
 * As aws/serverless-application-model builds it (samtranslator `SamFunction._construct_role`,
 * `role_utils.construct_role_for_resource`, `eventsources/pull.py`):
 * - trust: the function's `AssumeRolePolicyDocument`, else `lambda.amazonaws.com`;
 * - `service-role/AWSLambdaBasicExecutionRole` (`AWSLambdaBasicDurableExecutionRolePolicy` for a
 *   durable function); the X-Ray write policy when `Tracing` is set and not `Disabled`;
 *   `service-role/AWSLambdaVPCAccessExecutionRole` with a `VpcConfig`;
 * - each `Policies` entry: a string or intrinsic is a managed policy (a name stands for the AWS
 *   managed policy of that name, whatever its path), an object with `Statement` an inline policy
 *   `<Role>Policy<i>`, and so is a policy template (`S3CrudPolicy: {BucketName: ...}`), filled in
 *   from sam-policy-templates.ts;
 * - a `DeadLetterQueue`'s `sqs:SendMessage` or `sns:Publish` on its target;
 * - the managed policy of each SQS, Kinesis, DynamoDB or MSK event, and of an SNS event through a
 *   queue (`SqsSubscription`);
 * - `RolePath`, `PermissionsBoundary`, and the function's tags with `lambda:createdBy: SAM`;
 *   `Globals.Function` fills what the function leaves out.
 * Whatever else adds to the role is not modelled, and the function is left as written, so the
 * transform check still reports it (transforms.ts): an unknown policy template or one missing a
 * value (SAM refuses both), an `Fn::If` in `Policies`, event types that add their own statements
 * (MQ, self-managed Kafka, DocumentDB, an MSK schema registry, an event's `DestinationConfig`),
 * `EventInvokeConfig` destinations, file systems, capacity providers, or a `<FunctionId>Role` the
 * template already has. Connectors, standalone or embedded, are written in afterwards as the
 * policies SAM makes of them (sam-connectors.ts).
 *
 * A state machine without `Role` gets its role the same way (samStateMachineRole).
 *
 * Evidence keeps the source's lines: the role is read at its function's, and each policy at the
 * `Policies` entry (or the property) it came from.
 */
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";
import { intrinsicKey } from "./intrinsics.js";
import { sourcePointer, type Template } from "./foreach.js";
import { writeSamConnectors } from "./sam-connectors.js";
import { samPolicyTemplates } from "./sam-policy-templates.js";
import { declaresTransform, SAM_TRANSFORM, samMakesRole } from "./transforms.js";

const MANAGED = "arn:aws:iam::aws:policy/";

/** Event types whose only addition to the role is one AWS managed policy (samtranslator pull.py). */
const EVENT_POLICIES: Record<string, string> = {
  SQS: "service-role/AWSLambdaSQSQueueExecutionRole",
  Kinesis: "service-role/AWSLambdaKinesisExecutionRole",
  DynamoDB: "service-role/AWSLambdaDynamoDBExecutionRole",
  MSK: "service-role/AWSLambdaMSKExecutionRole",
};

/** Event types that add nothing to the function's role (a permission on the function, a rule, a subscription). */
const EVENTS_WITHOUT_ROLE_POLICIES = new Set(["Api", "HttpApi", "S3", "SNS", "Schedule", "ScheduleV2", "CloudWatchEvent", "EventBridgeRule", "CloudWatchLogs", "IoTRule", "AlexaSkill", "Cognito"]);

/** Function properties that, set in `Globals.Function`, apply to every function that leaves them out. */
const GLOBAL_PROPERTIES = ["AssumeRolePolicyDocument", "Tracing", "VpcConfig", "DeadLetterQueue", "PermissionsBoundary", "EventInvokeConfig", "RolePath", "FileSystemConfigs", "DurableConfig", "CapacityProviderConfig"];

interface MadeRole {
  resource: Record<string, unknown>;
  /** Role pointer → source pointer, for the parts that come from elsewhere than the function itself. */
  origins: [string, string][];
}

/** The template with the roles SAM makes for its functions and state machines written in (the input itself when it makes none). */
export function withSamFunctionRoles<T extends Template>(input: T): T {
  const template = input.value;
  if (!isRecord(template) || !isRecord(template["Resources"]) || !declaresTransform(template, SAM_TRANSFORM)) return input;
  const written = template["Resources"];
  const globalsOf = (section: string): Record<string, unknown> => (isRecord(template["Globals"]) && isRecord(template["Globals"][section]) ? template["Globals"][section] : {});
  const resources: Record<string, unknown> = { ...written };
  const origins = new Map<string, string>();
  for (const [id, resource] of Object.entries(written)) {
    const type = isRecord(resource) ? resource["Type"] : undefined;
    if (!isRecord(resource) || (type !== "AWS::Serverless::Function" && type !== "AWS::Serverless::StateMachine")) continue;
    const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
    const roleId = `${id}Role`;
    // A state machine's Role is a string or intrinsic: only a function's `Fn::If` may leave SAM to make it.
    const makes = type === "AWS::Serverless::Function" ? samMakesRole(props["Role"]) : props["Role"] === undefined ? "always" : "never";
    if (makes === "never" || roleId in resources) continue;
    const made = type === "AWS::Serverless::Function" ? samFunctionRole(id, props, globalsOf("Function")) : samStateMachineRole(id, props, globalsOf("StateMachine"));
    if (!made) continue;
    resources[roleId] = made.resource;
    // `Role: !If [UseOwn, arn, !Ref AWS::NoValue]`: SAM makes the role for the NoValue branch.
    const arn = { "Fn::GetAtt": [roleId, "Arn"] };
    const roleValue = makes === "always" ? arn : { "Fn::If": (props["Role"] as { "Fn::If": unknown[] })["Fn::If"].map((v, i) => (i === makes ? arn : v)) };
    resources[id] = { ...resource, Properties: { ...props, Role: roleValue } };
    const role = childPointer("/Resources", roleId);
    origins.set(role, childPointer("/Resources", id));
    for (const [from, to] of made.origins) origins.set(`${role}${from}`, to);
    if (makes === "always") origins.set(`${childPointer("/Resources", id)}/Properties/Role`, childPointer("/Resources", id));
  }
  for (const [id, resource] of Object.entries(written)) {
    if (isRecord(resource) && resource["Type"] === "AWS::Serverless::GraphQLApi") writeDataSourceRoles(id, resource, resources, origins);
  }
  // Connectors after the roles: a connector's policy goes on the role SAM made.
  const connected = writeSamConnectors(resources, origins);
  if (origins.size === 0 && !connected) return input;
  const { lineOf } = input;
  return { ...input, value: { ...template, Resources: resources }, ...(lineOf ? { lineOf: (pointer: string) => lineOf(sourcePointer(pointer, origins)) } : {}) };
}

/** A GraphQL API's data source kinds whose role SAM makes, with what SAM calls them and the connector it writes for one. */
const DATA_SOURCE_KINDS = [
  { key: "DynamoDb", label: "DynamoDB", destination: "AWS::DynamoDB::Table", connector: "ToTableConnector" },
  { key: "Lambda", label: "Lambda", destination: "AWS::Lambda::Function", connector: "ToLambdaConnector" },
] as const;

/**
 * The role SAM makes for each DynamoDB or Lambda data source of a GraphQL API without
 * `ServiceRoleArn` (samtranslator `SamGraphQLApi`: `<Api><Name><Kind>DataSourceRole`, trusting
 * AppSync), and the connector SAM writes for it (`…ToTableConnector`: the data source's
 * `Permissions`, Read and Write by default, on `TableArn` or the ARN of `TableName`;
 * `…ToLambdaConnector`: Write on `FunctionArn`), which sam-connectors.ts then writes in. The data
 * source gets the role as its `ServiceRoleArn`, as SAM gives it. A data source this cannot write
 * is left as written, and the transform check reports it where its role may be an agent's.
 */
function writeDataSourceRoles(id: string, resource: Record<string, unknown>, resources: Record<string, unknown>, origins: Map<string, string>): void {
  const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
  const sources = isRecord(props["DataSources"]) ? props["DataSources"] : {};
  const rewritten: Record<string, unknown> = { ...sources };
  for (const kind of DATA_SOURCE_KINDS) {
    const byName = isRecord(sources[kind.key]) ? sources[kind.key] : undefined;
    if (!byName) continue;
    const names: Record<string, unknown> = { ...byName };
    for (const [name, source] of Object.entries(byName)) {
      if (!isRecord(source) || source["ServiceRoleArn"] !== undefined) continue;
      const dataSourceId = `${id}${name}${kind.label}DataSource`;
      const [roleId, connectorId] = [`${dataSourceId}Role`, `${dataSourceId}${kind.connector}`];
      if (roleId in resources || connectorId in resources) continue;
      const destinationArn =
        kind.key === "Lambda"
          ? source["FunctionArn"]
          : (source["TableArn"] ?? { "Fn::Sub": ["arn:${AWS::Partition}:dynamodb:${__Region__}:${AWS::AccountId}:table/${__TableName__}", { __TableName__: source["TableName"], __Region__: source["Region"] ?? { Ref: "AWS::Region" } }] });
      const permissions = kind.key === "Lambda" ? ["Write"] : (source["Permissions"] ?? ["Read", "Write"]);
      resources[roleId] = { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: serviceTrust("appsync.amazonaws.com") } };
      resources[connectorId] = {
        Type: "AWS::Serverless::Connector",
        Properties: {
          Source: { Type: "AWS::AppSync::DataSource", Arn: { "Fn::GetAtt": [dataSourceId, "DataSourceArn"] }, RoleName: { Ref: roleId } },
          Destination: { Type: kind.destination, Arn: destinationArn },
          Permissions: permissions,
        },
      };
      names[name] = { ...source, ServiceRoleArn: { "Fn::GetAtt": [roleId, "Arn"] } };
      const at = childPointer(childPointer(`${childPointer("/Resources", id)}/Properties/DataSources`, kind.key), name);
      origins.set(childPointer("/Resources", roleId), at);
      origins.set(childPointer("/Resources", connectorId), at);
    }
    rewritten[kind.key] = names;
  }
  resources[id] = { ...resource, Properties: { ...props, DataSources: rewritten } };
}

/**
 * The document a policy template stands for (`{DynamoDBCrudPolicy: {TableName: !Ref Orders}}`):
 * its definition with each parameter's `Ref` replaced by the value given, as samtranslator's
 * `Template.to_statement` does; undefined for an unknown template or a missing value, which SAM
 * refuses.
 */
function policyTemplateDocument(entry: unknown): unknown {
  if (!isRecord(entry)) return undefined;
  const names = Object.keys(entry);
  const templates = samPolicyTemplates();
  const template = names.length === 1 && Object.hasOwn(templates, names[0] as string) ? templates[names[0] as string] : undefined;
  const values = template ? entry[names[0] as string] : undefined;
  if (!template || !isRecord(values) || template.parameters.some((p) => !Object.hasOwn(values, p))) return undefined;
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (!isRecord(node)) return node;
    const ref = node["Ref"];
    if (Object.keys(node).length === 1 && typeof ref === "string" && template.parameters.includes(ref)) return values[ref];
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
  };
  return fill(template.definition);
}

/**
 * Whether two `ManagedPolicyArns` entries name one policy: the same value, or an AWS managed
 * policy by name and by ARN (`${AWS::Partition}` read as `aws`).
 */
function sameManagedPolicy(a: unknown, b: unknown): boolean {
  const key = (v: unknown): string => {
    const sub = isRecord(v) && typeof v["Fn::Sub"] === "string" ? v["Fn::Sub"].replace("${AWS::Partition}", "aws") : undefined;
    const text = typeof v === "string" ? v : sub;
    if (text === undefined) return JSON.stringify(v);
    return text.startsWith(MANAGED) ? text.slice(text.lastIndexOf("/") + 1) : text;
  };
  return key(a) === key(b);
}

/** A role as SAM builds it: its managed policies and inline policies in order, each with where it came from. */
class RoleBuilder {
  readonly origins: [string, string][] = [];
  private readonly managed: unknown[] = [];
  private readonly inline: Record<string, unknown>[] = [];

  addManaged(arn: unknown, from: string): void {
    // SAM adds an ARN once (`policy_arn not in role.ManagedPolicyArns`), a name once it is an ARN.
    if (this.managed.some((m) => sameManagedPolicy(m, arn))) return;
    this.origins.push([`/Properties/ManagedPolicyArns/${this.managed.length}`, from]);
    this.managed.push(arn);
  }

  addInline(name: string, document: unknown, from: string): void {
    this.origins.push([`/Properties/Policies/${this.inline.length}/PolicyDocument`, from]);
    this.inline.push({ PolicyName: name, PolicyDocument: document });
  }

  /**
   * The `Policies` property of resource `id` (at `pointer`), as role_constructor.py reads it;
   * false when an entry is not modelled (an `Fn::If`) or SAM refuses it.
   */
  addPolicies(id: string, policies: unknown, pointer: string): boolean {
    const entries = policies === undefined || policies === null ? [] : Array.isArray(policies) ? policies : [policies];
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      const from = Array.isArray(policies) ? `${pointer}/${i}` : pointer;
      const key = intrinsicKey(entry);
      // A name stays a name, as SAM writes one its map does not hold: the AWS managed policy lookup finds it by name.
      if (typeof entry === "string") this.addManaged(entry, from);
      else if (key === "Fn::If") return false;
      else if (key !== undefined) this.addManaged(entry, from);
      else if (isRecord(entry) && entry["Statement"] !== undefined) this.addInline(`${id}RolePolicy${i}`, entry, from);
      else {
        const document = policyTemplateDocument(entry);
        if (document === undefined) return false; // what SAM rejects
        this.addInline(`${id}RolePolicy${i}`, document, from);
      }
    }
    return true;
  }

  build(properties: { trust: unknown; path?: unknown; boundary?: unknown; tags: Record<string, unknown> }): MadeRole {
    return {
      resource: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: properties.trust,
          ManagedPolicyArns: this.managed,
          ...(this.inline.length ? { Policies: this.inline } : {}),
          ...(properties.path !== undefined ? { Path: properties.path } : {}),
          ...(properties.boundary !== undefined ? { PermissionsBoundary: properties.boundary } : {}),
          Tags: Object.entries(properties.tags).map(([Key, Value]) => ({ Key, Value })),
        },
      },
      origins: this.origins,
    };
  }
}

/** The trust SAM gives the role it makes for a service (IAMRolePolicies). */
const serviceTrust = (service: string): unknown => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: [service] }, Action: ["sts:AssumeRole"] }] });

/** The role SAM makes for function `id`, or undefined when something adds to it that is not modelled. */
function samFunctionRole(id: string, props: Record<string, unknown>, globals: Record<string, unknown>): MadeRole | undefined {
  const fn = childPointer("/Resources", id);
  // A property and where it is written: the function's own, else the global one.
  const setting = (name: string): { value: unknown; pointer: string } | undefined =>
    props[name] !== undefined
      ? { value: props[name], pointer: `${fn}/Properties/${name}` }
      : GLOBAL_PROPERTIES.includes(name) && globals[name] !== undefined
        ? { value: globals[name], pointer: `/Globals/Function/${name}` }
        : undefined;
  for (const unmodelled of ["FileSystemConfigs", "CapacityProviderConfig"]) if (setting(unmodelled) !== undefined) return undefined;
  const invokeConfig = setting("EventInvokeConfig");
  if (invokeConfig && (!isRecord(invokeConfig.value) || invokeConfig.value["DestinationConfig"] !== undefined)) return undefined;

  const role = new RoleBuilder();
  // A durable function's basic policy lets it checkpoint its state too (samtranslator `_construct_role`).
  const durable = setting("DurableConfig");
  role.addManaged(`${MANAGED}service-role/${durable ? "AWSLambdaBasicDurableExecutionRolePolicy" : "AWSLambdaBasicExecutionRole"}`, durable?.pointer ?? fn);
  const tracing = setting("Tracing");
  if (tracing && tracing.value !== "Disabled") role.addManaged(`${MANAGED}AWSXrayWriteOnlyAccess`, tracing.pointer);
  const vpc = setting("VpcConfig");
  if (vpc) role.addManaged(`${MANAGED}service-role/AWSLambdaVPCAccessExecutionRole`, vpc.pointer);

  // SAM writes the dead-letter queue's policy before those of `Policies`.
  const dlq = setting("DeadLetterQueue");
  if (dlq) {
    const action = isRecord(dlq.value) ? { SQS: "sqs:SendMessage", SNS: "sns:Publish" }[String(dlq.value["Type"])] : undefined;
    if (action === undefined || !isRecord(dlq.value)) return undefined;
    role.addInline("DeadLetterQueuePolicy", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: dlq.value["TargetArn"] }] }, dlq.pointer);
  }
  if (!role.addPolicies(id, props["Policies"], `${fn}/Properties/Policies`)) return undefined;

  const events = isRecord(props["Events"]) ? props["Events"] : {};
  for (const [name, event] of Object.entries(events)) {
    const type = isRecord(event) ? event["Type"] : undefined;
    const eventProps = isRecord(event) && isRecord(event["Properties"]) ? event["Properties"] : {};
    if (typeof type !== "string") return undefined;
    // SNS through a queue (push.py `SqsSubscription`): the function polls that queue as an SQS event does.
    if (type === "SNS" && eventProps["SqsSubscription"] !== undefined && eventProps["SqsSubscription"] !== false) {
      role.addManaged(`${MANAGED}${EVENT_POLICIES["SQS"]}`, childPointer(`${fn}/Properties/Events`, name));
      continue;
    }
    if (EVENTS_WITHOUT_ROLE_POLICIES.has(type)) continue;
    const policy = EVENT_POLICIES[type];
    if (policy === undefined || eventProps["DestinationConfig"] !== undefined || eventProps["SchemaRegistryConfig"] !== undefined) return undefined;
    role.addManaged(`${MANAGED}${policy}`, childPointer(`${fn}/Properties/Events`, name));
  }

  const trust = setting("AssumeRolePolicyDocument");
  if (trust) role.origins.push(["/Properties/AssumeRolePolicyDocument", trust.pointer]);
  const boundary = setting("PermissionsBoundary");
  if (boundary) role.origins.push(["/Properties/PermissionsBoundary", boundary.pointer]);
  if (props["Tags"] !== undefined) role.origins.push(["/Properties/Tags", `${fn}/Properties/Tags`]);
  const tags = { ...(isRecord(globals["Tags"]) ? globals["Tags"] : {}), ...(isRecord(props["Tags"]) ? props["Tags"] : {}), "lambda:createdBy": "SAM" };
  return role.build({ trust: trust?.value ?? serviceTrust("lambda.amazonaws.com"), path: setting("RolePath")?.value, boundary: boundary?.value, tags });
}

/**
 * The role SAM makes for state machine `id` (samtranslator stepfunctions `_construct_role`):
 * `states.amazonaws.com`, its `Policies` then the X-Ray policy when `Tracing` is enabled, its
 * path, boundary and tags. Its events make roles of their own, for the rule or schedule.
 */
function samStateMachineRole(id: string, props: Record<string, unknown>, globals: Record<string, unknown>): MadeRole | undefined {
  const machine = childPointer("/Resources", id);
  const role = new RoleBuilder();
  if (!role.addPolicies(id, props["Policies"], `${machine}/Properties/Policies`)) return undefined;
  const tracing = props["Tracing"];
  if (isRecord(tracing) && tracing["Enabled"] === true) role.addManaged(`${MANAGED}AWSXrayWriteOnlyAccess`, `${machine}/Properties/Tracing`);
  if (props["PermissionsBoundary"] !== undefined) role.origins.push(["/Properties/PermissionsBoundary", `${machine}/Properties/PermissionsBoundary`]);
  if (props["Tags"] !== undefined) role.origins.push(["/Properties/Tags", `${machine}/Properties/Tags`]);
  const tags = { "stateMachine:createdBy": "SAM", ...(isRecord(globals["Tags"]) ? globals["Tags"] : {}), ...(isRecord(props["Tags"]) ? props["Tags"] : {}) };
  return role.build({ trust: serviceTrust("states.amazonaws.com"), path: props["RolePath"], boundary: props["PermissionsBoundary"], tags });
}
