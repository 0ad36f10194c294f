/**
 * Resolve CloudFormation values to text, as far as a template alone allows. What cannot be
 * known (parameters, attributes of unnamed resources, unknown functions) becomes `*`, so a
 * policy that depends on it is read as broadly as it could be (fail closed).
 */
import { inputErrorAt, type InputError } from "../finding.js";
import type { PossibleName, ResourceRef } from "../iam/model.js";
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";

export const KNOWN_INTRINSICS = new Set([
  "Ref",
  "Condition",
  "Fn::GetAtt",
  "Fn::Join",
  "Fn::Sub",
  "Fn::Select",
  "Fn::Split",
  "Fn::If",
  "Fn::Equals",
  "Fn::And",
  "Fn::Or",
  "Fn::Not",
  "Fn::FindInMap",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::ImportValue",
  "Fn::GetAZs",
  "Fn::Transform",
  "Fn::Length",
  "Fn::ToJsonString",
  "Fn::ForEach",
  // Rule-specific functions, valid in a template's Rules section (CDK writes Fn::Contains there).
  "Fn::Contains",
  "Fn::EachMemberEquals",
  "Fn::EachMemberIn",
  "Fn::RefAll",
  "Fn::ValueOf",
  "Fn::ValueOfAll",
]);

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: unknown;
  UpdateReplacePolicy?: unknown;
}

export interface ResolveContext {
  resources: Record<string, TemplateResource>;
  mappings: Record<string, unknown>;
  account?: string;
  region?: string;
  stackName?: string;
  /** Production status of this template's stack: what a Ref/GetAtt to its resources inherits. */
  production: boolean;
  stackLabel: string;
  exports: Map<string, ResourceRef>;
  /** What parameters read as (their defaults, for `possibleNames`); otherwise a parameter is any value. */
  parameterValues?: Readonly<Record<string, string>>;
  /** Parameters of type `AWS::SSM::Parameter::Value<String>`: the Parameter Store name each reads (its Default). */
  ssmParameterNames?: Readonly<Record<string, string>>;
}

export interface Resolved {
  text: string;
  /** Set when the value came from a resource or export whose production status is known. */
  production?: boolean;
  origin?: string;
  /** A secret of the template: whether it is a database's master secret (ResourceRef.adminSecret). */
  adminSecret?: boolean;
  /** Names a resource the template creates (ResourceRef.createdHere). */
  createdHere?: boolean;
}

/** The logical id a `Ref` or `Fn::GetAtt` names (`!Ref Boundary`, `!GetAtt Boundary.PolicyArn`). */
export function referencedLogicalId(value: unknown): string | undefined {
  const key = intrinsicKey(value);
  const arg = key && isRecord(value) ? value[key] : undefined;
  if (key === "Ref") return typeof arg === "string" ? arg : undefined;
  if (key !== "Fn::GetAtt") return undefined;
  const id: unknown = Array.isArray(arg) ? arg[0] : typeof arg === "string" ? arg.split(".")[0] : undefined;
  return typeof id === "string" ? id : undefined;
}

export { asList } from "../as-list.js";

/** The single `Fn::*`/`Ref` key of an intrinsic-function object, if it is one. */
export function intrinsicKey(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === "Ref" || key === "Condition" || key.startsWith("Fn::") ? key : undefined;
}

/** The key of a one-key object (what intrinsicKey checks first), without listing its keys. */
function soleKey(node: object): string | undefined {
  let key: string | undefined;
  for (const k in node) {
    if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
    if (key !== undefined) return undefined;
    key = k;
  }
  return key;
}

/** Every intrinsic this reader does not know, with its pointer: reported, never ignored. */
export const findUnknownIntrinsics = (value: unknown, pointer = ""): { key: string; pointer: string }[] =>
  findIntrinsics(value, (key) => key.startsWith("Fn::") && !KNOWN_INTRINSICS.has(key), pointer);

/**
 * Every intrinsic whose name `wanted` accepts, with its pointer: the sole key of its object, or,
 * with `beside`, any key of it (`Fn::Transform` may sit beside a resource's other properties).
 */
export function findIntrinsics(value: unknown, wanted: (key: string) => boolean, pointer = "", beside = false): { key: string; pointer: string }[] {
  const out: { key: string; pointer: string }[] = [];
  // The path is kept as segments and turned into a pointer only for a hit: templates are large
  // and unknown intrinsics rare.
  const path: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i]);
        path.pop();
      }
      return;
    }
    const key = beside ? Object.keys(node).find(wanted) : soleKey(node);
    if (key !== undefined && wanted(key)) out.push({ key, pointer: childPointer(pointer, ...path) });
    for (const k in node) {
      if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
      path.push(k);
      walk((node as Record<string, unknown>)[k]);
      path.pop();
    }
  };
  walk(value);
  return out;
}

