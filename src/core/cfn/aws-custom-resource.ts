/**
 * aws-cdk-lib's `AwsCustomResource` (`Custom::AWS`, or the `resourceType` its author gives it): a
 * custom resource whose handler, a Lambda function CDK adds once per stack, makes the AWS SDK call
 * written in its `Create`, `Update` or `Delete` property when CloudFormation creates, updates or
 * deletes it (custom-resource-handlers/lib/custom-resources/aws-custom-resource-handler). The
 * call is data in the template, so the gate can read what it does: `deleteTable` on a production
 * table from a resource the pull request only adds is a deletion the change set never shows.
 *
 * Pure: reads template values; the change-set adapter and the template diff attach what it reads
 * to each change, and `changeset-destroys-prod` judges the calls that run against the destructive
 * catalogue.
 */
import type { Evidence } from "../finding.js";
import { canonicalAction } from "../iam/catalogue.js";
import { tiersOfUnknownAction, type Tier, type TierIndex } from "../iam/tiers.js";
import { isRecord } from "../is-record.js";
import { intrinsicKey, isAwsType, isCustomResourceType, referencedLogicalId } from "./intrinsics.js";
import { SDK_V2_TO_V3, SDK_V3_COMMANDS, SDK_V3_IAM_PREFIX } from "./sdk-services.js";

export type SdkCallPhase = "Create" | "Update" | "Delete";
export const SDK_CALL_PHASES: readonly SdkCallPhase[] = ["Create", "Update", "Delete"];

/**
 * The logical id CDK gives AwsCustomResource's one handler function in a stack: `AWS` and the
 * singleton's uuid (679f53fa-c002-430c-b0da-5b7982bd2287) without dashes, then a hash.
 */
export const AWS_CUSTOM_RESOURCE_HANDLER = "AWS679f53fac002430cb0da5b7982bd2287";

export interface SdkCall {
  service: string;
  action: string;
  /** The IAM action the call needs, named as aws-cdk-lib names it (`dynamodb:DeleteTable`). */
  iamAction: string;
  /** The call as the finding shows it: `DynamoDB.deleteTable {"TableName":"${Ref Orders}"}`. */
  text: string;
  /** Literal strings of its parameters and of the role it assumes (what names its target). */
  literals: string[];
  /** Values known only at deployment (`Ref Orders`, `Fn::ImportValue X`): whose they are is not read here. */
  computed: string[];
  /** `physicalResourceId`: a literal id, or one known only when the call answers (responsePath, or computed). */
  physicalId?: { id: string } | { unknown: string };
  /** A DynamoDB BatchWriteItem whose every request is a PutRequest: it writes items and deletes none. */
  putsOnly?: boolean;
  /**
   * Its parameters that name what it acts on (a top-level name ending in Name, Id, Arn,
   * Identifier, Url, Bucket or Key, as AWS's APIs name their targets), each with the logical ids
   * of the template's resources it is made of alone (a Ref or GetAtt, nothing else), or none
   * when anything else is in it (a literal, another function).
   */
  targets: { parameter: string; resources?: string[] }[];
  /** It names a role to assume or a region: it may act in another account or Region, where a name of this stack's may be another resource. */
  elsewhere?: true;
}

/** One property (`Create`, `Update`, `Delete`) as read: a call, or why it cannot be read (fail closed). */
export type SdkCallRead = { call: SdkCall; evidence: Evidence } | { why: string; evidence: Evidence };

/** What an AwsCustomResource's handler will call, per lifecycle event (a phase left out: no call). */
export type CustomResourceCalls = Partial<Record<SdkCallPhase, SdkCallRead>>;

/** How aws-cdk-lib names the IAM action of an SDK call (`awsSdkToIamAction`, sdk-info.js). */
export function sdkIamAction(service: string, action: string): string {
  const client = service.toLowerCase().replace(/^@aws-sdk\/client-/, "");
  const v3 = Object.hasOwn(SDK_V2_TO_V3, client) ? (SDK_V2_TO_V3[client] as string) : client;
  const prefix = Object.hasOwn(SDK_V3_IAM_PREFIX, v3) ? (SDK_V3_IAM_PREFIX[v3] as string) : v3;
  const first = action.charAt(0);
  const commands = Object.hasOwn(SDK_V3_COMMANDS, v3) ? SDK_V3_COMMANDS[v3] : undefined;
  const name = first.toLowerCase() === first ? first.toUpperCase() + action.slice(1) : commands?.includes(action) ? action : action.replace(/Command$/, "");
  return `${prefix}:${name}`;
}

