/**
 * Read a CloudFormation template (JSON or YAML, from a file or a cdk.out) into the IAM model:
 * roles, users and groups with their inline, attached and managed policies, boundaries, tags
 * and trust policies. Intrinsics are resolved within the template (and cross-stack exports);
 * what cannot be resolved is a wildcard (fail closed).
 */
import path from "node:path";
import { evidenceAt as evidenceIn, inputErrorAt, type Evidence, type InputError } from "../finding.js";
import type { IamInput, PolicySource, PossibleName, Principal, PrincipalKind, ResourceRef } from "../iam/model.js";
import type { Policy } from "../policy.js";
import { cdkStackNames, productionVerdict, type ProductionVerdict, type ResourceTags, type StackFacts } from "../production.js";
import { childPointer } from "../source/pointer.js";
import { isLoopKey } from "./foreach.js";
import { asList, crossRegionExports, iamPath, intrinsicKey, literalName, parameterStoreValue, possibleNames, referencedLogicalId, resolvedActionElement, resolveResourceRef, resolveText, resolvedValue, scopedExportKey, storedParameterKey, trustArnOf, unknownIntrinsicErrors, type ResolveContext, type TemplateResource } from "./intrinsics.js";
import { isRecord } from "../is-record.js";
import { globsOverlap } from "../iam/patterns.js";
import { deployedStatements, deployedValues, type DeployedStatement } from "./deployed.js";
import { moduleResourceError, moduleSectionError, transformErrors, type MayBeAgentRole } from "./transforms.js";
import { agentHostRoles, agentPipelineRoles, agentPodIdentityRoles, agentRoles, agentRunnerRoles, agentToolFunctions, agentToolImports, roleNameInArn } from "./agent-tools.js";
import { agentReason } from "../iam/agents.js";
import { accessPolicyName } from "../iam/kubernetes-access.js";
import { cdkParsedRoleName, collectRoleReferences, roleImportWithin, roleReferenceOf, writtenReference, type CrossStackRoles, type ExportedRole } from "./cross-stack-roles.js";

export interface TemplateInput {
  file: string;
  value: unknown;
  lineOf?: (pointer: string) => number | undefined;
  stackName?: string;
  stackTags?: Record<string, string>;
  /**
   * A CDK stack's (the Aspect's, `scan cdk.out`'s): its resources' tags (resourceTagsOf), which
   * speak for the stack (StackFacts.resourceTags); a nested stack's include its parent's.
   * Absent for other templates, whose resources' tags say nothing of their stack.
   */
  resourceTags?: ResourceTags[];
  account?: string;
  region?: string;
  terminationProtection?: boolean;
  /** Stage path of a CDK stack (`Prod/Service`). */
  stagePath?: string;
  /** Construct path of the stack that holds this stack's stage (a CDK Pipelines pipeline stack), when there is one. */
  outerStackPath?: string;
  /**
   * A nested stack's template (`AWS::CloudFormation::Stack` in the parent): the parent's label.
   * It inherits the parent's scope; termination protection is the root stack's, not its own.
   */
  nestedIn?: string;
}

export interface ReadTemplate {
  iam: IamInput;
  errors: InputError[];
  resources: Record<string, TemplateResource>;
  production: boolean;
  /** Prefix of subjects: the stack name, or the file's base name. */
  stackLabel: string;
  context: ResolveContext;
  /** Roles of other templates it names, and its own as they may name them (linkRolesAcrossTemplates). */
  roles: CrossStackRoles;
}

/**
 * A template declares its format version or has at least one resource with a Type. One resource
 * without a Type does not make it something else: that would let a directory scan skip a template
 * whose other resources grant an agent everything; readTemplate reports such resources instead.
 */
export function isCloudFormationTemplate(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if ("AWSTemplateFormatVersion" in value) return true;
  const resources = value["Resources"];
  return isRecord(resources) && Object.entries(resources).some(([id, r]) => isTypedResource(r) || isLoopKey(id));
}

const isTypedResource = (r: unknown): boolean => isRecord(r) && typeof r["Type"] === "string";

/**
 * Resources CloudFormation would reject for want of a Type, and modules, whose resources the
 * template does not show: input errors, never silently left out.
 */
function untypedResourceErrors(input: TemplateInput): InputError[] {
  const { file, value, lineOf } = input;
  if (!isRecord(value) || !("Resources" in value)) return [];
  const error = (pointer: string, message: string): InputError => inputErrorAt(file, pointer, lineOf, message);
  const section = moduleSectionError(value);
  const sectionErrors = section ? [error("/Modules", section)] : [];
  const resources = value["Resources"];
  if (!isRecord(resources)) return [...sectionErrors, error("/Resources", "Resources is not a mapping of logical ids to resources: no resource of the template is evaluated (fail closed)")];
  const errors: InputError[] = sectionErrors;
  for (const [id, r] of Object.entries(resources)) {
    const pointer = childPointer("/Resources", id);
    const moduleError = moduleResourceError(id, isRecord(r) ? r["Type"] : undefined, r);
    if (moduleError) errors.push(error(pointer, moduleError));
    else if (!isTypedResource(r)) errors.push(error(pointer, `resource ${id} has no Type (CloudFormation rejects the template): it is not evaluated (fail closed)`));
  }
  return errors;
}

/** The template's base name without `.template.json` & co: a stack name for loose files. */
export function templateLabel(input: TemplateInput): string {
  return input.stackName ?? path.basename(input.file).replace(/(\.template)?\.(json|ya?ml)$/i, "");
}

/** Whether a template's stack is production, and the signal that decided (DESIGN "Production scope"). */
export function templateProductionVerdict(input: TemplateInput, policy: Policy): ProductionVerdict {
  return productionVerdict(templateStackFacts(input), policy.production);
}

/** What decides a template's production scope: its names (cdkStackNames), tags and account. */
export function templateStackFacts(input: TemplateInput): StackFacts {
  const { names, outerNames } = cdkStackNames(input.stackName, input.stagePath, input.outerStackPath);
  return {
    names: [...names, templateLabel(input)],
    ...(outerNames ? { outerNames } : {}),
    tags: input.stackTags ?? {},
    ...(input.resourceTags ? { resourceTags: input.resourceTags } : {}),
    ...(input.account ? { account: input.account } : {}),
  };
}

/** A tags property of a resource: `Tags`, or a type's own (`UserPoolTags`, `FileSystemTags`, `BackupVaultTags`, ...). */
const TAGS_PROPERTY = /^(?:[A-Z][A-Za-z0-9]*)?Tags$/;

/**
 * The tags each resource of a template writes (`[{Key, Value}]` or `{key: value}`, the shapes
 * CDK's tag manager renders), values the template writes literally; a resource whose tags are
 * all intrinsics is listed with none, so it names no environment. `prefix` names a nested
 * template's resources (`<nested stack>/`).
 */
export function resourceTagsOf(value: unknown, prefix = ""): ResourceTags[] {
  const out: ResourceTags[] = [];
  for (const [id, r] of Object.entries(resourcesOf(value))) {
    let tagged = false;
    const tags: Record<string, string> = {};
    for (const [name, written] of Object.entries(r.Properties ?? {})) {
      if (!TAGS_PROPERTY.test(name)) continue;
      if (Array.isArray(written)) {
        for (const t of written) {
          if (!isRecord(t) || !("Key" in t)) continue;
          tagged = true;
          if (typeof t["Key"] === "string" && typeof t["Value"] === "string") tags[t["Key"]] = t["Value"];
        }
      } else if (isRecord(written)) {
        for (const [key, v] of Object.entries(written)) {
          tagged = true;
          if (typeof v === "string") tags[key] = v;
        }
      }
    }
    if (tagged) out.push({ resource: `${prefix}${id}`, tags });
  }
  return out;
}

export function isTemplateProduction(input: TemplateInput, policy: Policy): boolean {
  return templateProductionVerdict(input, policy).production;
}

/**
 * The `AWS::CloudFormation::Stack` resources of a cdk.out template, with how to find each one's
 * template in the assembly: the `aws:asset:path` metadata `cdk synth` writes, else the asset hash
 * in its TemplateURL (an in-process synth writes no asset metadata; the assets manifest maps it,
 * or for CDK v1's synthesizer the stack's `aws:cdk:asset` metadata).
 */
export function nestedStackFiles(value: unknown): { resourceId: string; assetPath?: string; assetHash?: string; product?: true }[] {
  const out: { resourceId: string; assetPath?: string; assetHash?: string; product?: true }[] = [];
  for (const [id, r] of Object.entries(resourcesOf(value))) {
    // A Service Catalog product's versions CDK writes from a ProductStack: file assets named by
    // their hash in `Info.LoadTemplateFromURL`, deployed in this stack's account when provisioned.
    if (r.Type === "AWS::ServiceCatalog::CloudFormationProduct") {
      const versions = r.Properties?.["ProvisioningArtifactParameters"];
      for (const version of Array.isArray(versions) ? versions : []) {
        const info = isRecord(version) && isRecord(version["Info"]) ? version["Info"]["LoadTemplateFromURL"] : undefined;
        const hash = /\b([0-9a-f]{64})\.json\b/.exec(JSON.stringify(info ?? ""))?.[1];
        if (hash) out.push({ resourceId: id, assetHash: hash, product: true });
      }
      continue;
    }
    if (r.Type !== "AWS::CloudFormation::Stack") continue;
    const assetPath = r.Metadata?.["aws:asset:path"];
    // CDK's URL names the asset's file by its hash; CDK v1's synthesizer (LegacyStackSynthesizer)
    // by the asset parameters holding it (`AssetParameters<hash>S3Bucket…`, under a `referenceto…`
    // parameter in a nested stack's own nested stacks), the stack's metadata giving its file.
    const url = JSON.stringify(r.Properties?.["TemplateURL"] ?? "");
    const hash = (/\b([0-9a-f]{64})\.json\b/.exec(url) ?? /AssetParameters([0-9a-f]{64})S3Bucket/.exec(url))?.[1];
    out.push({ resourceId: id, ...(typeof assetPath === "string" ? { assetPath } : {}), ...(hash ? { assetHash: hash } : {}) });
  }
  return out;
}