const snsTopicArn = (n: string, c: ResolveContext): string => `arn:aws:sns:${c.region ?? "*"}:${c.account ?? "*"}:${n}`;

const dynamoDbTableArn = (n: string, c: ResolveContext): string => `arn:aws:dynamodb:${c.region ?? "*"}:${c.account ?? "*"}:table/${n}`;

/** The ARN shape of common resource types, when the physical name is literal. */
const ARN_FORMATS: Record<string, (name: string, ctx: ResolveContext, resource: TemplateResource) => string> = {
  "AWS::DynamoDB::Table": dynamoDbTableArn,
  // SAM's table: the transform makes an AWS::DynamoDB::Table under the same logical id.
  "AWS::Serverless::SimpleTable": dynamoDbTableArn,
  "AWS::S3::Bucket": (n) => `arn:aws:s3:::${n}`,
  "AWS::SQS::Queue": (n, c) => `arn:aws:sqs:${c.region ?? "*"}:${c.account ?? "*"}:${n}`,
  "AWS::SNS::Topic": snsTopicArn,
  "AWS::Lambda::Function": (n, c) => `arn:aws:lambda:${c.region ?? "*"}:${c.account ?? "*"}:function:${n}`,
  "AWS::IAM::Role": (n, c, r) => `arn:aws:iam::${c.account ?? "*"}:role/${iamPath(r, c) ?? "*"}${n}`,
  "AWS::IAM::User": (n, c, r) => `arn:aws:iam::${c.account ?? "*"}:user/${iamPath(r, c) ?? "*"}${n}`,
  "AWS::Logs::LogGroup": (n, c) => `arn:aws:logs:${c.region ?? "*"}:${c.account ?? "*"}:log-group:${n}`,
  "AWS::Kinesis::Stream": (n, c) => `arn:aws:kinesis:${c.region ?? "*"}:${c.account ?? "*"}:stream/${n}`,
  "AWS::RDS::DBInstance": (n, c) => `arn:aws:rds:${c.region ?? "*"}:${c.account ?? "*"}:db:${n}`,
  "AWS::RDS::DBCluster": (n, c) => `arn:aws:rds:${c.region ?? "*"}:${c.account ?? "*"}:cluster:${n}`,
};

/**
 * Roles and users whose name CloudFormation makes up keep `*` as their ARN: who can assume or
 * change them is decided against their ARN (src/core/iam/reach.ts), which is not known, and only
 * `*` is read as reaching a principal whose ARN is not known.
 */
const UNNAMED_ARN_STAYS_ANY = new Set(["AWS::IAM::Role", "AWS::IAM::User"]);

const NAME_PROPERTIES: Record<string, string> = {
  "AWS::DynamoDB::Table": "TableName",
  "AWS::Serverless::SimpleTable": "TableName",
  "AWS::S3::Bucket": "BucketName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::SNS::Topic": "TopicName",
  "AWS::Lambda::Function": "FunctionName",
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Kinesis::Stream": "Name",
  "AWS::RDS::DBInstance": "DBInstanceIdentifier",
  "AWS::RDS::DBCluster": "DBClusterIdentifier",
};

/**
 * Types whose `Ref` is not the physical name. An SNS topic's and a managed policy's Ref is the ARN:
 * the bare name matches no ARN, so a grant on it read as a grant on nothing. A managed policy's
 * ARN holds its Path, so it is any; a queue's Ref is its URL, which no policy names.
 */
const REF_NOT_NAME: Record<string, (name: string, ctx: ResolveContext) => string> = {
  "AWS::SNS::Topic": snsTopicArn,
  "AWS::IAM::ManagedPolicy": () => "*",
  "AWS::SQS::Queue": () => "*",
};

/**
 * The physical name as far as it is known (`orders-*` when a parameter is part of it).
 * `depth`: how deep the reference to this resource was found. A name that refers back to its own
 * resource (`BucketName: !Sub "${Bucket.Arn}-x"`, which CloudFormation rejects as circular) then
 * ends at the depth limit, an unknown name, instead of recursing until the stack overflows.
 */
function namePattern(resource: TemplateResource, ctx: ResolveContext, depth = 0): string | undefined {
  const prop = NAME_PROPERTIES[resource.Type];
  const raw = prop ? resource.Properties?.[prop] : undefined;
  return raw === undefined ? undefined : resolveText(raw, ctx, depth + 1).text;
}

/**
 * What a role's or user's `Path` puts into its ARN between `role/` and the name: `""` without one
 * (IAM's default `/`), `deploy/` for `/deploy/`; undefined when the template leaves it to a
 * parameter or writes a path IAM refuses (not `/.../`), so any path is possible.
 */