/** Whether a custom resource is served by AwsCustomResource's handler in its own template. */
export function isAwsCustomResource(resource: Record<string, unknown>): boolean {
  const type = resource["Type"];
  if (typeof type !== "string" || !isCustomResourceType(type)) return false;
  const token = isRecord(resource["Properties"]) ? resource["Properties"]["ServiceToken"] : undefined;
  if (intrinsicKey(token) !== "Fn::GetAtt" || !isRecord(token)) return false;
  const arg = token["Fn::GetAtt"];
  const [id, attribute] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
  return typeof id === "string" && id.startsWith(AWS_CUSTOM_RESOURCE_HANDLER) && attribute === "Arn";
}

/** A value CloudFormation resolves at deployment, named for a reader (`Ref Orders`). */
function describeIntrinsic(value: unknown): string {
  const key = intrinsicKey(value);
  if (!key || !isRecord(value)) return JSON.stringify(value);
  const arg = value[key];
  if (key === "Ref" && typeof arg === "string") return `Ref ${arg}`;
  if (key === "Fn::GetAtt") return `Fn::GetAtt ${Array.isArray(arg) ? arg.join(".") : String(arg)}`;
  if (key === "Fn::ImportValue" && typeof arg === "string") return `Fn::ImportValue ${arg}`;
  return `${key} ${JSON.stringify(arg)}`;
}

/** A marker no JSON text CDK writes holds: where a value known only at deployment sits in the call's text. */
const marker = (i: number): string => `\u2063cfn${i}\u2063`;
const MARKERS = /\u2063cfn(\d+)\u2063/g;
const HAS_MARKER = /\u2063cfn\d+\u2063/;

/** The template's resources, by logical id, as the side that holds the AwsCustomResource writes them. */
export type TemplateResources = Readonly<Record<string, unknown>>;

/** Pseudo parameters whose values are identifiers (an account id, a Region, a partition, a stack's name or ARN). */
const PLAIN_PSEUDO = new Set(["AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix", "AWS::StackName", "AWS::StackId"]);
/**
 * Attributes of AWS's own resources whose values are identifiers, names, ARNs or endpoints, as AWS
 * names them (`Arn`, `TableId`, `Endpoint.Address`, `ClientSecret`); an attribute named otherwise
 * may echo free text (`AWS::SSM::Parameter`'s `Value`, a provisioned product's `Outputs.X`).
 */
const PLAIN_ATTRIBUTE = /(arn|id|name|identifier|address|endpoint|port|url|uri|domain|region|version|number|key|secret|token|hash)$/i;
/**
 * Answers AWS writes itself, by the IAM action of the call that reads them: a field of another
 * AwsCustomResource's answer (its `Fn::GetAtt`) is an identifier only when its call and path are
 * here. aws-cdk-lib's VpcEndpointServiceDomainName names its verification resource by the TXT
 * record EC2 generates (EC2 API reference, PrivateDnsNameConfiguration: Name and Value are what
 * the provider is given to create); UserPoolClient's secret is Cognito's generated ClientSecret.
 * Any other answer (an SSM parameter's value, an item, a tag's value) is text someone wrote.
 */
const GENERATED_ANSWERS: Readonly<Record<string, RegExp>> = {
  "ec2:DescribeVpcEndpointServiceConfigurations": /^ServiceConfigurations\.\d+\.(ServiceId|ServiceName|PrivateDnsNameConfiguration\.(Name|Value|Type|State))$/,
  "cognito-idp:DescribeUserPoolClient": /^UserPoolClient\.(ClientId|ClientSecret|UserPoolId)$/,
};