/**
 * The nested stacks a template declares and where each one's template is written: the
 * `TemplateURL` of an AWS::CloudFormation::Stack, the `Location` of SAM's
 * AWS::Serverless::Application (a path or URL, or a Serverless Application Repository app).
 */
export interface NestedStackLocation {
  resourceId: string;
  type: string;
  /** The property that says where: `TemplateURL` or `Location`. */
  property: "TemplateURL" | "Location";
  location: unknown;
  pointer: string;
}

export function nestedStackLocations(value: unknown): NestedStackLocation[] {
  const out: NestedStackLocation[] = [];
  for (const [id, r] of Object.entries(resourcesOf(value))) {
    const property = r.Type === "AWS::CloudFormation::Stack" ? "TemplateURL" : r.Type === "AWS::Serverless::Application" ? "Location" : undefined;
    if (property === undefined) continue;
    out.push({ resourceId: id, type: r.Type, property, location: r.Properties?.[property], pointer: childPointer("/Resources", id, "Properties", property) });
  }
  return out;
}

/** How a message shows a nested stack's location: the path or URL, or the intrinsic, shortened. */
export function locationText({ location, property }: Pick<NestedStackLocation, "location" | "property">): string {
  return typeof location === "string" ? location : location === undefined ? `no ${property}` : JSON.stringify(location).slice(0, 120);
}

/**
 * The input of a nested stack's template: named after its parent and the parent's resource
 * (`Prod-Service.DatabaseNestedStackResource8A1B`), in the parent's account, tags and stage, so
 * it is production exactly when its parent is (DESIGN "Production scope").
 */
/**
 * A ProductStack's template file (`<unique id>.product.template.json`): the name its template is
 * labelled by under its parent (productTemplateId), in the Aspect and in `scan cdk.out` alike.
 */
export const PRODUCT_TEMPLATE_SUFFIX = ".product.template.json";

/** The id a product template is labelled by under its parent (`<parent>.<unique id>`), from its file name; undefined for any other file. */
export function productTemplateId(file: string): string | undefined {
  const base = file.replace(/^.*[\\/]/, "");
  return base.endsWith(PRODUCT_TEMPLATE_SUFFIX) && base.length > PRODUCT_TEMPLATE_SUFFIX.length ? base.slice(0, -PRODUCT_TEMPLATE_SUFFIX.length) : undefined;
}

export function nestedStackInput(parent: TemplateInput, resourceId: string, file: string, value: unknown, lineOf?: (pointer: string) => number | undefined): TemplateInput {
  const parentLabel = templateLabel(parent);
  return {
    file,
    value,
    ...(lineOf ? { lineOf } : {}),
    stackName: `${parentLabel}.${resourceId}`,
    ...(parent.stackTags ? { stackTags: parent.stackTags } : {}),
    // A CDK stack's scope, its resources' tags included, is its parent's; its own tags may add production.
    ...(parent.resourceTags ? { resourceTags: [...parent.resourceTags, ...resourceTagsOf(value, `${resourceId}/`)] } : {}),
    ...(parent.account !== undefined ? { account: parent.account } : {}),
    ...(parent.region !== undefined ? { region: parent.region } : {}),
    ...(parent.terminationProtection !== undefined ? { terminationProtection: parent.terminationProtection } : {}),
    ...(parent.stagePath !== undefined ? { stagePath: parent.stagePath } : {}),
    ...(parent.outerStackPath !== undefined ? { outerStackPath: parent.outerStackPath } : {}),
    nestedIn: parentLabel,
  };
}

function resourcesOf(value: unknown): Record<string, TemplateResource> {
  const resources = isRecord(value) && isRecord(value["Resources"]) ? value["Resources"] : {};
  const out: Record<string, TemplateResource> = {};
  for (const [id, r] of Object.entries(resources)) if (isTypedResource(r)) out[id] = r as unknown as TemplateResource;
  return out;
}

const contexts = new WeakMap<TemplateInput, { policy: Policy; exports: Map<string, ResourceRef>; context: ResolveContext }>();

/** One context per (input, policy, exports): collectExports and readTemplate share it. */
export function createContext(input: TemplateInput, policy: Policy, exports: Map<string, ResourceRef> = new Map()): ResolveContext {
  const known = contexts.get(input);
  if (known && known.policy === policy && known.exports === exports) return known.context;
  const context = buildContext(input, policy, exports);
  contexts.set(input, { policy, exports, context });
  return context;
}

function buildContext(input: TemplateInput, policy: Policy, exports: Map<string, ResourceRef>): ResolveContext {
  const production = isTemplateProduction(input, policy);
  const stackLabel = templateLabel(input);
  return {
    resources: resourcesOf(input.value),
    mappings: isRecord(input.value) && isRecord(input.value["Mappings"]) ? input.value["Mappings"] : {},
    ...(input.account ? { account: input.account } : {}),
    ...(input.region ? { region: input.region } : {}),
    ...(input.stackName ? { stackName: input.stackName } : {}),
    production,
    stackLabel: `stack ${stackLabel}`,
    exports,
    ssmParameterNames: ssmParameterNames(input.value),
  };
}

/** Template parameters that read a Parameter Store parameter (`AWS::SSM::Parameter::Value<String>`), by the name their Default gives. */
function ssmParameterNames(template: unknown): Record<string, string> {
  const parameters = isRecord(template) && isRecord(template["Parameters"]) ? template["Parameters"] : {};
  const out: Record<string, string> = {};
  for (const [id, p] of Object.entries(parameters)) {
    if (isRecord(p) && p["Type"] === "AWS::SSM::Parameter::Value<String>" && typeof p["Default"] === "string") out[id] = p["Default"];
  }
  return out;
}

interface ResourcePolicyDocument {
  document: unknown;
  pointer: string;
  /** The resource itself, for statements without Resource (or a key policy's `*`). */
  self?: unknown;
  /** The one statement is the resource's properties (AWS::Lambda::Permission): evidence points there. */
  inProperties?: boolean;
}

const arnOf = (id: string, attribute = "Arn") => ({ "Fn::GetAtt": [id, attribute] });

/** Resource-based policies, per resource type: where the document is, and which resource it is about. */
const RESOURCE_POLICIES: Record<string, { read(id: string, props: Record<string, unknown>): ResourcePolicyDocument | undefined }> = {
  "AWS::S3::BucketPolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument` }) },
  "AWS::SQS::QueuePolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument` }) },
  "AWS::SNS::TopicPolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument`, self: asList(p["Topics"])[0] }) },
  "AWS::SecretsManager::ResourcePolicy": { read: (id, p) => ({ document: p["ResourcePolicy"], pointer: `/Resources/${id}/Properties/ResourcePolicy`, self: p["SecretId"] }) },
  "AWS::KMS::Key": { read: (id, p) => (p["KeyPolicy"] === undefined ? undefined : { document: p["KeyPolicy"], pointer: `/Resources/${id}/Properties/KeyPolicy`, self: arnOf(id) }) },
  "AWS::ECR::Repository": {
    read: (id, p) => (p["RepositoryPolicyText"] === undefined ? undefined : { document: p["RepositoryPolicyText"], pointer: `/Resources/${id}/Properties/RepositoryPolicyText`, self: arnOf(id) }),
  },
  "AWS::DynamoDB::Table": {
    read: (id, p) => {
      const policy = isRecord(p["ResourcePolicy"]) ? p["ResourcePolicy"]["PolicyDocument"] : undefined;
      return policy === undefined ? undefined : { document: policy, pointer: `/Resources/${id}/Properties/ResourcePolicy/PolicyDocument`, self: arnOf(id) };
    },
  },
  "AWS::Backup::BackupVault": {
    read: (id, p) => (p["AccessPolicy"] === undefined ? undefined : { document: p["AccessPolicy"], pointer: `/Resources/${id}/Properties/AccessPolicy`, self: arnOf(id, "BackupVaultArn") }),
  },
  "AWS::Lambda::Permission": {
    // One statement in properties: Principal (an ARN or a service), Action, FunctionName.
    read: (id, p) => ({
      document: { Statement: { Effect: "Allow", Principal: { AWS: p["Principal"] }, Action: p["Action"], Resource: p["FunctionName"] } },
      pointer: `/Resources/${id}/Properties`,
      inProperties: true,
    }),
  },
};

/** Resources that attach a policy document to principals. */
const POLICY_TYPES = new Set(["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"]);

const KIND_LABELS = { role: "Role", user: "User" } as const;


/**
 * `toolImports`: how agents of the other templates name this one's functions as their tools (an
 * export, a nested stack's output or parameter: collectToolImports), so a tools stack's function is
 * an agent's tool as it would be beside its agent.
 */