export function iamPath(resource: TemplateResource, ctx: ResolveContext): string | undefined {
  const raw = resource.Properties?.["Path"];
  if (raw === undefined) return "";
  const text = resolveText(raw, ctx).text;
  return /^\/(?:[^*?]*\/)?$/.test(text) ? text.slice(1) : undefined;
}

/**
 * How a trust policy names a role or user of a template: its ARN where account, path and name are
 * known, else a pattern of it (`arn:aws:iam::*:role/*<logical id>*` where CloudFormation makes up
 * the name `<stack>-<logical id>-<suffix>`), whose name the agent rules can still judge.
 */
export function trustArnOf(kind: "role" | "user", logicalId: string, resource: TemplateResource, ctx: ResolveContext): string {
  const path = iamPath(resource, ctx);
  return `arn:aws:iam::${ctx.account ?? "*"}:${kind}/${path ?? "*"}${literalName(resource, ctx) ?? `*${logicalId}*`}`;
}

export function literalName(resource: TemplateResource, ctx: ResolveContext): string | undefined {
  const text = namePattern(resource, ctx);
  return text === undefined || text.includes("*") ? undefined : text;
}

/** Allowed values tried per parameter: a list longer than this is a catalogue, not a choice of names. */
const MAX_ALLOWED_VALUES = 50;

/**
 * The names a role or user may be deployed with when its name is not literal: the pattern every
 * deploy matches (`*-claude-runner` from `!Sub ${Env}-claude-runner`), the name the parameters'
 * defaults give, and the name each value a parameter may take gives (an allowed value, a mapping
 * key it selects), the others at their defaults. A template's default is what a deploy without
 * overrides gets, so its agents are judged by it.
 */
export function possibleNames(raw: unknown, property: string, ctx: ResolveContext, parameters: unknown): PossibleName[] {
  if (raw === undefined) return [];
  const pattern = resolveText(raw, ctx).text;
  if (!pattern.includes("*")) return [];
  const out: PossibleName[] = [];
  if (/[^*]/.test(pattern)) out.push({ name: pattern, from: `its ${property} pattern` });
  const declared = isRecord(parameters) ? parameters : {};
  const text = (v: unknown): string | undefined => (typeof v === "string" || typeof v === "number" ? String(v) : undefined);
  const defaults: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const value = isRecord(parameter) ? text(parameter["Default"]) : undefined;
    if (value !== undefined) defaults[name] = value;
  }
  const withDefaults = resolveText(raw, { ...ctx, parameterValues: defaults }).text;
  const seen = new Set([pattern]);
  const add = (name: string, from: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push({ name, from });
  };
  add(withDefaults, "the defaults of its parameters");
  // Each value one parameter may take, the others at their defaults: an allowed value, or a key of
  // the mapping it selects in (`!FindInMap [Roles, !Ref Env, Name]`: every Roles entry deploys).
  const keys = mappingKeysByParameter(raw, ctx.mappings);
  for (const [parameterName, parameter] of Object.entries(declared)) {
    const allowed = isRecord(parameter) && Array.isArray(parameter["AllowedValues"]) ? parameter["AllowedValues"] : [];
    const values = [...allowed.flatMap((v) => text(v) ?? []), ...(keys.get(parameterName) ?? [])];
    for (const value of values.slice(0, MAX_ALLOWED_VALUES)) {
      add(resolveText(raw, { ...ctx, parameterValues: { ...defaults, [parameterName]: value } }).text, `parameter ${parameterName} = ${value}`);
    }
  }
  return out;
}

/** For each parameter a `Fn::FindInMap` in `value` selects by (`!Ref P` as a key), the keys it can select. */
function mappingKeysByParameter(value: unknown, mappings: Record<string, unknown>, out: Map<string, string[]> = new Map()): Map<string, string[]> {
  if (Array.isArray(value)) for (const v of value) mappingKeysByParameter(v, mappings, out);
  if (!isRecord(value)) return out;
  const find = value["Fn::FindInMap"];
  if (Array.isArray(find) && typeof find[0] === "string") {
    const map = mappings[find[0]];
    const top = find[1];
    const topRef = isRecord(top) && typeof top["Ref"] === "string" ? top["Ref"] : undefined;
    if (isRecord(map) && topRef !== undefined) out.set(topRef, [...(out.get(topRef) ?? []), ...Object.keys(map)]);
    const second = find[2];
    const secondRef = isRecord(second) && typeof second["Ref"] === "string" ? second["Ref"] : undefined;
    const inner = isRecord(map) && typeof top === "string" ? map[top] : undefined;
    if (isRecord(inner) && secondRef !== undefined) out.set(secondRef, [...(out.get(secondRef) ?? []), ...Object.keys(inner)]);
  }
  for (const v of Object.values(value)) mappingKeysByParameter(v, mappings, out);
  return out;
}