/** A character that, written into JSON text by CloudFormation, ends a string or escapes its quote: the text's keys are the value's to write. */
const JSON_BREAKING = /["\\]/;
/** A dynamic reference: CloudFormation replaces it, in any string of a property, with a value the template does not hold. */
const DYNAMIC_REFERENCE = /\{\{resolve:/;

/**
 * Why a value CloudFormation fills into a call's JSON text might change which call it is, or
 * undefined when it cannot: aws-cdk-lib's handler `JSON.parse`s the text as CloudFormation wrote
 * it (the last of two same keys wins), so a value carrying a quote or a backslash can close its
 * string and write `"action":"deleteTable"` after the one the template shows. Safe: values that
 * are identifiers (a pseudo parameter's, an AWS resource's physical id or identifier attribute)
 * and functions made of them; a template parameter, an import, a custom resource's or stack's
 * value, a mapping, a dynamic reference may be any text.
 */
function unsafeFill(value: unknown, resources: TemplateResources, depth = 0): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return undefined;
  if (typeof value === "string") return JSON_BREAKING.test(value) || DYNAMIC_REFERENCE.test(value) ? `the text ${JSON.stringify(value)}` : undefined;
  const key = intrinsicKey(value);
  if (!key || !isRecord(value) || depth > 8) return describeIntrinsic(value);
  const arg = value[key];
  const typeOf = (id: unknown): string | undefined => {
    const r = typeof id === "string" && Object.hasOwn(resources, id) ? resources[id] : undefined;
    return isRecord(r) && typeof r["Type"] === "string" ? r["Type"] : undefined;
  };
  const all = (values: unknown[]): string | undefined => values.map((v) => unsafeFill(v, resources, depth + 1)).find((why) => why !== undefined);
  // A resource's name (and an IAM path, which may hold a quote) is in its physical id and ARN: one
  // the template writes with a quote, or fills with any text (an AlarmName from a parameter), is in
  // the call's text as it is.
  const nameOf = (id: string): string | undefined => {
    const props = isRecord(resources[id]) ? resources[id]["Properties"] : undefined;
    const names = isRecord(props) ? Object.entries(props).filter(([name]) => /(name|path)$/i.test(name)).map(([, v]) => v) : [];
    const why = all(names);
    return why === undefined ? undefined : `${describeIntrinsic(value)} (named by ${why})`;
  };
  if (key === "Ref") {
    if (typeof arg === "string" && PLAIN_PSEUDO.has(arg)) return undefined;
    return typeof arg === "string" && isAwsType(typeOf(arg) ?? "") ? nameOf(arg) : describeIntrinsic(value);
  }
  if (key === "Fn::GetAtt") {
    const [id, attribute] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
    if (typeof id !== "string" || typeof attribute !== "string") return describeIntrinsic(value);
    if (isAwsType(typeOf(id) ?? "") && !attribute.startsWith("Outputs.") && PLAIN_ATTRIBUTE.test(attribute)) return nameOf(id);
    return generatedAnswer(resources[id], attribute, resources, depth) ? undefined : describeIntrinsic(value);
  }
  if (key === "Fn::GetAZs" || key === "Fn::Base64") return key === "Fn::Base64" ? undefined : all([arg]);
  if (key === "Fn::Join" && Array.isArray(arg) && Array.isArray(arg[1])) return all([arg[0], ...(arg[1] as unknown[])]);
  if (key === "Fn::Select" && Array.isArray(arg)) return all(Array.isArray(arg[1]) ? (arg[1] as unknown[]) : [arg[1]]);
  if (key === "Fn::Split" && Array.isArray(arg)) return all([arg[1]]);
  if (key === "Fn::If" && Array.isArray(arg)) return all(arg.slice(1));
  if (key === "Fn::Sub") {
    const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof template !== "string") return describeIntrinsic(value);
    const names = [...template.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1] ?? "");
    const literal = template.replace(/\$\{[^}]*\}/g, "");
    return all([literal, ...names.map((name) => (isRecord(vars) && Object.hasOwn(vars, name) ? vars[name] : name.includes(".") ? { "Fn::GetAtt": name.split(/\.(.*)/s).slice(0, 2) } : { Ref: name }))]);
  }
  return describeIntrinsic(value);
}

/** Whether `path` of another AwsCustomResource's answer is one AWS generates, for every call that answers it (Create, Update). */
function generatedAnswer(lookup: unknown, path: string, resources: TemplateResources, depth: number): boolean {
  // One lookup deep (aws-cdk-lib's own go no further): lookups that name each other end here, unread.
  if (depth > 2 || !isRecord(lookup) || !isAwsCustomResource(lookup) || !isRecord(lookup["Properties"])) return false;
  const props = lookup["Properties"];
  const reads = (["Create", "Update"] as const).filter((phase) => props[phase] !== undefined).map((phase) => readCall(props[phase], { pointer: "" }, resources, depth + 1));
  return reads.length > 0 && reads.every((read) => "call" in read && GENERATED_ANSWERS[read.call.iamAction]?.test(path) === true);
}