export function readTemplate(
  input: TemplateInput,
  policy: Policy,
  exports: Map<string, ResourceRef> = new Map(),
  toolImports: ReadonlyMap<string, string> = new Map(),
  roleExports: ReadonlyMap<string, ExportedRole> = new Map(),
): ReadTemplate {
  const ctx = createContext(input, policy, exports);
  const { file, lineOf } = input;
  const label = templateLabel(input);
  // Functions an agent runs with inputs it chooses: their roles are the agent's reach (agent-tools.ts).
  const tools = agentToolFunctions(ctx, policy.agents.trustPrincipals, toolImports, { label, value: input.value });
  const mayBeAgentRole: MayBeAgentRole = (name, tags, functionId) => {
    const tool = tools.get(functionId);
    if (tool !== undefined) return `it ${tool}`;
    return agentReason({ kind: "role", subject: name, name, tags, policies: [], evidence: {} }, policy.agents) === undefined ? undefined : "its name or tags";
  };
  const errors = [...untypedResourceErrors(input), ...unknownIntrinsicErrors(file, input.value, lineOf), ...transformErrors(file, input.value, label, mayBeAgentRole, lineOf)];
  const evidenceAt = (pointer: string): Evidence => evidenceIn(file, pointer, lineOf);
  /**
   * A policy document as CloudFormation takes a Json property: an object, JSON text, or JSON text
   * built by Fn::Sub or Fn::Join (`PolicyDocument: !Sub |`), with what the template cannot
   * resolve read as `*`. Text is returned as text: the IAM reader decodes it and reports it.
   */
  const documentOf = (written: unknown): unknown => {
    const key = intrinsicKey(written);
    return key === "Fn::Sub" || key === "Fn::Join" || key === "Fn::ToJsonString" ? resolveText(written, ctx).text : written;
  };
  const source = (name: string, written: unknown, pointer: string): PolicySource => {
    const forms = intrinsicKey(written) === "Fn::If" ? deployedValues(written, pointer) : [];
    if (forms.length > 0 && forms.every((f) => f.pointer !== pointer)) return branchedSource(name, forms, pointer) ?? plainSource(name, written, pointer);
    return plainSource(name, written, pointer);
  };
  /**
   * A whole document under Fn::If (`PolicyDocument: !If [IsProd, {...}, {...}]`): either branch
   * may be deployed, so every Allow of each counts, at its branch; a Deny that only one branch
   * deploys protects nothing (as deployed.ts reads a statement under Fn::If), so Denies are left
   * out. A branch that is no document object (text, say) leaves the whole read as written: an
   * input error, never a pass.
   */
  const branchedSource = (name: string, forms: { value: unknown; pointer: string }[], pointer: string): PolicySource | undefined => {
    const statements: unknown[] = [];
    const origins: { pointer: string; index: number }[] = [];
    const versions = new Set<unknown>();
    for (const form of forms) {
      const branch = plainSource(name, form.value, form.pointer);
      const document = branch.document;
      if (!isRecord(document) || document["Statement"] === undefined) return undefined;
      versions.add(document["Version"]);
      const written = document["Statement"];
      const list = Array.isArray(written) ? written : [written];
      list.forEach((statement, i) => {
        if (isRecord(statement) && statement["Effect"] === "Deny") return;
        statements.push(statement);
        origins.push(branch.statementOrigins?.[i] ?? { pointer: Array.isArray(written) ? `${form.pointer}/Statement/${i}` : `${form.pointer}/Statement`, index: i });
      });
    }
    // Branches that disagree on Version: 2012-10-17, whose variables are read as any value (an Allow's widest reading).
    const [version] = versions.size === 1 ? [...versions] : ["2012-10-17"];
    return {
      name,
      document: { ...(version !== undefined ? { Version: version } : {}), Statement: statements },
      statementOrigins: origins,
      evidence: evidenceAt(pointer),
      ...(lineOf ? { lineOf } : {}),
      resolveResource: (raw) => resolveResourceRef(raw, ctx),
    };
  };
  const plainSource = (name: string, written: unknown, pointer: string): PolicySource => {
    const document = documentOf(written);
    // Statements under Fn::If: every form the template may deploy, each at its own pointer.
    const deployed = deployedStatements(document, pointer);
    const statements = deployed && isRecord(document) ? deployed.map((d) => d.value) : isRecord(document) ? document["Statement"] : undefined;
    const resolved = Array.isArray(statements) ? statements.map(actionsResolved) : actionsResolved(statements);
    return {
      name,
      document: isRecord(document) && statements !== undefined ? { ...document, Statement: resolved } : document,
      ...(deployed ? { statementOrigins: deployed.map(({ pointer, index }) => ({ pointer, index })) } : {}),
      evidence: evidenceAt(pointer),
      ...(lineOf ? { lineOf } : {}),
      resolveResource: (raw) => resolveResourceRef(raw, ctx),
    };
  };

  /**
   * A statement with intrinsics in its Action/NotAction resolved (resolvedActionElement), and a
   * Deny's condition values (`aws:PrincipalArn: !GetAtt AgentRole.Arn`) where the template fixes
   * their text; anything else as written (a value it leaves open stays an object: no Deny is
   * credited on it, where `*` would read as a wildcard).
   */
  const actionsResolved = (statement: unknown): unknown => {
    if (!isRecord(statement)) return statement;
    const deny = statement["Effect"] === "Deny";
    let out = statement;
    if (deny && isRecord(statement["Condition"])) out = { ...out, Condition: denyConditionResolved(statement["Condition"]) };
    for (const key of ["Action", "NotAction"]) {
      const value = statement[key];
      if (value === undefined || typeof value === "string") continue;
      const resolved = resolvedActionElement(value, ctx, deny);
      if (resolved !== value) out = { ...out, [key]: resolved };
    }
    return out;
  };

  const denyConditionResolved = (condition: Record<string, unknown>): Record<string, unknown> => {
    const fixed = (v: unknown): unknown => {
      if (!isRecord(v) || intrinsicKey(v) === undefined) return v;
      const text = resolveText(v, ctx).text;
      return text.includes("*") ? v : text;
    };
    return Object.fromEntries(
      Object.entries(condition).map(([operator, block]) => [
        operator,
        isRecord(block) ? Object.fromEntries(Object.entries(block).map(([key, v]) => [key, Array.isArray(v) ? v.map(fixed) : fixed(v)])) : block,
      ]),
    );
  };

  /**
   * A role's, user's or permission set's `Tags` (`[{Key, Value}]`), those under Fn::If included.
   * A tag under Fn::If may be missing or hold another branch's value: its value is `*`, as one the
   * template does not resolve (no IAM tag value holds `*`); a key written as an intrinsic is a
   * pattern (`*`: any key). A Deny on aws:PrincipalTag is then not proven to apply.
   */
  const tagsOf = (props: Record<string, unknown>, base: string): Record<string, string> => {
    const tags: Record<string, string> = {};
    for (const { value: t, pointer } of deployedValues(props["Tags"], `${base}/Tags`)) {
      // Anything but {Key, Value} with a text or intrinsic key is refused by CloudFormation: never deployed.
      if (!isRecord(t) || (typeof t["Key"] !== "string" && intrinsicKey(t["Key"]) === undefined)) continue;
      const key = typeof t["Key"] === "string" ? t["Key"] : resolveText(t["Key"], ctx).text;
      const value = resolveText(t["Value"], ctx).text;
      tags[key] = pointer.includes("/Fn::If/") || (key in tags && tags[key] !== value) ? "*" : value;
    }
    return tags;
  };

  const principals = new Map<string, Principal>();
  const roles: CrossStackRoles = { own: [], outside: [] };
  /**
   * How a trust policy names each role and user of the template: its ARN, or, where the account is
   * not known or CloudFormation makes up the name (`<stack>-<logical id>-<suffix>`), an ARN
   * pattern, whose name the agent rules can still judge. Left as written, such a principal was
   * dropped, and a role trusting the agent role of its own template was not seen as an agent's.
   */
  const trustedAs = new Map<string, string>();
  const groupPolicies = new Map<string, PolicySource[]>();
  const groupUnresolved = new Map<string, NonNullable<Principal["unresolvedPolicies"]>>();
  const managedDocs = new Map<string, PolicySource>();
  const byLiteralName = new Map<string, string>();

  /** The managed policies of the template with a literal name and path, by `<path><name>` (`/agents/orders-read`). */
  const managedByPathName = new Map<string, PolicySource>();
  for (const [id, r] of Object.entries(ctx.resources)) {
    // Without a PolicyDocument the template is invalid: the parser reports it (never dropped).
    if (r.Type === "AWS::IAM::ManagedPolicy") {
      const literal = literalName(r, ctx);
      const doc = source(literal ?? id, r.Properties?.["PolicyDocument"], `/Resources/${id}/Properties/PolicyDocument`);
      managedDocs.set(id, doc);
      const path = iamPath(r, ctx);
      if (literal !== undefined && path !== undefined) managedByPathName.set(`/${path}${literal}`, doc);
    }
  }
  /**
   * The managed policy of the template a policy ARN names (`!Sub arn:${AWS::Partition}:iam::
   * ${AWS::AccountId}:policy/orders-read`): by its `Ref`/`PolicyArn`, or by its ARN in the stack's
   * own account (`${AWS::AccountId}`, or the account the template is known to deploy to) with
   * its path and name. Any other account, or one the template cannot know, is another policy.
   */
  const OWN_ACCOUNT = "<the stack's account>";
  const templatePolicy = (arn: unknown): PolicySource | undefined => {
    const refId = referencedLogicalId(arn);
    const byRef = refId ? managedDocs.get(refId) : undefined;
    if (byRef) return byRef;
    const m = /^arn:[^:]+:iam::([^:]*):policy(\/.*)$/.exec(resolveText(arn, { ...ctx, account: ctx.account ?? OWN_ACCOUNT }).text);
    if (!m || (m[1] !== OWN_ACCOUNT && (ctx.account === undefined || m[1] !== ctx.account))) return undefined;
    return managedByPathName.get(m[2] ?? "");
  };

  const kindOf: Record<string, PrincipalKind> = { "AWS::IAM::Role": "role", "AWS::IAM::User": "user", "AWS::IAM::Group": "group" };
  const parameters = isRecord(input.value) ? input.value["Parameters"] : undefined;
  const possibleNamesOf = (props: Record<string, unknown>, property: string): { possibleNames?: PossibleName[] } => {
    const names = possibleNames(props[property], property, ctx, parameters);
    return names.length ? { possibleNames: names } : {};
  };
  for (const [id, r] of Object.entries(ctx.resources)) {
    const kind = kindOf[r.Type];
    if (!kind) continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    const literal = literalName(r, ctx);
    const cdkPath = typeof r.Metadata?.["aws:cdk:path"] === "string" ? (r.Metadata["aws:cdk:path"] as string) : undefined;
    if (literal) byLiteralName.set(`${kind}:${literal}`, id);
    // Inline policies and tags under Fn::If (`- !If [HasSsm, {PolicyName: ssm, ...}, !Ref AWS::NoValue]`): either branch may be deployed.
    const inline = deployedValues(props["Policies"], `${base}/Policies`).flatMap(({ value: p, pointer }, i) =>
      isRecord(p) ? [source(resolveText(p["PolicyName"], ctx).text || `${id} policy ${i}`, p["PolicyDocument"], `${pointer}/PolicyDocument`)] : [],
    );
    if (kind === "group") {
      // A group's ManagedPolicyArns reach its members as its inline policies do: the documents
      // this template defines, and (AWS managed, or not verifiable) ARNs read as a role's are.
      const members: Principal = { kind: "user", subject: `${label}/${id}`, name: id, production: ctx.production, tags: {}, policies: [], evidence: evidenceAt(`/Resources/${id}`) };
      for (const { value, pointer } of deployedValues(props["ManagedPolicyArns"], `${base}/ManagedPolicyArns`)) attachManaged(members, value, pointer);
      groupPolicies.set(id, [...inline, ...members.policies]);
      groupUnresolved.set(id, members.unresolvedPolicies ?? []);
      continue;
    }
    // The ARN when account, path and name are known, else a pattern of it (how trust policies name it).
    const path = iamPath(r, ctx);
    const arn = trustArnOf(kind, id, r, ctx);
    trustedAs.set(id, arn);
    const principal: Principal = {
      kind,
      subject: `${label}/${id}`,
      name: literal ?? cdkPath ?? id,
      ...(literal === undefined ? possibleNamesOf(props, kind === "role" ? "RoleName" : "UserName") : {}),
      ...(literal && ctx.account && path !== undefined ? { arn } : { trustKey: arn }),
      ...(ctx.account ? { account: ctx.account } : {}),
      production: ctx.production,
      tags: tagsOf(props, base),
      policies: inline,
      evidence: evidenceAt(`/Resources/${id}`),
    };
    if (kind === "role" && props["AssumeRolePolicyDocument"] !== undefined) {
      principal.trustPolicy = source(`${id} trust policy`, props["AssumeRolePolicyDocument"], `${base}/AssumeRolePolicyDocument`);
    }
    for (const { value, pointer } of deployedValues(props["ManagedPolicyArns"], `${base}/ManagedPolicyArns`)) attachManaged(principal, value, pointer);
    if (props["PermissionsBoundary"] !== undefined) {
      const written = props["PermissionsBoundary"];
      const doc = templatePolicy(written);
      if (doc) principal.boundary = doc;
      else {
        // An AWS managed policy's published document is found by its ARN (src/core/iam/analysis.ts).
        principal.boundary = "unresolved";
        principal.boundaryArn = { arn: resolveText(written, ctx).text, evidence: evidenceAt(`${base}/PermissionsBoundary`) };
      }
    }
    principals.set(id, principal);
    if (kind === "role") roles.own.push({ logicalId: id, ...(literal ? { name: literal } : {}), principal });
  }
  for (const [id, r] of Object.entries(ctx.resources)) if (r.Type === "AWS::SSO::PermissionSet") principals.set(id, permissionSetRole(id, r));
  for (const [functionId, reason] of tools) {
    // Without a Role, SAM makes one the template does not show: transformErrors reports it.
    const roleValue = ctx.resources[functionId]?.Properties?.["Role"];
    if (roleValue === undefined) continue;
    const role = executionRole(roleValue) ?? outsideToolRole(functionId, roleValue);
    if (role.assumeAgent === undefined) role.assumeAgent = `executes function ${functionId}, which ${reason}`;
  }
  for (const principal of principals.values()) {
    if (!principal.trustPolicy) continue;
    const unresolved: string[] = [];
    principal.trustPolicy.document = resolveTrustPrincipals(principal.trustPolicy.document, unresolved);
    if (unresolved.length) principal.trustPolicy.unresolvedPrincipals = [...new Set(unresolved)];
  }

  /**
   * An IAM Identity Center permission set is a role in each account it is assigned to
   * (`AWSReservedSSO_<name>_<suffix>`): whoever signs in with it, an agent's identity included,
   * has its inline policy, AWS managed policies and customer managed policies (by name, not in the
   * template: not verifiable), within its boundary. It is an agent's by its name or tags, as a role
   * is; the role trusts only the Identity Center SAML provider, so no role of the template can
   * assume it. Its accounts are those of its assignments, which the template may not say.
   */
  function permissionSetRole(id: string, r: TemplateResource): Principal {
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    const name = resolveText(props["Name"], ctx).text || id;
    const principal: Principal = {
      kind: "role",
      subject: `${label}/${id}`,
      name,
      ...possibleNamesOf(props, "Name"),
      label: `Permission set ${name} (role AWSReservedSSO_${name}_…)`,
      production: ctx.production,
      tags: tagsOf(props, base),
      policies: props["InlinePolicy"] === undefined ? [] : [source(`${name} inline policy`, props["InlinePolicy"], `${base}/InlinePolicy`)],
      trustPolicy: {
        name: `${id} trust (IAM Identity Center)`,
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::*:saml-provider/AWSSSO_*" }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"] }] },
        evidence: evidenceAt(`/Resources/${id}`),
      },
      evidence: evidenceAt(`/Resources/${id}`),
    };
    for (const { value, pointer } of deployedValues(props["ManagedPolicies"], `${base}/ManagedPolicies`)) attachManaged(principal, value, pointer);
    for (const { value, pointer } of deployedValues(props["CustomerManagedPolicyReferences"], `${base}/CustomerManagedPolicyReferences`)) {
      const reference = isRecord(value) ? `${resolveText(value["Path"] ?? "/", ctx).text}${resolveText(value["Name"], ctx).text}` : "*";
      principal.unresolvedPolicies = [...(principal.unresolvedPolicies ?? []), { arn: `customer managed policy ${reference} of each assigned account`, evidence: evidenceAt(pointer) }];
    }
    // A boundary by ARN or by reference: its document is not in the template, so it cannot be shown to restrict.
    if (props["PermissionsBoundary"] !== undefined) principal.boundary = "unresolved";
    return principal;
  }

  /**
   * Trust policies name principals with intrinsics (`AWS: !GetAtt AgentRole.Arn`, `Federated: !Sub
   * arn:aws:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com`); the IAM
   * core reads strings only, so each is resolved here: a role or user of the template to its ARN,
   * anything else as far as the template knows it (a parameter is any principal: `*`, fail closed).
   */
  function resolveTrustPrincipals(document: unknown, unresolved: string[]): unknown {
    if (!isRecord(document)) return document;
    const statement = document["Statement"];
    const resolveStatement = (st: unknown): unknown => {
      if (!isRecord(st) || !isRecord(st["Principal"])) return st;
      const principal = Object.fromEntries(
        // Under Fn::If (`Federated: !If [CreateOidc, !Ref GithubOidc, !Ref ProviderArn]`) each branch:
        // either may be deployed. Read as one `*`, a GitHub provider's branch went unseen.
        Object.entries(st["Principal"]).map(([type, value]) => {
          const texts = deployedValues(value, "").map((d) => {
            const text = principalText(d.value);
            if (type === "AWS" && text === "*" && d.value !== "*") unresolved.push(writtenText(d.value));
            return text;
          });
          return [type, Array.isArray(value) || texts.length !== 1 ? texts : texts[0]];
        }),
      );
      // Condition values too (`token.actions.githubusercontent.com:sub: !Sub repo:${Org}/${Repo}:*`):
      // left as objects they read as no condition at all, which admits any workflow.
      return { ...st, Principal: principal, ...(st["Condition"] !== undefined ? { Condition: resolvedValue(st["Condition"], ctx) } : {}) };
    };
    return { ...document, Statement: Array.isArray(statement) ? statement.map(resolveStatement) : resolveStatement(statement) };
  }

  function principalText(written: unknown): unknown {
    // A principal kept in the template's Parameter Store parameter is what it holds.
    const value = parameterStoreValue(written, ctx) ?? written;
    const literal = typeof value === "string";
    if (!literal && intrinsicKey(value) === undefined) return value;
    const localId = literal ? undefined : (localPrincipalId(value) ?? referencedLogicalId(value));
    const local = localId ? trustedAs.get(localId) : undefined;
    if (local) return local;
    // A role of another template of the input (a CDK cross-stack reference, a nested stack's
    // output or the parameter its parent fills): that role, as its own template names it, not
    // anyone. Only the reference itself: an expression over it (a name parsed from it) is no ARN.
    const other = literal || cdkParsedRoleName(value) !== undefined ? undefined : roleReference(value);
    const trusted = other === undefined ? undefined : roleExports.get(other)?.trustedAs;
    if (trusted !== undefined) return trusted;
    // The stack's own account, not known here: its root, as `!Sub arn:...:${AWS::AccountId}:root`
    // reads, never `*` (anyone), which is what the unresolved Ref alone would read as.
    if (isOwnAccountId(value) && ctx.account === undefined) return "arn:aws:iam::*:root";
    // An account passed as a parameter (the administrator account of a StackSet member role).
    if (isAccountParameter(value, parameters)) return "arn:aws:iam::*:root";
    const text = literal ? value : resolveText(value, ctx).text;
    if (text === "") return value;
    // A role or user name the template cannot resolve (`!Sub ...:role/${AgentRoleName}`) may be anyone's.
    // (A role's session, `assumed-role/<name>/<session>`, is read as its role by trust.ts.)
    const named = literal ? undefined : principalOfArn(text);
    return named && /[*?]/.test(named.name) ? "*" : text;
  }

  function attachManaged(principal: Principal, arn: unknown, pointer: string): void {
    const doc = templatePolicy(arn);
    if (doc) {
      principal.policies.push(doc);
      return;
    }
    const text = resolveText(arn, ctx).text;
    principal.unresolvedPolicies = [...(principal.unresolvedPolicies ?? []), { arn: text, evidence: evidenceAt(pointer) }];
  }

  /**
   * A principal named by a policy attachment: in the template, or (by literal name) outside it.
   * A name the template cannot resolve (a parameter, an import from outside the scan) may be any
   * role or user of the account, an agent's included: it gets a principal evaluated as an agent.
   */
  function target(kind: "role" | "user", ref: unknown, pointer: string): Principal {
    const refId = referencedLogicalId(ref);
    const known = refId ? principals.get(refId) : undefined;
    if (known) return known;
    const exported = kind === "role" ? roleReference(ref) : undefined;
    if (exported !== undefined) return importedRole(exported, pointer);
    const name = resolveText(ref, ctx).text;
    const local = byLiteralName.get(`${kind}:${name}`);
    const byName = local ? principals.get(local) : undefined;
    if (byName) return byName;
    if (!name || name.includes("*")) {
      const unresolved = unresolvedPrincipal(kind, describeName(ref), pointer);
      // Built on another template's role export: it may be that role (linkRolesAcrossTemplates).
      const within = kind === "role" ? roleImportWithin(ref, ctx, roleExports) : undefined;
      if (within !== undefined) roles.outside.push({ link: { ref: within }, principal: unresolved, mayBe: true });
      return unresolved;
    }
    // A role or user made elsewhere: evaluate what this template grants it.
    const key = `external:${kind}:${name}`;
    let external = principals.get(key);
    if (!external) {
      external = {
        kind,
        subject: `${label}/${name}`,
        name,
        ...(ctx.account ? { account: ctx.account, arn: `arn:aws:iam::${ctx.account}:${kind}/${name}` } : {}),
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `${kind} defined outside this template` },
      };
      principals.set(key, external);
      if (kind === "role") roles.outside.push({ link: { name, ...(ctx.account ? { account: ctx.account } : {}) }, principal: external });
    }
    return external;
  }

  /** How a value names a role of another template (an export, a nested stack's parameter or output), if it does. */
  function roleReference(value: unknown): string | undefined {
    return roleReferenceOf(value, label, ctx, parameters, roleExports);
  }

  /**
   * A role of another template this one names by a reference (a CDK cross-stack or nested-stack
   * reference): an agent's until the role is known (fail closed), then judged as that role
   * (linkRolesAcrossTemplates).
   */
  function importedRole(exportName: string, pointer: string): Principal {
    const key = `imported:role:${exportName}`;
    let principal = principals.get(key);
    if (!principal) {
      const role = roleExports.get(exportName);
      const named = role ? `${role.stack}/${role.logicalId}` : exportName;
      const by = writtenReference(exportName);
      principal = {
        kind: "role",
        subject: `${label}/${named}`,
        name: named,
        label: `Role ${named} (named by ${by})`,
        ...(ctx.account ? { account: ctx.account } : {}),
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `role ${named} of another stack, named by ${by}` },
        assumeAgent: `it is role ${named} of another stack, which the input does not show, so it may be an agent's (fail closed)`,
      };
      principals.set(key, principal);
      roles.outside.push({ link: { ref: exportName }, principal, standIn: true });
    }
    return principal;
  }

  /** The role of this template a function's `Role` names (`!GetAtt FnRole.Arn`, or its ARN or name). */
  function executionRole(value: unknown): Principal | undefined {
    if (value === undefined) return undefined;
    const refId = referencedLogicalId(value);
    if (refId !== undefined) return principals.get(refId);
    const name = roleNameIn(value);
    const id = name === undefined ? undefined : byLiteralName.get(`role:${name}`);
    return id === undefined ? undefined : principals.get(id);
  }

  /**
   * The execution role of an agent's tool when it is not a role of this template (an ARN, an
   * import): what it may do is not in the input, so it cannot be verified (fail closed).
   */
  function outsideToolRole(functionId: string, value: unknown): Principal {
    const pointer = `/Resources/${functionId}/Properties/Role`;
    const text = resolveText(value, ctx).text;
    const key = `tool-role:${functionId}`;
    const principal: Principal = {
      kind: "role",
      subject: `${label}/${functionId}`,
      name: text,
      label: `The execution role of function ${functionId} (${text})`,
      production: ctx.production,
      tags: {},
      policies: [],
      unresolvedPolicies: [{ arn: `policies of ${text}`, evidence: { ...evidenceAt(pointer), note: "role defined outside this template: its policies are not verified (fail closed)" } }],
      evidence: evidenceAt(pointer),
    };
    principals.set(key, principal);
    return principal;
  }

  /** How a message names a value the template cannot resolve: `parameter AgentRoleName`, `Fn::ImportValue Shared-Role`. */
  function describeName(ref: unknown): string {
    const key = intrinsicKey(ref);
    const arg = isRecord(ref) && key ? ref[key] : undefined;
    if (key === "Ref" && typeof arg === "string") return `named by parameter ${arg}`;
    if (key === "Fn::ImportValue") return `named by Fn::ImportValue ${resolveText(arg, ctx).text}`;
    const text = resolveText(ref, ctx).text;
    return text ? `named ${text}` : "with no name";
  }

  /** The worst case for an unresolvable attachment target: an agent principal of this stack. */
  function unresolvedPrincipal(kind: "role" | "user", description: string, pointer: string): Principal {
    const key = `unresolved:${kind}:${description}`;
    let principal = principals.get(key);
    if (!principal) {
      principal = {
        kind,
        subject: `${label}/${kind} ${description}`,
        name: `${kind} ${description}`,
        label: `${KIND_LABELS[kind]} ${description}`,
        ...(ctx.account ? { account: ctx.account } : {}),
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `${kind} ${description} cannot be resolved from the template` },
        assumeAgent: `its name cannot be resolved from the template, so it may be an agent's (fail closed)`,
      };
      principals.set(key, principal);
    }
    return principal;
  }

  const attachments: [PrincipalKind, string][] = [
    ["role", "Roles"],
    ["user", "Users"],
    ["group", "Groups"],
  ];
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!POLICY_TYPES.has(r.Type)) continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    let doc: PolicySource | undefined;
    if (r.Type === "AWS::IAM::Policy") doc = source(resolveText(props["PolicyName"], ctx).text || id, props["PolicyDocument"], `${base}/PolicyDocument`);
    else if (r.Type === "AWS::IAM::ManagedPolicy") doc = managedDocs.get(id);
    else if (r.Type === "AWS::IAM::RolePolicy" || r.Type === "AWS::IAM::UserPolicy" || r.Type === "AWS::IAM::GroupPolicy") {
      const kind: PrincipalKind = r.Type === "AWS::IAM::RolePolicy" ? "role" : r.Type === "AWS::IAM::UserPolicy" ? "user" : "group";
      const nameKey = kind === "role" ? "RoleName" : kind === "user" ? "UserName" : "GroupName";
      const inline = source(resolveText(props["PolicyName"], ctx).text || id, props["PolicyDocument"], `${base}/PolicyDocument`);
      const names = deployedValues(props[nameKey], `${base}/${nameKey}`);
      // No name at all (missing, or AWS::NoValue in every branch): an unnamed principal, the worst case.
      for (const { value, pointer } of names.length ? names : [{ value: props[nameKey], pointer: `${base}/${nameKey}` }]) attach(kind, value, pointer, inline);
      continue;
    }
    if (!doc) continue;
    for (const [kind, key] of attachments) {
      for (const { value, pointer } of deployedValues(props[key], `${base}/${key}`)) attach(kind, value, pointer, doc);
    }
  }

  function attach(kind: PrincipalKind, ref: unknown, pointer: string, doc: PolicySource): void {
    if (kind === "group") {
      const groupId = groupOf(ref);
      // A group made elsewhere, or named by a parameter: its members are unknown, an agent user may be one.
      if (groupId === undefined) addPolicy(unresolvedPrincipal("user", `a member of group ${describeName(ref)}`, pointer), doc);
      else groupPolicies.set(groupId, [...(groupPolicies.get(groupId) ?? []), doc]);
      return;
    }
    addPolicy(target(kind, ref, pointer), doc);
  }

  function addPolicy(principal: Principal, doc: PolicySource): void {
    if (!principal.policies.includes(doc)) principal.policies.push(doc);
  }

  /** The logical id of a group of this template named by Ref or by its literal name. */
  function groupOf(ref: unknown): string | undefined {
    const refId = referencedLogicalId(ref);
    if (refId && ctx.resources[refId]?.Type === "AWS::IAM::Group") return refId;
    return byLiteralName.get(`group:${resolveText(ref, ctx).text}`);
  }

  /** A user joins a group: its policies, or (group not in this template) policies nobody can verify. */
  function joinGroup(user: Principal, ref: unknown, pointer: string): void {
    const groupId = groupOf(ref);
    if (groupId !== undefined) {
      for (const doc of groupPolicies.get(groupId) ?? []) addPolicy(user, doc);
      const unresolved = (groupUnresolved.get(groupId) ?? []).filter((u) => !user.unresolvedPolicies?.includes(u));
      if (unresolved.length) user.unresolvedPolicies = [...(user.unresolvedPolicies ?? []), ...unresolved];
      return;
    }
    const unresolved = { arn: `policies of group ${describeName(ref)}`, evidence: { ...evidenceAt(pointer), note: "group not defined in this template: its policies are not verified (fail closed)" } };
    user.unresolvedPolicies = [...(user.unresolvedPolicies ?? []), unresolved];
  }

  // Users get the policies of the groups they are in.
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === "AWS::IAM::User") {
      const user = principals.get(id);
      for (const { value, pointer } of deployedValues(r.Properties?.["Groups"], `/Resources/${id}/Properties/Groups`)) if (user) joinGroup(user, value, pointer);
    }
    if (r.Type === "AWS::IAM::UserToGroupAddition") {
      const base = `/Resources/${id}/Properties`;
      for (const { value, pointer } of deployedValues(r.Properties?.["Users"], `${base}/Users`)) joinGroup(target("user", value, pointer), r.Properties?.["GroupName"], `${base}/GroupName`);
    }
  }

  // Resource-based policies grant too (DESIGN "Who an agent can become"): each Allow statement
  // that names a role or user becomes part of that principal's access, at its own pointer.
  const resourcePolicies = Object.entries(ctx.resources).flatMap(([id, r]) => {
    const read = RESOURCE_POLICIES[r.Type]?.read(id, r.Properties ?? {});
    return read ? [{ id, r, read: read.inProperties ? read : { ...read, document: resourcePolicyDocument(read) } }] : [];
  });
  /**
   * A resource policy written as JSON text (as CloudFormation allows) is read as the object it
   * says; text that is no JSON is an input error, never a policy that grants nobody anything.
   */
  function resourcePolicyDocument(read: ResourcePolicyDocument): unknown {
    const document = documentOf(read.document);
    if (typeof document !== "string") return document;
    try {
      return JSON.parse(document) as unknown;
    } catch {
      errors.push(inputErrorAt(file, read.pointer, lineOf, "resource policy is JSON text that does not parse once resolved: whom it grants what cannot be read (fail closed)"));
      return undefined;
    }
  }
  /** A resource policy's statements (each form an Fn::If may deploy), with where each is written. */
  const resourceStatements = (read: ResourcePolicyDocument): DeployedStatement[] => {
    const deployed = read.inProperties ? undefined : deployedStatements(read.document, read.pointer);
    if (deployed) return deployed;
    const raw = isRecord(read.document) ? read.document["Statement"] : undefined;
    const pointerOf = (index: number): string => (read.inProperties ? read.pointer : Array.isArray(raw) ? `${read.pointer}/Statement/${index}` : `${read.pointer}/Statement`);
    return asList(raw).map((value, index) => ({ value, pointer: pointerOf(index), index }));
  };
  // First every role and user an Allow names outright (and those standing for roles it names by a
  // parameter), so that `*` and patterns in any policy, earlier or later in the template, meet them all.
  for (const { read } of resourcePolicies) {
    for (const { value: statement, pointer } of resourceStatements(read)) {
      if (isRecord(statement) && statement["Effect"] === "Allow") namedPrincipals(statement["Principal"], undefined, `${pointer}/Principal`, true);
    }
  }
  for (const { id, r, read } of resourcePolicies) {
    const byPrincipal = new Map<Principal, { statements: unknown[]; origins: { pointer: string; index: number }[] }>();
    for (const { value: statement, pointer, index } of resourceStatements(read)) {
      if (!isRecord(statement) || statement["Effect"] !== "Allow") continue;
      for (const principal of namedPrincipals(statement["Principal"], statement["Condition"], `${pointer}/Principal`)) {
        let entry = byPrincipal.get(principal);
        if (!entry) byPrincipal.set(principal, (entry = { statements: [], origins: [] }));
        const { Principal: _principal, Sid: _sid, ...rest } = statement;
        // A statement without Resource (ECR, a key policy's "*") is about the resource that holds it.
        // Without one and without a known resource: every resource (fail closed).
        const resource = rest["Resource"] === undefined || (read.self !== undefined && rest["Resource"] === "*") ? (read.self ?? "*") : rest["Resource"];
        entry.statements.push(rest["NotResource"] !== undefined ? rest : { ...rest, Resource: resource });
        entry.origins.push({ pointer, index });
      }
    }
    for (const [principal, entry] of byPrincipal) {
      principal.policies.push({
        ...source(`${r.Type} ${id}`, { Version: "2012-10-17", Statement: entry.statements }, read.pointer),
        statementOrigins: entry.origins,
      });
    }
  }

  // EKS access entries give Kubernetes access, not IAM (kubernetes-access.ts): the principal their
  // PrincipalArn names holds it as it holds a resource policy's grant. The entry lives in the
  // cluster's account, so the cluster is as production as this stack.
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type !== "AWS::EKS::AccessEntry") continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    const given = [...accessPoliciesOf(props, base), ...mastersGroupsOf(props, base)];
    if (given.length === 0) continue;
    const cluster = clusterNameOf(props["ClusterName"]);
    for (const { value } of deployedValues(props["PrincipalArn"], `${base}/PrincipalArn`)) {
      for (const principal of namedPrincipals({ AWS: value }, undefined, `${base}/PrincipalArn`)) {
        principal.kubernetesAccess = [...(principal.kubernetesAccess ?? []), ...given.map((g) => ({ ...g, cluster, via: "access entry", production: ctx.production }))];
      }
    }
  }
  // The aws-auth ConfigMap a Kubernetes manifest of CDK's eks.Cluster writes
  // (`cluster.awsAuth.addMastersRole(role)`): a role or user it maps into `system:masters` is
  // cluster-admin, as an access entry with that group would make it.
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type !== "Custom::AWSCDK-EKS-KubernetesResource") continue;
    const pointer = `/Resources/${id}/Properties/Manifest`;
    const masters = mastersOfAwsAuth(r.Properties?.["Manifest"]);
    if (masters.length === 0) continue;
    const given = { policy: "group system:masters", via: "aws-auth ConfigMap", scope: "cluster", evidence: evidenceAt(pointer), cluster: clusterNameOf(r.Properties?.["ClusterName"]), production: ctx.production };
    for (const value of masters) {
      for (const principal of namedPrincipals({ AWS: value }, undefined, pointer)) principal.kubernetesAccess = [...(principal.kubernetesAccess ?? []), given];
    }
  }
  /**
   * The role and user ARNs (as written: a literal or an intrinsic) an aws-auth ConfigMap in a
   * manifest maps into `system:masters`. CDK writes the manifest as JSON text joined around the
   * ARNs' intrinsics, mapRoles/mapUsers as JSON text inside it: each intrinsic stands in the text
   * as a private-use placeholder, read back once the entries are parsed. A manifest that is no
   * JSON is a manifest of something else (CDK writes every one as JSON).
   */
  function mastersOfAwsAuth(manifest: unknown): unknown[] {
    const parts = isRecord(manifest) && intrinsicKey(manifest) === "Fn::Join" && Array.isArray(manifest["Fn::Join"]) ? manifest["Fn::Join"][1] : [manifest];
    if (!Array.isArray(parts)) return [];
    const tokens: unknown[] = [];
    const text = parts.map((part) => (typeof part === "string" ? part : `\uE000${tokens.push(part) - 1}\uE001`)).join("");
    if (!text.includes("aws-auth")) return [];
    const parse = (json: unknown): unknown => {
      try {
        return typeof json === "string" ? (JSON.parse(json) as unknown) : undefined;
      } catch {
        return undefined;
      }
    };
    const out: unknown[] = [];
    for (const doc of asList(parse(text))) {
      if (!isRecord(doc) || doc["kind"] !== "ConfigMap" || !isRecord(doc["metadata"]) || doc["metadata"]["name"] !== "aws-auth" || !isRecord(doc["data"])) continue;
      for (const [key, arnKey] of [["mapRoles", "rolearn"], ["mapUsers", "userarn"]] as const) {
        const written = doc["data"][key];
        const entries = parse(written);
        if (entries === undefined && typeof written === "string" && written.includes("system:masters")) {
          // Entries written as YAML (a manifest of the user's): every ARN in them may be a master (fail closed).
          for (const m of written.matchAll(/\uE000(\d+)\uE001|arn:[^\s"',]+:(?:role|user)\/[^\s"',]+/g)) out.push(m[1] !== undefined ? tokens[Number(m[1])] : m[0]);
          continue;
        }
        for (const entry of asList(entries)) {
          if (!isRecord(entry) || !asList(entry["groups"]).includes("system:masters") || typeof entry[arnKey] !== "string") continue;
          const arn = entry[arnKey];
          const token = /^\uE000(\d+)\uE001$/.exec(arn);
          out.push(token ? tokens[Number(token[1])] : arn);
        }
      }
    }
    return out;
  }
  /** Each access policy an entry associates, with its scope (an unresolved ARN stays as written: judged as any policy). */
  function accessPoliciesOf(props: Record<string, unknown>, base: string): { policy: string; scope: string; evidence: Evidence }[] {
    return deployedValues(props["AccessPolicies"], `${base}/AccessPolicies`).map(({ value, pointer }) => {
      const entry = isRecord(value) ? value : {};
      const scope = isRecord(entry["AccessScope"]) ? entry["AccessScope"] : {};
      const namespaces = deployedValues(scope["Namespaces"], `${pointer}/AccessScope/Namespaces`).map((n) => resolveText(n.value, ctx).text);
      const type = resolveText(scope["Type"], ctx).text;
      const arn = resolveText(entry["PolicyArn"], ctx).text;
      return {
        policy: /[*?]/.test(arn) || arn === "" ? `an access policy not resolved (${arn || "*"})` : accessPolicyName(arn),
        // A scope that is not `namespace` with namespaces (or is unresolved) is read as the cluster (fail closed).
        scope: type === "namespace" && namespaces.length > 0 ? namespaces.join(", ") : "cluster",
        evidence: evidenceAt(pointer),
      };
    });
  }
  /** The group system:masters (cluster-admin that no RBAC binding limits); other groups are the cluster's RBAC, not in the input. */
  function mastersGroupsOf(props: Record<string, unknown>, base: string): { policy: string; scope: string; evidence: Evidence }[] {
    return deployedValues(props["KubernetesGroups"], `${base}/KubernetesGroups`)
      .filter(({ value }) => {
        const text = resolveText(value, ctx).text;
        return text === "system:masters" || /[*?]/.test(text);
      })
      .map(({ pointer }) => ({ policy: "group system:masters", scope: "cluster", evidence: evidenceAt(pointer) }));
  }
  /** The cluster's name as findings show it: its resolved name, else the logical id it refers to. */
  function clusterNameOf(value: unknown): string {
    const id = referencedLogicalId(value);
    const cluster = id === undefined ? undefined : ctx.resources[id];
    // A Ref of the template's AWS::EKS::Cluster is its Name (CloudFormation makes one up when none
    // is written); CDK's eks.Cluster (a custom resource) takes it from Config.name.
    const config = isRecord(cluster?.Properties?.["Config"]) ? cluster.Properties["Config"] : {};
    const written = cluster?.Type === "AWS::EKS::Cluster" ? cluster.Properties?.["Name"] : cluster?.Type === "Custom::AWSCDK-EKS-Cluster" ? config["name"] : undefined;
    const named = written === undefined ? "" : resolveText(written, ctx).text;
    if (named && !/[*?]/.test(named)) return named;
    const text = resolveText(value, ctx).text;
    if (text && !/[*?]/.test(text)) return text;
    return referencedLogicalId(value) ?? (text || "*");
  }

  /**
   * The roles and users a resource policy's Principal names: in this template, or by ARN outside it.
   * `*` (anyone: every principal of every account, agents included) names each role and user of the
   * template and one that stands for all others, which may be an agent's (fail closed); unless a
   * condition on aws:PrincipalArn lists who it is for, then it names those. AWS rejects a wildcard
   * inside a principal ARN, so such an ARN names no one.
   */
  function namedPrincipals(principal: unknown, condition: unknown, pointer: string, outrightOnly = false): Principal[] {
    const out = new Set<Principal>();
    const values = principal === "*" ? ["*"] : isRecord(principal) ? asList(principal["AWS"]) : [];
    for (const written of values) {
      const value = parameterStoreValue(written, ctx) ?? written;
      const exported = roleReference(value);
      if (exported !== undefined) {
        out.add(importedRole(exported, pointer));
        continue;
      }
      const local = localPrincipal(value);
      if (local) {
        out.add(local);
        continue;
      }
      // The stack's own account (the default SNS topic policy's `AWS: !Ref AWS::AccountId`), known
      // or not, or one a parameter can only name: an account delegates to its own IAM and names no
      // role, as a written account id does.
      if (isOwnAccountId(value) || isAccountParameter(value, parameters)) continue;
      const text = resolveText(value, ctx).text;
      if (text === "*") {
        if (outrightOnly) continue;
        const listed = principalArnCondition(condition);
        // A value the template cannot resolve (a parameter, an import) is one principal, not
        // everyone's: its stand-in says which value it is, as an attachment's does.
        const key = intrinsicKey(value);
        const unknown = key === "Ref" || key === "Fn::ImportValue" ? describeName(value) : undefined;
        for (const p of listed ? listed.flatMap((arn) => admittedBy(arn, pointer)) : anyone(pointer, unknown)) out.add(p);
        continue;
      }
      const named = principalOfArn(text);
      if (!named) continue;
      if (!/[*?]/.test(named.name)) {
        out.add(target(named.kind, named.name, pointer));
        continue;
      }
      // AWS rejects a wildcard written in a principal ARN; one that stands for a value the
      // template cannot resolve (`!Sub ...:role/${AgentRoleName}`) may be any principal, an agent's.
      if (typeof value !== "string") for (const p of admittedBy(value, pointer)) out.add(p);
    }
    return [...out];
  }

  /**
   * The role or user a principal ARN names: `arn:aws:iam::<account>:role/<path/>name`, or a session
   * of a role (`arn:aws:sts::<account>:assumed-role/<name>/<session>`), which is the role's access.
   */
  function principalOfArn(text: string): { kind: "role" | "user"; name: string } | undefined {
    const iam = /^arn:[^:]+:iam::(?:\d{12}|\*):(role|user)\/(?:.*\/)?([^/]+)$/.exec(text);
    if (iam) return { kind: iam[1] as "role" | "user", name: iam[2] as string };
    const session = /^arn:[^:]+:sts::(?:\d{12}|\*):assumed-role\/([^/]+)\//.exec(text);
    return session ? { kind: "role", name: session[1] as string } : undefined;
  }

  /**
   * Who one value of an `aws:PrincipalArn` condition admits: the principal it names, or, for a
   * pattern (`role/ci-*`), each role and user of the template it can match and one for those it
   * does not know; anything unreadable admits anyone.
   */
  function admittedBy(value: unknown, pointer: string): Principal[] {
    const local = localPrincipal(value);
    if (local) return [local];
    const text = resolveText(value, ctx).text;
    if (!/[*?]/.test(text)) return namedPrincipals({ AWS: value }, undefined, pointer);
    const arn = /^arn:[^:]+:iam::[^:]*:(role|user)\//.exec(text);
    if (!arn?.[1]) return anyone(pointer);
    const kind = arn[1] as "role" | "user";
    // The pattern says role or user: a principal of the other kind has an ARN it cannot match.
    // Those standing for principals the template cannot name have their own stand-in below.
    const known = [...principals].filter(([id]) => !id.startsWith("unresolved:"));
    const matching = known.filter(([id, p]) => globsOverlap(trustedAs.get(id) ?? p.arn ?? `arn:aws:iam::*:${p.kind}/*`, text));
    return [...matching.map(([, p]) => p), unresolvedPrincipal(kind, `matching ${text}`, pointer)];
  }

  /**
   * The role or user of this template a principal value names: `!GetAtt <id>.Arn`, or an ARN
   * `!Sub` builds from its name, whether by Ref (`...:role/${AgentRole}`) or by the very expression
   * of its RoleName/UserName (`...:role/admin-${AppName}` beside `RoleName: !Sub admin-${AppName}`).
   */
  function localPrincipal(value: unknown): Principal | undefined {
    const id = localPrincipalId(value);
    return id === undefined ? undefined : principals.get(id);
  }

  function localPrincipalId(value: unknown): string | undefined {
    const key = intrinsicKey(value);
    const arg = key && isRecord(value) ? value[key] : undefined;
    if (key === "Fn::GetAtt") {
      const attId = Array.isArray(arg) && typeof arg[0] === "string" ? arg[0] : typeof arg === "string" ? arg.split(".")[0] : undefined;
      return attId !== undefined && principals.has(attId) ? attId : undefined;
    }
    const arn = key === "Fn::Sub" && typeof arg === "string" ? /:(role|user)\/(.+)/.exec(arg) : null;
    if (!arn) return undefined;
    const kind = arn[1];
    const name = arn[2] as string;
    const nameKey = kind === "role" ? "RoleName" : "UserName";
    const byRef = /^\$\{([\w]+)\}$/.exec(name)?.[1];
    for (const [id, r] of Object.entries(ctx.resources)) {
      if (r.Type !== (kind === "role" ? "AWS::IAM::Role" : "AWS::IAM::User")) continue;
      const written = r.Properties?.[nameKey];
      if (id === byRef || (isRecord(written) && intrinsicKey(written) === "Fn::Sub" && written["Fn::Sub"] === name)) return id;
    }
    return undefined;
  }

  /**
   * Every role and user of the template, and one for every principal it does not know, or for the
   * one an unresolvable value names (`named by parameter AdminRoleArn`).
   */
  function anyone(pointer: string, unknown = 'of any account (Principal "*")'): Principal[] {
    // Groups are no principals (their policies reach their users), so every entry is a role or a user.
    return [...principals.values(), unresolvedPrincipal("role", unknown, pointer)];
  }

  /** The ARNs an Allow's `aws:PrincipalArn` condition admits (StringEquals, ArnEquals and their Like forms), if it has one. */
  function principalArnCondition(condition: unknown): unknown[] | undefined {
    if (!isRecord(condition)) return undefined;
    for (const [operator, block] of Object.entries(condition)) {
      if (!/^(String|Arn)(Equals|Like)$/.test(operator) || !isRecord(block)) continue;
      const key = Object.keys(block).find((k) => k.toLowerCase() === "aws:principalarn");
      if (key !== undefined) return asList(block[key]);
    }
    return undefined;
  }

  // A role of another template an agent runs as (an imported execution role, an agent's tool's
  // imported role): what this template grants it, by its name, is the agent's, whatever the name says.
  for (const { value, reason } of agentRoles(ctx, policy.agents.trustPrincipals, tools)) {
    const role = externalRole(value);
    if (role && role.assumeAgent === undefined) role.assumeAgent = reason;
    runsOutside(value, reason);
  }
  // Compute that runs a coding agent (a CodeBuild project installing Claude Code, an OpenHands task):
  // its role trusts the compute service, yet the agent acts as it. A role already an agent's keeps its reason.
  for (const { value, reason } of [...agentHostRoles(ctx, policy.agents.hostMarkers ?? []), ...agentPipelineRoles(ctx, policy.agents.hostMarkers ?? []), ...agentRunnerRoles(ctx), ...agentPodIdentityRoles(ctx, policy.agents)]) {
    const role = executionRole(value) ?? externalRole(value);
    if (role && role.assumeAgent === undefined && agentReason(role, policy.agents) === undefined) role.assumeAgent = reason;
    runsOutside(value, reason);
  }

  /** An agent runs as a role of another template: that role is the agent's there too (linkRolesAcrossTemplates). */
  function runsOutside(value: unknown, reason: string): void {
    if (value === undefined || executionRole(value)) return;
    const exported = roleReference(value);
    const name = exported === undefined ? roleNameIn(value) : undefined;
    if (exported !== undefined) roles.outside.push({ link: { ref: exported }, agentReason: reason });
    else if (name !== undefined && !/[*?]/.test(name)) roles.outside.push({ link: { name, ...(ctx.account ? { account: ctx.account } : {}) }, agentReason: reason });
  }

  /** The principal of a role outside this template that a role ARN or name names, when this template grants it anything. */
  function externalRole(value: unknown): Principal | undefined {
    if (value === undefined || executionRole(value)) return undefined;
    const name = roleNameIn(value);
    return name === undefined ? undefined : principals.get(`external:role:${name}`);
  }

  /** The role name a role's ARN (any path) or name says. */
  function roleNameIn(value: unknown): string | undefined {
    return roleNameInArn(resolveText(value, ctx).text);
  }

  return {
    iam: { principals: [...principals.values()], production: ctx.production, ...(ctx.account ? { account: ctx.account } : {}) },
    errors,
    resources: ctx.resources,
    production: ctx.production,
    stackLabel: label,
    context: ctx,
    roles,
  };
}

/** An intrinsic as a finding names it: `Ref TrustedPrincipal`, `Fn::GetAtt Lookup.RoleArn`, `Fn::Sub arn:...`. */
function writtenText(value: unknown): string {
  const key = intrinsicKey(value);
  if (key === undefined || !isRecord(value)) return JSON.stringify(value).slice(0, 120);
  const arg = value[key];
  // A dynamic reference is read as `Ref` of its text (dynamic-references.ts): shown as written.
  if (key === "Ref" && typeof arg === "string" && arg.startsWith("{{resolve:")) return arg;
  const shown = typeof arg === "string" ? arg : key === "Fn::GetAtt" && Array.isArray(arg) && arg.every((a) => typeof a === "string") ? arg.join(".") : JSON.stringify(arg);
  return `${key} ${shown.length > 120 ? `${shown.slice(0, 119)}…` : shown}`;
}

/** `!Ref AWS::AccountId` or `!Sub ${AWS::AccountId}`: an account id, whichever account deploys the stack. */
function isOwnAccountId(value: unknown): boolean {
  return referencedName(value) === "AWS::AccountId";
}

/** The name a whole value refers to: `!Ref <name>` or `!Sub ${<name>}`. */
function referencedName(value: unknown): string | undefined {
  const key = intrinsicKey(value);
  const arg = key !== undefined && isRecord(value) ? value[key] : undefined;
  if (key === "Ref" && typeof arg === "string") return arg;
  const sub = key === "Fn::Sub" && typeof arg === "string" ? /^\$\{([^}!.]+)\}$/.exec(arg) : null;
  return sub?.[1];
}

/**
 * `!Ref <parameter>` (or `!Sub ${<parameter>}`) whose declaration admits nothing but an account id
 * as a principal: allowed values that are all account ids, a pattern of exactly 12 digits (which
 * CloudFormation matches against the whole value), or a length of 2 to 12 characters (an ARN is
 * longer, `*` shorter; IAM refuses any other principal text). Such a parameter names an account,
 * which delegates to its own IAM and names no role, as a written account id does (StackSet and
 * Organizations member roles trusting `AdministratorAccountId`). A default says nothing: a deploy
 * may pass any other text.
 */
function isAccountParameter(value: unknown, parameters: unknown): boolean {
  const name = referencedName(value);
  const declared = name !== undefined && isRecord(parameters) ? parameters[name] : undefined;
  if (!isRecord(declared) || declared["Type"] !== "String") return false;
  const allowed = declared["AllowedValues"];
  if (Array.isArray(allowed) && allowed.length > 0 && allowed.every((v) => typeof v === "string" && ACCOUNT_ID.test(v))) return true;
  const pattern = declared["AllowedPattern"];
  if (typeof pattern === "string" && ACCOUNT_ID_PATTERN.test(pattern)) return true;
  const min = Number(declared["MinLength"]);
  const max = Number(declared["MaxLength"]);
  return min >= 2 && max <= 12;
}

const ACCOUNT_ID = /^\d{12}$/;
/** `\d{12}` or `[0-9]{12}`, optionally anchored and in one group: nothing else is read as an account. */
const ACCOUNT_ID_PATTERN = /^\^?(?:(?:\\d|\[0-9\])\{12\}|\((?:\?:)?(?:\\d|\[0-9\])\{12\}\))\$?$/;

/** How this template's agents name other templates' functions as tools: exports, nested stacks' outputs, parameters (agentToolImports). */
export function collectToolImports(input: TemplateInput, policy: Policy, exports: Map<string, ResourceRef>, into: Map<string, string>): void {
  agentToolImports(createContext(input, policy, exports), policy.agents.trustPrincipals, { label: templateLabel(input), value: input.value }, into);
}

/** How other templates may name this one's roles: exports, nested stacks' outputs and parameters (collectRoleReferences). */
export function collectRoleReferencesOf(input: TemplateInput, policy: Policy, exports: Map<string, ResourceRef>, into: Map<string, ExportedRole>): void {
  collectRoleReferences(input.value, templateLabel(input), createContext(input, policy, exports), into);
}

/** Outputs with `Export.Name`, as refs that other templates' `Fn::ImportValue` resolve to. */
export function collectExports(input: TemplateInput, policy: Policy, into: Map<string, ResourceRef>): void {
  const outputs = isRecord(input.value) && isRecord(input.value["Outputs"]) ? input.value["Outputs"] : {};
  const ctx = createContext(input, policy, into);
  let owners = exportOwners.get(into);
  if (!owners) exportOwners.set(into, (owners = new Map()));
  const label = templateLabel(input);
  // A name is unique only in its account and Region: written by two templates (one app in a
  // staging and a production account), the bare name names neither (read as "*").
  const register = (key: string, value: unknown, region: string | undefined): void => {
    const ref = resolveResourceRef(value, ctx);
    const scoped = scopedExportKey(ctx.account, region, key);
    if (scoped !== undefined) into.set(scoped, ref);
    const owner = owners.get(key);
    into.set(key, owner === undefined || owner === label ? ref : { pattern: "*" });
    owners.set(key, label);
  };
  for (const output of Object.values(outputs)) {
    if (!isRecord(output) || !isRecord(output["Export"])) continue;
    const name = resolveText(output["Export"]["Name"], ctx).text;
    if (name && !name.includes("*")) register(name, output["Value"], ctx.region);
  }
  // Parameter Store parameters the template writes by a literal name (`StringParameter`), which
  // another stack reads as a parameter of type AWS::SSM::Parameter::Value<String> (storedParameterKey).
  for (const resource of Object.values(ctx.resources)) {
    if (resource.Type !== "AWS::SSM::Parameter" || resource.Properties?.["Value"] === undefined) continue;
    const type = resource.Properties["Type"];
    const name = resolveText(resource.Properties["Name"], ctx).text;
    if ((type === undefined || type === "String") && name && !name.includes("*")) register(storedParameterKey(name), resource.Properties["Value"], ctx.region);
  }
  // CDK's cross-Region references (`crossRegionReferences: true`): the producing stack writes each
  // value to an SSM parameter of the consuming stack's Region, which that stack's
  // Custom::CrossRegionExportReader reads back (`Fn::GetAtt [Reader, <parameter name>]`). Keyed by
  // the parameter name, which holds a `/` no CloudFormation export name may.
  for (const { parameter, value, region } of crossRegionExports(ctx.resources)) register(parameter, value, region);
}

/** Which template exported each bare name into an exports map (collectExports). */
const exportOwners = new WeakMap<Map<string, ResourceRef>, Map<string, string>>();