/**
 * OIDC providers: their Ref (and Arn) is the provider's ARN, named by the issuer URL without its
 * scheme. CDK's `iam.OpenIdConnectProvider` is a custom resource whose Ref is that ARN too. A trust
 * policy names the provider so (`Federated: !Ref GithubOidc`): read as `*`, a GitHub Actions role
 * would not be seen as GitHub's.
 */
const OIDC_PROVIDER_TYPES = new Set(["AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider"]);

function oidcProviderArn(resource: TemplateResource, ctx: ResolveContext, depth: number): string {
  const url = resource.Properties?.["Url"];
  const issuer = url === undefined ? "*" : resolveText(url, ctx, depth + 1).text.replace(/^https:\/\//i, "");
  return `arn:aws:iam::${ctx.account ?? "*"}:oidc-provider/${issuer}`;
}

/** Database types whose master login a secret can hold (SecretTargetAttachment TargetType and the master properties). */
const DATABASE_TYPES = new Set(["AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::Redshift::Cluster", "AWS::DocDB::DBCluster", "AWS::DocDB::DBInstance", "AWS::Neptune::DBCluster", "AWS::RedshiftServerless::Namespace"]);
const MASTER_PROPERTIES = ["MasterUsername", "MasterUserPassword", "AdminUsername", "AdminUserPassword"];

/** The secret a SecretTargetAttachment's SecretId names (its Ref is that secret's ARN). */
function attachedSecret(attachment: TemplateResource): string | undefined {
  return referencedLogicalId(attachment.Properties?.["SecretId"]);
}

/**
 * Whether a template's secret is a database's master secret: attached to a database by a
 * SecretTargetAttachment, or read by a database's master user or password (a `{{resolve:secretsmanager:…}}`
 * naming it, as aws-cdk-lib's DatabaseCluster/DatabaseInstance write). Asked only for secrets.
 */
function isMasterSecret(logicalId: string, ctx: ResolveContext): boolean {
  for (const resource of Object.values(ctx.resources)) {
    if (resource.Type === "AWS::SecretsManager::SecretTargetAttachment" && attachedSecret(resource) === logicalId) return true;
    if (!DATABASE_TYPES.has(resource.Type)) continue;
    for (const property of MASTER_PROPERTIES) {
      const raw = resource.Properties?.[property];
      if (raw !== undefined && JSON.stringify(raw).includes(`{{resolve:secretsmanager:`) && mentions(raw, logicalId)) return true;
    }
  }
  return false;
}

/** A value names a logical id: `${Id}` in a Sub, or a Ref/GetAtt of it anywhere inside. */
function mentions(value: unknown, logicalId: string): boolean {
  if (typeof value === "string") return value.includes(`\${${logicalId}}`) || value.includes(`\${${logicalId}.`) || value.includes(`secretsmanager:${logicalId}:`);
  if (Array.isArray(value)) return value.some((v) => mentions(v, logicalId));
  if (!isRecord(value)) return false;
  if (referencedLogicalId(value) === logicalId) return true;
  return Object.values(value).some((v) => mentions(v, logicalId));
}

/**
 * A secret of the template, by Ref or Arn (a secret's Ref is its ARN; a SecretTargetAttachment's
 * Ref is its secret's): its ARN from its Name when literal (Secrets Manager adds `-` and six
 * characters), and whether it is a master secret. `!`, which RDS's and Redshift's own master
 * secrets carry (`rds!…`, `redshift!…`), is no character a created secret's name may hold.
 */
function templateSecret(logicalId: string, ctx: ResolveContext, depth: number, origin: string): Resolved {
  const resource = ctx.resources[logicalId] as TemplateResource;
  const rawName = resource.Properties?.["Name"];
  const name = rawName === undefined ? "*" : `${resolveText(rawName, ctx, depth + 1).text}-*`;
  return { text: `arn:aws:secretsmanager:${ctx.region ?? "*"}:${ctx.account ?? "*"}:secret:${name}`, production: ctx.production, origin, adminSecret: isMasterSecret(logicalId, ctx) };
}

/**
 * What `!GetAtt <P>.Value` (or `!Sub ${<P>.Value}`) of a Parameter Store parameter of the template
 * stands for: its `Value` property, which CloudFormation returns as the attribute (templates keep
 * a role's ARN there for other stacks and read it back: ADF's `CrossAccountJumpRoleArn`). Followed
 * through parameters holding another's Value; undefined for anything else, or a parameter without
 * a Value, or a chain that does not end (CloudFormation rejects the circular reference).
 */
export function parameterStoreValue(value: unknown, ctx: Pick<ResolveContext, "resources">): unknown {
  let current = value;
  for (let hop = 0; hop < 10; hop++) {
    const id = storedParameterId(current, ctx);
    if (id === undefined) return hop === 0 ? undefined : current;
    current = ctx.resources[id]?.Properties?.["Value"];
    if (current === undefined) return undefined;
  }
  return undefined;
}

function storedParameterId(value: unknown, ctx: Pick<ResolveContext, "resources">): string | undefined {
  const key = intrinsicKey(value);
  const arg = key !== undefined && isRecord(value) ? value[key] : undefined;
  let ref: [unknown, unknown] | undefined;
  if (key === "Fn::GetAtt") ref = Array.isArray(arg) ? [arg[0], arg[1]] : typeof arg === "string" ? (arg.split(/\.(.*)/s) as [string, string]) : undefined;
  else if (key === "Fn::Sub" && typeof arg === "string") {
    const m = /^\$\{([^}!.]+)\.([^}]+)\}$/.exec(arg);
    if (m) ref = [m[1], m[2]];
  }
  if (!ref || typeof ref[0] !== "string" || ref[1] !== "Value") return undefined;
  return ctx.resources[ref[0]]?.Type === PARAMETER_STORE_TYPE ? ref[0] : undefined;
}