/**
 * The text of a `Fn::Join` or `Fn::Sub` that writes JSON (AwsCustomResource writes the call with
 * `Stack.toJsonString`: a Join whose tokens sit inside JSON strings, or stand for a whole value),
 * each token replaced by a marker: inside a string as it is, outside as a string of its own.
 */
function textWithMarkers(value: unknown, tokens: unknown[]): string | undefined {
  const key = intrinsicKey(value);
  if (!key || !isRecord(value)) return undefined;
  const arg = value[key];
  let text = "";
  let inString = false;
  let escaped = false;
  const append = (piece: string): void => {
    for (const ch of piece) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = inString;
      else if (ch === '"') inString = !inString;
    }
    text += piece;
  };
  const token = (v: unknown): void => {
    tokens.push(v);
    text += inString ? marker(tokens.length - 1) : `"${marker(tokens.length - 1)}"`;
  };
  if (key === "Fn::Join") {
    if (!Array.isArray(arg) || typeof arg[0] !== "string" || !Array.isArray(arg[1])) return undefined;
    for (const [i, part] of arg[1].entries()) {
      if (i > 0) append(arg[0]);
      if (typeof part === "string") append(part);
      else token(part);
    }
    return text;
  }
  if (key === "Fn::Sub") {
    const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof template !== "string") return undefined;
    let last = 0;
    for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
      append(template.slice(last, m.index));
      const name = m[1] ?? "";
      if (name.startsWith("!")) append("${" + name.slice(1) + "}");
      else token(isRecord(vars) && Object.hasOwn(vars, name) ? vars[name] : name.includes(".") ? { "Fn::GetAtt": name.split(/\.(.*)/s).slice(0, 2) } : { Ref: name });
      last = (m.index ?? 0) + m[0].length;
    }
    append(template.slice(last));
    return text;
  }
  return undefined;
}

/** Whether a key anywhere in the parsed text holds a marker (a value CloudFormation fills in). */
function markedKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(markedKey);
  return isRecord(value) && Object.entries(value).some(([k, v]) => HAS_MARKER.test(k) || markedKey(v));
}

/** Every string of a parsed call, its markers read back as the values they stand for. */
function walk(value: unknown, tokens: readonly unknown[], literals: string[], computed: string[]): unknown {
  if (typeof value === "string") {
    const parts = value.split(MARKERS);
    // split with a capture group: even indexes are text, odd ones a token's index.
    parts.forEach((part, i) => {
      if (i % 2 === 1) computed.push(describeIntrinsic(tokens[Number(part)]));
      else if (part !== "") literals.push(part);
    });
    return value.replace(MARKERS, (_m, i: string) => `\${${describeIntrinsic(tokens[Number(i)])}}`);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, tokens, literals, computed));
  if (isRecord(value)) {
    if (intrinsicKey(value)) {
      // The v1 shape (an object, not JSON text) keeps CloudFormation's intrinsics as they are.
      computed.push(describeIntrinsic(value));
      return `\${${describeIntrinsic(value)}}`;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, tokens, literals, computed)]));
  }
  return value;
}

/** How AWS's APIs name the parameters that say what a call acts on (TableName, DBClusterIdentifier, Bucket, QueueUrl, ...). */
const TARGET_PARAMETER = /(name|names|id|ids|arn|arns|identifier|identifiers|url|bucket|key)$/i;

/** A call's target parameters, each with the resources it is made of alone. */
function targetsOf(parameters: unknown, tokens: readonly unknown[]): SdkCall["targets"] {
  if (!isRecord(parameters)) return [];
  return Object.entries(parameters)
    .filter(([name]) => TARGET_PARAMETER.test(name))
    .map(([parameter, value]) => {
      // JSON text: the value's text, every piece of it a marker; CDK 1's object: the intrinsic itself.
      const pieces = typeof value === "string" ? value.split(MARKERS) : undefined;
      const resources = pieces ? (pieces.every((piece, i) => (i % 2 === 0 ? piece === "" : true)) ? pieces.filter((_p, i) => i % 2 === 1).map((i) => referencedLogicalId(tokens[Number(i)])) : [undefined]) : [referencedLogicalId(value)];
      return resources.length && resources.every((r): r is string => r !== undefined) ? { parameter, resources } : { parameter };
    });
}