const PARAMETER_STORE_TYPE = "AWS::SSM::Parameter";

/**
 * CDK's cross-Region reference (`crossRegionReferences: true`): `Fn::GetAtt [Reader, <parameter
 * name>]` is the value the producing stack's Custom::CrossRegionExportWriter wrote to that
 * parameter (collectExports), a resource of that stack, as `Fn::ImportValue` of an export is. Not
 * a resource of this stack: the reader only reads. A value whose writer is not in the input may be
 * anything (`*`, fail closed).
 */
export const CROSS_REGION_READER = "Custom::CrossRegionExportReader";
/** The custom resource of the producing stack that writes those parameters (`WriterProps.exports`). */
export const CROSS_REGION_WRITER = "Custom::CrossRegionExportWriter";

/** The parameter a value reads through this template's cross-Region reader (`Fn::GetAtt [Reader, <name>]`), if it does. */
export function crossRegionParameter(value: unknown, resources: Record<string, TemplateResource>): string | undefined {
  const key = intrinsicKey(value);
  const arg = key === "Fn::GetAtt" && isRecord(value) ? value[key] : undefined;
  const [id, attribute] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
  return typeof id === "string" && typeof attribute === "string" && resources[id]?.Type === CROSS_REGION_READER ? attribute : undefined;
}

/** A producing template's cross-Region exports: parameter name → value, with the Region of the stack that reads them. */
export function crossRegionExports(resources: Record<string, unknown>): { parameter: string; value: unknown; region?: string }[] {
  const out: { parameter: string; value: unknown; region?: string }[] = [];
  for (const resource of Object.values(resources)) {
    if (!isRecord(resource) || resource["Type"] !== CROSS_REGION_WRITER || !isRecord(resource["Properties"])) continue;
    const writer = resource["Properties"]["WriterProps"];
    if (!isRecord(writer) || !isRecord(writer["exports"])) continue;
    const region = typeof writer["region"] === "string" ? writer["region"] : undefined;
    for (const [parameter, value] of Object.entries(writer["exports"])) out.push({ parameter, value, ...(region !== undefined ? { region } : {}) });
  }
  return out;
}

export const isCustomResourceType = (type: string): boolean => type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource";
/** A type of AWS's own namespace whose value is its own (not a custom resource, a registry type or a stack: CloudFormation's own). */
export const isAwsType = (type: string): boolean => type.startsWith("AWS::") && !type.startsWith("AWS::CloudFormation::");
/**
 * What another template exported under `name` (an export, or a cross-Region reference's parameter
 * name: collectExports): the export of this stack's account and Region, else the one template
 * exporting the name; else any value. What the exporting template knows of its resource holds here
 * too: a bucket it creates is none of the buckets AWS or CDK made (ResourceRef.createdHere).
 */
function exportedValue(name: string, ctx: ResolveContext): Resolved {
  const scoped = scopedExportKey(ctx.account, ctx.region, name);
  return referenced((scoped === undefined ? undefined : ctx.exports.get(scoped)) ?? ctx.exports.get(name));
}

/** A value another template wrote (exportedValue, storedParameterValue), as this one reads it; none: any value. */
function referenced(ref: ResourceRef | undefined): Resolved {
  return ref
    ? { text: ref.pattern, ...(ref.production !== undefined ? { production: ref.production } : {}), ...(ref.origin ? { origin: ref.origin } : {}), ...(ref.createdHere ? { createdHere: true } : {}) }
    : { text: "*" };
}

/**
 * The key of a Parameter Store parameter an `AWS::SSM::Parameter` of the input writes
 * (collectExports), beside export names: a NUL no export or parameter name holds.
 */
export const storedParameterKey = (name: string): string => `\0ssm\0${name}`;

/**
 * A template parameter of type `AWS::SSM::Parameter::Value<String>` reads, at each deployment, the
 * Parameter Store parameter its Default names (CDK's `StringParameter.valueForStringParameter`):
 * when an `AWS::SSM::Parameter` of the input in this account and Region writes that name, the value
 * it writes (a bucket ARN another stack stores for this one), judged with that stack. Parameters
 * are per account and Region: with both known, no other account's or Region's is taken; a name no
 * stack of the input writes is any value (fail closed).
 */
function storedParameterValue(name: string, ctx: ResolveContext): Resolved {
  const scoped = scopedExportKey(ctx.account, ctx.region, storedParameterKey(name));
  return referenced(scoped === undefined ? ctx.exports.get(storedParameterKey(name)) : ctx.exports.get(scoped));
}

function fromResource(logicalId: string, attribute: string | undefined, ctx: ResolveContext, depth: number): Resolved {
  const resource = ctx.resources[logicalId];
  const origin = `${resource?.Type ?? "resource"} ${logicalId} of ${ctx.stackLabel}`;
  if (!resource) return { text: "*" };
  if (resource.Type === PARAMETER_STORE_TYPE && attribute === "Value") {
    const stored = resource.Properties?.["Value"];
    return stored === undefined ? { text: "*" } : resolveText(stored, ctx, depth + 1);
  }
  if (resource.Type === CROSS_REGION_READER && attribute !== undefined) return exportedValue(attribute, ctx);
  if (resource.Type === "AWS::SecretsManager::Secret" && (attribute === undefined || attribute === "Id")) return templateSecret(logicalId, ctx, depth, origin);
  if (resource.Type === "AWS::SecretsManager::SecretTargetAttachment" && attribute === undefined) {
    const secret = attachedSecret(resource);
    if (secret !== undefined && ctx.resources[secret]?.Type === "AWS::SecretsManager::Secret") return templateSecret(secret, ctx, depth, origin);
  }
  // The secret RDS (ManageMasterUserPassword) or Redshift (ManageMasterPassword) keeps the master login in.
  if (DATABASE_TYPES.has(resource.Type) && (attribute === "MasterUserSecret.SecretArn" || attribute === "MasterPasswordSecretArn" || attribute === "AdminPasswordSecretArn")) {
    return { text: `arn:aws:secretsmanager:${ctx.region ?? "*"}:${ctx.account ?? "*"}:secret:*`, production: ctx.production, origin, adminSecret: true };
  }
  if (OIDC_PROVIDER_TYPES.has(resource.Type) && (attribute === undefined || attribute === "Arn")) {
    return { text: oidcProviderArn(resource, ctx, depth), production: ctx.production, origin };
  }
  // Any other custom resource's attributes are what its provider's code returns (an
  // AwsCustomResource's `getResponseField("Table.TableArn")`, the ARN a lookup found): a value,
  // not a resource this stack holds, so production or not by no say of this stack (fail closed).
  // Its Ref and `Arn` stay the resource it manages here (CDK's EKS cluster, `Custom::AWSCDK-EKS-Cluster`).
  if (isCustomResourceType(resource.Type) && attribute !== undefined && attribute !== "Arn") return { text: "*" };
  const name = namePattern(resource, ctx, depth);
  let text = "*";
  if (name !== undefined) {
    if (attribute === undefined) text = REF_NOT_NAME[resource.Type]?.(name, ctx) ?? name;
    else if (attribute === "Arn") text = ARN_FORMATS[resource.Type]?.(name, ctx, resource) ?? "*";
  } else {
    // No name property: CloudFormation makes one up, but the ARN still has its type's shape
    // (`table/*`), so a Deny of every table covers it and actions of other types do not reach it.
    if (attribute === "Arn" && !UNNAMED_ARN_STAYS_ANY.has(resource.Type)) text = ARN_FORMATS[resource.Type]?.("*", ctx, resource) ?? "*";
  }
  return attribute === undefined || attribute === "Arn" ? { text, production: ctx.production, origin, createdHere: true } : { text, production: ctx.production, origin };
}

function pseudo(name: string, ctx: ResolveContext): string | undefined {
  switch (name) {
    case "AWS::AccountId":
      return ctx.account ?? "*";
    case "AWS::Partition":
      return "aws";
    case "AWS::Region":
      return ctx.region ?? "*";
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::StackName":
      return ctx.stackName ?? "*";
    case "AWS::NoValue":
      return "";
    case "AWS::StackId":
    case "AWS::NotificationARNs":
      return "*";
    default:
      return undefined;
  }
}