/** Whether a DynamoDB BatchWriteItem's RequestItems hold only PutRequest entries (written out, no token). */
function onlyPutRequests(parameters: unknown): boolean {
  const items = isRecord(parameters) ? parameters["RequestItems"] : undefined;
  if (!isRecord(items) || intrinsicKey(items)) return false;
  const requests = Object.values(items);
  return requests.length > 0 && requests.every((list) => Array.isArray(list) && list.every((r) => isRecord(r) && Object.keys(r).length === 1 && isRecord(r["PutRequest"])));
}

/**
 * One of `Create`, `Update`, `Delete` as the handler reads it: JSON text (CDK 2: `JSON.parse`), a
 * Join or Sub that writes JSON text with values CloudFormation fills in, or an object (CDK 1).
 */
export function readSdkCall(value: unknown, evidence: Evidence, resources: TemplateResources): SdkCallRead {
  return readCall(value, evidence, resources, 0);
}

/** readSdkCall, `depth` calls deep in the answers of the AwsCustomResources its values come from (bounded: they may name each other). */
function readCall(value: unknown, evidence: Evidence, resources: TemplateResources, depth: number): SdkCallRead {
  const tokens: unknown[] = [];
  let parsed: unknown = value;
  const text = typeof value === "string" ? value : textWithMarkers(value, tokens);
  if (text !== undefined) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      return { why: "is not the JSON text of an SDK call (its handler cannot read it either, or it is built at deployment)", evidence };
    }
  } else if (intrinsicKey(value)) {
    return { why: `is written with ${intrinsicKey(value) ?? "an intrinsic"}: which call it makes is known only at deployment`, evidence };
  }
  if (!isRecord(parsed) || typeof parsed["service"] !== "string" || typeof parsed["action"] !== "string" || parsed["service"] === "" || parsed["action"] === "") {
    return { why: "names no service and action (a string each)", evidence };
  }
  // A service or action CloudFormation fills in may be any call: which one is not in the template.
  if ([parsed["service"], parsed["action"]].some((v) => HAS_MARKER.test(v) || DYNAMIC_REFERENCE.test(v))) {
    return { why: "names its service or action with a value known only at deployment: which call it makes cannot be told", evidence };
  }
  if (text !== undefined) {
    // A key CloudFormation fills in may be "action" (a table named so is a plain identifier): the last one wins.
    if (markedKey(parsed)) return { why: "names a key of its JSON text with a value known only at deployment: it may repeat service, action or parameters, and the last one is called", evidence };
    // What CloudFormation writes into the text before the handler parses it decides the call as much as the template does.
    if (DYNAMIC_REFERENCE.test(text)) return { why: "holds a dynamic reference ({{resolve:...}}): CloudFormation writes its value into the call's JSON text, where a quote in it can name another call", evidence };
    const unsafe = tokens.map((t) => unsafeFill(t, resources, depth)).find((why) => why !== undefined);
    if (unsafe !== undefined) return { why: `fills ${unsafe} into the call's JSON text at deployment: a quote or backslash in its value can close the string and name another call (the handler's JSON.parse keeps the last of two same keys), so which call runs cannot be told`, evidence };
  }
  const literals: string[] = [];
  const computed: string[] = [];
  const parameters = walk(parsed["parameters"], tokens, literals, computed);
  // The role it assumes decides the account it acts in: its ARN names the target as much as the parameters do.
  walk([parsed["assumedRoleArn"], parsed["region"]].filter((v) => v !== undefined), tokens, literals, computed);
  const service = parsed["service"];
  const action = parsed["action"];
  const physical = parsed["physicalResourceId"];
  const idText = isRecord(physical) ? physical["id"] : undefined;
  const physicalId = !isRecord(physical)
    ? undefined
    : typeof idText === "string" && !HAS_MARKER.test(idText)
      ? { id: idText }
      : { unknown: typeof physical["responsePath"] === "string" ? `the call's answer (${physical["responsePath"]})` : "a value known at deployment" };
  const iamAction = sdkIamAction(service, action);
  const call: SdkCall = {
    service,
    action,
    iamAction,
    text: `${service}.${action}${parameters === undefined ? "" : ` ${JSON.stringify(parameters)}`}`,
    literals,
    computed,
    targets: targetsOf(parsed["parameters"], tokens),
    ...(parsed["assumedRoleArn"] !== undefined || parsed["region"] !== undefined ? { elsewhere: true as const } : {}),
    ...(physicalId ? { physicalId } : {}),
    ...(iamAction.toLowerCase() === "dynamodb:batchwriteitem" && onlyPutRequests(parsed["parameters"]) && computed.length === 0 ? { putsOnly: true } : {}),
  };
  return { call, evidence };
}