function combine(parts: Resolved[], joiner: string): Resolved {
  const known = parts.filter((p) => p.production !== undefined);
  return {
    text: parts.map((p) => p.text).join(joiner),
    // Production if any referenced resource is; fail closed.
    ...(known.length ? { production: known.some((p) => p.production), origin: known.map((p) => p.origin).filter(Boolean).join(", ") } : {}),
    ...(parts.some((p) => p.createdHere) ? { createdHere: true } : {}),
  };
}

/** A CloudFormation value as text; unknowable pieces become `*`. */
export function resolveText(value: unknown, ctx: ResolveContext, depth = 0): Resolved {
  if (depth > 30) return { text: "*" };
  if (typeof value === "string") return { text: value };
  if (typeof value === "number" || typeof value === "boolean") return { text: String(value) };
  const key = intrinsicKey(value);
  if (!key || !isRecord(value)) return { text: "*" };
  const arg = value[key];
  switch (key) {
    case "Ref": {
      if (typeof arg !== "string") return { text: "*" };
      const p = pseudo(arg, ctx);
      if (p !== undefined) return { text: p };
      if (ctx.resources[arg]) return fromResource(arg, undefined, ctx, depth);
      const stored = ctx.ssmParameterNames?.[arg];
      if (stored !== undefined) return storedParameterValue(stored, ctx);
      return { text: ctx.parameterValues?.[arg] ?? "*" }; // a parameter: any value
    }
    case "Fn::GetAtt": {
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
      return typeof id === "string" ? fromResource(id, typeof attr === "string" ? attr : "*", ctx, depth) : { text: "*" };
    }
    case "Fn::Join": {
      if (!Array.isArray(arg) || typeof arg[0] !== "string" || !Array.isArray(arg[1])) return { text: "*" };
      return combine(arg[1].map((p: unknown) => resolveText(p, ctx, depth + 1)), arg[0]);
    }
    case "Fn::Sub": {
      const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
      if (typeof template !== "string") return { text: "*" };
      const parts: Resolved[] = [];
      let last = 0;
      for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
        parts.push({ text: template.slice(last, m.index) });
        const name = m[1] ?? "";
        if (name.startsWith("!")) parts.push({ text: "${" + name.slice(1) + "}" });
        else if (isRecord(vars) && name in vars) parts.push(resolveText(vars[name], ctx, depth + 1));
        else if (name.includes(".")) {
          const [id, attr] = name.split(/\.(.*)/s);
          parts.push(resolveText({ "Fn::GetAtt": [id, attr] }, ctx, depth + 1));
        } else parts.push(resolveText({ Ref: name }, ctx, depth + 1));
        last = (m.index ?? 0) + m[0].length;
      }
      parts.push({ text: template.slice(last) });
      return combine(parts, "");
    }
    case "Fn::ImportValue":
      return exportedValue(resolveText(arg, ctx, depth + 1).text, ctx);
    case "Fn::Select": {
      const [rawIndex, list] = Array.isArray(arg) ? arg : [];
      // An index that is no position of the list (negative, fractional, past the end, not a
      // number) reads no element: undefined, which resolves to `*` like any unknown value.
      const items = Array.isArray(list) ? list : splitPieces(list, ctx, depth);
      return items ? resolveText(items[Number(resolveText(rawIndex, ctx, depth + 1).text)], ctx, depth + 1) : { text: "*" };
    }
    case "Fn::FindInMap": {
      if (!Array.isArray(arg)) return { text: "*" };
      const keys = arg.slice(0, 3).map((k: unknown) => resolveText(k, ctx, depth + 1).text);
      const found = keys.reduce<unknown>((node, k) => (isRecord(node) ? node[k] : undefined), ctx.mappings);
      // AWS::LanguageExtensions' fourth argument, `{DefaultValue: ...}`: what a lookup of known keys
      // that finds nothing gives. A key the template cannot know may find an entry: any value.
      const fallback = isRecord(arg[3]) && !keys.includes("*") ? arg[3]["DefaultValue"] : undefined;
      if (found === undefined && fallback !== undefined) return resolveText(fallback, ctx, depth + 1);
      return found === undefined || isRecord(found) ? { text: "*" } : resolveText(found, ctx, depth + 1);
    }
    case "Fn::If": {
      if (!Array.isArray(arg)) return { text: "*" };
      const a = resolveText(arg[1], ctx, depth + 1);
      const b = resolveText(arg[2], ctx, depth + 1);
      // Either branch may be deployed: keep the text only when both agree.
      const known = [a, b].filter((x) => x.production !== undefined);
      return {
        text: a.text === b.text ? a.text : "*",
        ...(known.length ? { production: known.some((x) => x.production), origin: known.map((x) => x.origin).join(", ") } : {}),
      };
    }
    case "Fn::ToJsonString": {
      // AWS::LanguageExtensions: an object or list as JSON text (a dashboard body, mostly), with the
      // intrinsics inside it resolved first; a value it cannot know is "*" there, as anywhere.
      if (!isRecord(arg) && !Array.isArray(arg)) return { text: "*" };
      return { text: JSON.stringify(resolvedValue(arg, ctx, depth + 1)) };
    }
    default:
      return { text: "*" };
  }
}

/** The pieces of an `Fn::Split` (`[delimiter, source]`), its source resolved as text; undefined for anything else. */
function splitPieces(value: unknown, ctx: ResolveContext, depth: number): string[] | undefined {
  if (intrinsicKey(value) !== "Fn::Split" || !isRecord(value)) return undefined;
  const arg = value["Fn::Split"];
  if (!Array.isArray(arg) || typeof arg[0] !== "string" || arg[0] === "") return undefined;
  return resolveText(arg[1], ctx, depth + 1).text.split(arg[0]);
}

/**
 * A statement's Action or NotAction as IAM receives it once CloudFormation has resolved it: each
 * intrinsic (`!Sub`, `!Join`, `!Select`, `!FindInMap`, ...) its text, `!Split` its pieces. What the
 * template cannot know reads as `*`: for an Allow that is its widest reading (fail closed); a Deny
 * is resolved only to text with no wildcard, since its `*` may stand for an action it does not
 * deny: left as written, the parser reports it and reads it as protecting nothing. So is an
 * `Fn::If` that deployed.ts left as written.
 */
export function resolvedActionElement(value: unknown, ctx: ResolveContext, deny: boolean): unknown {
  const wild = (text: string): boolean => deny && /[*?]/.test(text);
  const pieces = splitPieces(value, ctx, 0);
  if (pieces) return pieces.some(wild) ? value : pieces;
  const one = (item: unknown): unknown => {
    // An Fn::If left here is one deployed.ts could not list: read as written (an input error).
    const key = intrinsicKey(item);
    if (key === undefined || key === "Fn::If") return item;
    const text = resolveText(item, ctx).text;
    return wild(text) ? item : text;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/**
 * CDK's CfnJson (`Custom::AWSCDKCfnJson`): an object whose keys hold tokens, as an EKS service
 * account's role keys its trust condition by the cluster's issuer (aws-eks ServiceAccount,
 * `Condition: { StringEquals: !GetAtt <X>ConditionJson.Value }`). Its handler (cfn-utils-provider)
 * returns `JSON.parse` of its Value property, the JSON text the template joins: read as that
 * object, the unknown parts of the text `*` (`*:sub`). Text that does not parse stays unknown.
 */
function cfnJsonValue(value: Record<string, unknown>, ctx: ResolveContext, depth: number): unknown {
  const arg = value["Fn::GetAtt"];
  const [id, attr] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
  const resource = typeof id === "string" && attr === "Value" ? ctx.resources[id] : undefined;
  if (resource?.Type !== "Custom::AWSCDKCfnJson") return undefined;
  try {
    return JSON.parse(resolveText(resource.Properties?.["Value"], ctx, depth + 1).text) as unknown;
  } catch {
    return undefined;
  }
}

/** A value with every intrinsic in it replaced by its text (resolveText), for Fn::ToJsonString and trust conditions. */
export function resolvedValue(value: unknown, ctx: ResolveContext, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => resolvedValue(item, ctx, depth));
  if (!isRecord(value)) return value;
  const json = cfnJsonValue(value, ctx, depth);
  if (json !== undefined) return json;
  if (intrinsicKey(value)) return resolveText(value, ctx, depth).text;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = resolvedValue(child, ctx, depth);
  return out;
}

/** A Resource/NotResource element of a policy as a ResourceRef. */
/** The key of an export in its account and Region (both known), beside its bare name (collectExports). */
export function scopedExportKey(account: string | undefined, region: string | undefined, name: string): string | undefined {
  return account !== undefined && region !== undefined ? `${account}\0${region}\0${name}` : undefined;
}

export function resolveResourceRef(raw: unknown, ctx: ResolveContext): ResourceRef {
  const r = resolveText(raw, ctx);
  return {
    pattern: r.text === "" ? "*" : r.text,
    ...(r.production !== undefined ? { production: r.production } : {}),
    ...(r.origin ? { origin: r.origin } : {}),
    ...(r.adminSecret !== undefined ? { adminSecret: r.adminSecret } : {}),
    ...(r.createdHere ? { createdHere: true } : {}),
  };
}

export function unknownIntrinsicErrors(file: string, value: unknown, lineOf?: (p: string) => number | undefined): InputError[] {
  return findUnknownIntrinsics(value).map(({ key, pointer }) =>
    inputErrorAt(file, pointer, lineOf, `unknown intrinsic function ${key} at ${pointer}: its value is read as "*" (fail closed)`),
  );
}