/** The calls an AwsCustomResource makes, by phase; undefined for any other resource. */
export function customResourceCalls(resource: unknown, evidenceAt: (pointer: string) => Evidence, resourcePointer: string, resources: TemplateResources): CustomResourceCalls | undefined {
  if (!isRecord(resource) || !isAwsCustomResource(resource)) return undefined;
  const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
  const calls: CustomResourceCalls = {};
  for (const phase of SDK_CALL_PHASES) {
    if (props[phase] === undefined) continue;
    calls[phase] = readSdkCall(props[phase], evidenceAt(`${resourcePointer}/Properties/${phase}`), resources);
  }
  return calls;
}

/** Tiers that destroy what exists: delete (T1), protection off (T2), replace through CloudFormation (T3). */
export const DESTRUCTIVE_CALL_TIERS: ReadonlySet<Tier> = new Set<Tier>(["delete", "protectionOff", "replace"]);

const TIER_NAMES: Partial<Record<Tier, string>> = { delete: "T1 delete", protectionOff: "T2 protection off", replace: "T3 replace" };

/**
 * The destructive tiers of a call's IAM action, from the catalogue the IAM rules use (an action
 * the catalogue does not know is judged by its name, as theirs are). A BatchWriteItem that only
 * puts items deletes none (its T1 entry is for its DeleteRequest).
 */
export function destructiveTiers(call: SdkCall, index: TierIndex): string[] {
  if (call.putsOnly) return [];
  const canonical = canonicalAction(index.catalogue, call.iamAction);
  const tiers = canonical !== undefined ? (index.tiersOf(canonical) ?? new Set<Tier>()) : tiersOfUnknownAction(index, call.iamAction);
  return [...tiers].filter((t) => DESTRUCTIVE_CALL_TIERS.has(t)).map((t) => TIER_NAMES[t] ?? t);
}

/** A call that runs because of the change, and why it runs. */
export interface RunningCall {
  phase: SdkCallPhase;
  read: SdkCallRead;
  when: string;
}

/** The physical id a side's handler gave the resource: literal only when every way it was set says the same. */
function deployedIds(calls: CustomResourceCalls): (string | undefined)[] {
  const id = (phase: SdkCallPhase): string | undefined => {
    const read = calls[phase];
    if (!read || !("call" in read)) return undefined;
    const p = read.call.physicalId;
    return p && "id" in p ? p.id : undefined;
  };
  // On Create the handler takes Create's id, else Update's, else Delete's; each later Update its own.
  const created = calls.Create ? id("Create") : calls.Update ? id("Update") : id("Delete");
  return calls.Update ? [created, id("Update")] : [created];
}

/**
 * The calls the handler makes for a change (CloudFormation's events to a custom resource, User
 * Guide "Custom resources"): Create on an added resource, Update on a modified one, Delete on a
 * removed one, and, when an Update answers a new physical id, Delete of the old one with the
 * deployed properties (CloudFormation's cleanup of a replaced resource).
 */
export function callsThatRun(action: string, before: CustomResourceCalls | undefined, after: CustomResourceCalls | undefined): RunningCall[] {
  const out: RunningCall[] = [];
  if (action === "Add" && after?.Create) out.push({ phase: "Create", read: after.Create, when: "when it is created (this change adds it)" });
  if (action === "Remove" && before?.Delete) out.push({ phase: "Delete", read: before.Delete, when: "when it is deleted (this change removes it)" });
  if (action === "Modify" && after?.Update) {
    out.push({ phase: "Update", read: after.Update, when: "when it is updated (this change modifies it)" });
    const next = "call" in after.Update ? after.Update.call.physicalId : { unknown: "unread" };
    const old = before ? deployedIds(before) : [undefined];
    // No physicalResourceId keeps the deployed one; the same literal id as every way it was set keeps it too.
    const kept = next === undefined || ("id" in next && old.every((id) => id === next.id));
    if (!kept && before?.Delete) out.push({ phase: "Delete", read: before.Delete, when: `when CloudFormation deletes the old one (its Update call answers a new physical id${"unknown" in next ? `: ${next.unknown}` : ""})` });
  }
  return out;
}
