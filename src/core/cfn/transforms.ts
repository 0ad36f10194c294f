/**
 * Template-level transforms (`Transform:`) rewrite a template before CloudFormation deploys it, so
 * what the file says is not what is deployed. The template reader evaluates the file as written;
 * what a transform adds unseen is an input error (fail closed), never a silent pass:
 * - the SAM transform makes roles and policies for serverless resources (a function's `Policies`
 *   become its role's, a connector grants one resource's role access to another);
 * - any other macro may change anything.
 * AWS::LanguageExtensions needs no entry here: its `Fn::ForEach` loops are expanded before the
 * rules read the template (foreach.ts), `Fn::ToJsonString` and the `DefaultValue` of
 * `Fn::FindInMap` are resolved (intrinsics.ts), and what else it adds (`Fn::Length`) reads as any
 * value (`*`).
 *
 * Modules are the same in one resource: CloudFormation expands a registry module
 * (`Type: Org::Service::Name::MODULE`) at deployment, and Rain expands `Type: !Rain::Module file`
 * (`{"Rain::Module": file}` in JSON) when it packages the template. `aws cloudformation package`
 * (and Rain) also expand local modules: a top-level `Modules` section, and resources of
 * `Type: LocalModule` with a `Source` file (aws-cli, customizations/cloudformation/modules_readme.md).
 */
import { inputErrorAt, type InputError } from "../finding.js";
import { isRecord } from "../is-record.js";
import { childPointer, parsePointer, valueAt } from "../source/pointer.js";
import { findIntrinsics } from "./intrinsics.js";

export const SAM_TRANSFORM = "AWS::Serverless-2016-10-31";
const LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";

/** SAM resources whose role SAM makes unless the template names one (`Role`). */
const SAM_ROLE_MAKERS = new Set(["AWS::Serverless::Function", "AWS::Serverless::StateMachine"]);

/**
 * Where SAM makes the role of a resource whose `Role` is `role`: "always" without one; the branch
 * (1 or 2) of an `Fn::If` that is `AWS::NoValue`, where SAM makes it under that condition
 * (samtranslator `_make_lambda_role`); "never" when the template names the role.
 */
export function samMakesRole(role: unknown): "always" | 1 | 2 | "never" {
  if (role === undefined) return "always";
  const branches = isRecord(role) && Array.isArray(role["Fn::If"]) ? (role["Fn::If"] as unknown[]) : undefined;
  const noValue = (v: unknown): boolean => isRecord(v) && v["Ref"] === "AWS::NoValue";
  if (branches && noValue(branches[1])) return 1;
  if (branches && noValue(branches[2])) return 2;
  return "never";
}

const PROCESSED = "scan the processed template instead (`aws cloudformation get-template --template-stage Processed`, or the template `sam package`/`sam deploy` sends)";

/**
 * Why a role SAM would make may be an agent's, from what the template shows of it (undefined: it
 * cannot be): its name (`<stack>-<function id>Role-<suffix>`), the function's tags, which SAM puts
 * on the role too, or the function (by logical id) being an agent's tool.
 */
export type MayBeAgentRole = (name: string, tags: Record<string, string>, resourceId: string) => string | undefined;

/** A `Transform` entry's name: the macro's name, as a string or `{Name, Parameters}`. */
function transformName(transform: unknown): string | undefined {
  return typeof transform === "string" ? transform : isRecord(transform) && typeof transform["Name"] === "string" ? transform["Name"] : undefined;
}

/** Whether the template declares the transform `name` (`Transform: name`, or in a list). */
export function declaresTransform(template: Record<string, unknown>, name: string): boolean {
  const written = template["Transform"];
  return (Array.isArray(written) ? written : [written]).some((t) => transformName(t) === name);
}

/** Whether the template declares AWS::LanguageExtensions, without which CloudFormation rejects its Fn::ForEach loops. */
export const declaresLanguageExtensions = (template: Record<string, unknown>): boolean => declaresTransform(template, LANGUAGE_EXTENSIONS);

/** A template's `Transform` entries (one, or a list), each with its pointer. */
function declaredTransforms(template: unknown): { t: unknown; pointer: string }[] {
  const written = isRecord(template) ? template["Transform"] : undefined;
  if (written === undefined) return [];
  return (Array.isArray(written) ? written : [written]).map((t, i) => ({ t, pointer: Array.isArray(written) ? childPointer("/Transform", i) : "/Transform" }));
}

/**
 * The transforms whose output the replacement gate cannot follow, with their pointers: every one
 * but AWS::LanguageExtensions (its loops are expanded), SAM (its resources are judged by what SAM
 * passes each property to, sam-impacts.ts) and Secrets Manager's (a rotation function in a nested
 * stack, no data). A macro (`Transform: Count`) or `AWS::Include` returns the template that is
 * deployed: which resources a change removes or replaces is in what it returns, not in the file.
 */
export function unfollowedTransforms(template: unknown): { name: string; pointer: string }[] {
  return declaredTransforms(template)
    .map(({ t, pointer }) => ({ name: transformName(t) ?? JSON.stringify(t), pointer }))
    .filter(({ name }) => name !== LANGUAGE_EXTENSIONS && name !== SAM_TRANSFORM && !SECRETS_MANAGER_TRANSFORMS.has(name));
}

export function transformErrors(file: string, value: unknown, stackLabel: string, mayBeAgentRole: MayBeAgentRole, lineOf?: (pointer: string) => number | undefined): InputError[] {
  const error = (pointer: string, message: string): InputError => inputErrorAt(file, pointer, lineOf, message);
  const inline = inlineTransformErrors(value, error);
  if (!isRecord(value) || value["Transform"] === undefined) return inline;
  const errors: InputError[] = [...inline];
  for (const { t, pointer } of declaredTransforms(value)) {
    const name = transformName(t);
    if (name === LANGUAGE_EXTENSIONS) continue;
    if (name === SAM_TRANSFORM) errors.push(...samErrors(value, stackLabel, mayBeAgentRole, error));
    else if (name !== undefined && SECRETS_MANAGER_TRANSFORMS.has(name)) errors.push(...hostedRotationErrors(value, name, stackLabel, mayBeAgentRole, error));
    else errors.push(error(pointer, `Transform ${name ?? JSON.stringify(t)} rewrites the template before it is deployed, and agent-guardrail cannot see what it adds (fail closed): ${PROCESSED}`));
  }
  return errors;
}

/**
 * CloudFormation's Secrets Manager transforms (CDK writes one for `addRotationSchedule` with
 * `hostedRotation`) make, for each `HostedRotationLambda` of an AWS::SecretsManager::RotationSchedule,
 * a rotation function from AWS's rotation templates in a nested stack, and nothing else. Its role
 * holds what the Secrets Manager User Guide lists ("Lambda rotation function execution role
 * permissions"): DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage on the
 * secret it rotates (GetSecretValue on the master secret for alternating users), GetRandomPassword,
 * the VPC network-interface actions and the secret's KMS key; CloudFormation User Guide,
 * "AWS::SecretsManager transform". As with a role SAM makes, only a role that may be an agent's
 * needs to be seen: it is reported; the others change no verdict.
 */
const SECRETS_MANAGER_TRANSFORMS = new Set(["AWS::SecretsManager-2020-07-23", "AWS::SecretsManager-2024-09-16"]);

function hostedRotationErrors(value: Record<string, unknown>, transform: string, stackLabel: string, mayBeAgentRole: MayBeAgentRole, error: (pointer: string, message: string) => InputError): InputError[] {
  const resources = isRecord(value["Resources"]) ? value["Resources"] : {};
  const out: InputError[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource["Type"] !== "AWS::SecretsManager::RotationSchedule") continue;
    const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
    const hosted = props["HostedRotationLambda"];
    if (hosted === undefined) continue;
    const pointer = childPointer("/Resources", id, "Properties", "HostedRotationLambda");
    // The role's name comes from the nested stack (the stack's name and the schedule's logical id)
    // or the function's name; a name the template cannot resolve may be any name.
    const written = isRecord(hosted) && !Object.keys(hosted).some((k) => k === "Ref" || k.startsWith("Fn::"));
    const functionName = written ? hosted["RotationLambdaName"] : undefined;
    const why = !written
      ? "its HostedRotationLambda is not written out"
      : (mayBeAgentRole(`${stackLabel}-${id}`, {}, id) ??
        (functionName === undefined ? undefined : typeof functionName === "string" ? mayBeAgentRole(functionName, {}, id) : "its RotationLambdaName is not known"));
    if (why === undefined) continue;
    out.push(error(pointer, `AWS::SecretsManager::RotationSchedule ${id}: the ${transform} transform makes its rotation function, whose role may be an agent's (${why}), and the template does not show that role (fail closed): ${PROCESSED}`));
  }
  return out;
}

/** Properties whose content no rule reads: what a transform puts there changes no verdict. */
const UNREAD_PROPERTIES: Record<string, readonly string[]> = {
  "AWS::Serverless::Api": ["DefinitionBody"],
  "AWS::Serverless::HttpApi": ["DefinitionBody"],
  "AWS::ApiGateway::RestApi": ["Body"],
  "AWS::ApiGatewayV2::Api": ["Body"],
  "AWS::Serverless::StateMachine": ["Definition"],
  "AWS::StepFunctions::StateMachine": ["Definition"],
};

/**
 * `Fn::Transform` inside the template (`AWS::Include` of a snippet from S3, or a macro) puts what
 * it makes in its own place at deployment: a policy document, a resource's properties. The
 * template shows only the call, so each one is an input error at its place.
 */
function inlineTransformErrors(value: unknown, error: (pointer: string, message: string) => InputError): InputError[] {
  const resources = isRecord(value) && isRecord(value["Resources"]) ? value["Resources"] : {};
  // Where nothing the rules read can be: an API's OpenAPI body (SAM's `DefinitionBody:
  // Fn::Transform: {Name: AWS::Include, Parameters: {Location: ./api.yaml}}`, in 23 of 400
  // serverless-patterns templates) or a state machine's definition.
  const unread = (pointer: string): boolean => {
    const [section, id, properties, property] = parsePointer(pointer);
    if (section !== "Resources" || id === undefined || properties !== "Properties" || property === undefined) return false;
    const resource = resources[id];
    const type = isRecord(resource) && typeof resource["Type"] === "string" ? resource["Type"] : "";
    return UNREAD_PROPERTIES[type]?.includes(property) ?? false;
  };
  // One written as a key of Resources is reported as a resource is (moduleResourceError), at its key.
  return findIntrinsics(value, (key) => key === "Fn::Transform", "", true).filter(({ pointer }) => pointer !== "/Resources" && !unread(pointer)).map(({ pointer }) => {
    const call = valueAt(value, pointer);
    return error(pointer, `Fn::Transform ${transformCallNames(isRecord(call) ? call["Fn::Transform"] : undefined)} puts what it makes here at deployment, and the template does not show it (fail closed): ${PROCESSED}`);
  });
}

/** What an `Fn::Transform` call applies, as a message names it: one transform, or a list of them applied in turn. */
function transformCallNames(written: unknown): string {
  return (Array.isArray(written) ? written : [written])
    .map((spec) => {
      const name = transformName(spec) ?? JSON.stringify(spec);
      const parameters = isRecord(spec) && isRecord(spec["Parameters"]) ? spec["Parameters"] : {};
      return name === "AWS::Include" && typeof parameters["Location"] === "string" ? `${name} of ${parameters["Location"]}` : name;
    })
    .join(", ");
}

const PACKAGER = "`aws cloudformation package` (or `rain pkg`)";
const UNSEEN = "into resources this template does not show, which are not evaluated (fail closed): scan the packaged template instead";

/** The input error of a template's `Modules` section (local modules), or undefined without one. */
export function moduleSectionError(template: unknown): string | undefined {
  const modules = isRecord(template) ? template["Modules"] : undefined;
  if (modules === undefined) return undefined;
  const names = isRecord(modules) ? ` (${Object.keys(modules).join(", ")})` : "";
  return `the Modules section${names} is expanded by ${PACKAGER} ${UNSEEN}`;
}

/**
 * The input error of a resource that is a module, or of an `Fn::Transform` standing among the
 * resources, or undefined for any other resource: what a module or transform makes (roles,
 * tables, dashboards) is not in this template, so it cannot be judged.
 */
export function moduleResourceError(id: string, type: unknown, resource?: unknown): string | undefined {
  // `Fn::Transform` as a key of Resources is no resource: CloudFormation puts the resources the
  // transform makes there (the User Guide's AWS::Include of a snippet of resources from S3).
  if (id === "Fn::Transform") {
    return `Fn::Transform ${transformCallNames(resource)} in Resources adds the resources it makes at deployment, which this template does not show and which are not evaluated (fail closed): ${PROCESSED}`;
  }
  // Type names are matched without case: a spelling CloudFormation refuses stays an input error.
  if (typeof type === "string" && /::MODULE$/i.test(type)) {
    return `resource ${id} is the CloudFormation module ${type}: CloudFormation expands it at deployment into resources this template does not show, which are not evaluated (fail closed): scan the processed template instead (\`aws cloudformation get-template --template-stage Processed\`)`;
  }
  if (type === "LocalModule") {
    const source = isRecord(resource) && typeof resource["Source"] === "string" ? ` (Source ${resource["Source"]})` : "";
    return `resource ${id} is a local module${source}: ${PACKAGER} expands it ${UNSEEN}`;
  }
  const rain = isRecord(type) ? Object.keys(type).find((key) => key.startsWith("Rain::")) : undefined;
  if (rain !== undefined) {
    return `resource ${id} is a Rain module (${rain}): \`rain pkg\` expands it into resources this template does not show, which are not evaluated (fail closed): scan the template \`rain pkg\` writes instead`;
  }
  return undefined;
}

/** The SAM resources whose IAM the transform makes: each one's role or grants are not evaluated. */
function samErrors(value: Record<string, unknown>, stackLabel: string, mayBeAgentRole: MayBeAgentRole, error: (pointer: string, message: string) => InputError): InputError[] {
  const resources = isRecord(value["Resources"]) ? value["Resources"] : {};
  const globals = isRecord(value["Globals"]) ? value["Globals"] : {};
  const out: InputError[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource["Type"] !== "string") continue;
    const type = resource["Type"];
    const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
    const pointer = childPointer("/Resources", id);
    // Connectors still here are those sam-connectors.ts could not write in as SAM does (SAM refuses
    // them, or their role is not one the template names). Embedded ones are the same policies.
    if (isRecord(resource["Connectors"])) {
      for (const name of Object.keys(resource["Connectors"])) {
        out.push(error(childPointer(`${pointer}/Connectors`, name), `connector ${name} of ${id}: the SAM transform turns it into IAM policies on the role of ${id}, which the template does not show (fail closed): ${PROCESSED}`));
      }
    }
    if (SAM_ROLE_MAKERS.has(type) && samMakesRole(props["Role"]) !== "never") {
      // A role that cannot be an agent's needs no evaluation: only what may be an agent's is reported.
      const section = type === "AWS::Serverless::Function" ? "Function" : "StateMachine";
      const globalTags = isRecord(globals[section]) ? (globals[section] as Record<string, unknown>)["Tags"] : undefined;
      const tags = { ...stringMap(globalTags), ...stringMap(props["Tags"]) };
      const why = mayBeAgentRole(`${stackLabel}-${id}Role-`, tags, id);
      if (why === undefined) continue;
      out.push(error(pointer, `${type} ${id} may run as an agent (${why}), and the SAM transform makes its role (from Policies${props["Policies"] === undefined ? ", none written here" : ""}), which the template does not show, so that role is not evaluated (fail closed): ${PROCESSED}`));
    } else if (type === "AWS::Serverless::Connector") {
      out.push(error(pointer, `${type} ${id}: the SAM transform turns it into IAM policies on the roles it connects, which the template does not show (fail closed): ${PROCESSED}`));
    } else if (type === "AWS::Serverless::GraphQLApi") {
      out.push(...graphQlRoleErrors(id, props, pointer, stackLabel, mayBeAgentRole, error));
    }
  }
  return out;
}

/**
 * The roles SAM makes for a GraphQL API's DynamoDB and Lambda data sources without a
 * `ServiceRoleArn` (samtranslator `_parse_ddb_datasource_role`, `_parse_lambda_datasource_role`):
 * `<Api><Name><Kind>DataSourceRole`, trusting AppSync, with a connector's read and write policy on
 * the table or function. sam-roles.ts writes them in and gives the data source its `ServiceRoleArn`;
 * one it could not (its logical id taken) is reported where such a role may be an agent's.
 */
function graphQlRoleErrors(id: string, props: Record<string, unknown>, pointer: string, stackLabel: string, mayBeAgentRole: MayBeAgentRole, error: (pointer: string, message: string) => InputError): InputError[] {
  const sources = isRecord(props["DataSources"]) ? props["DataSources"] : {};
  const out: InputError[] = [];
  for (const [kind, label] of [["DynamoDb", "DynamoDB"], ["Lambda", "Lambda"]] as const) {
    const byName = isRecord(sources[kind]) ? sources[kind] : {};
    for (const [name, source] of Object.entries(byName)) {
      if (isRecord(source) && source["ServiceRoleArn"] !== undefined) continue;
      const roleId = `${id}${name}${label}DataSourceRole`;
      const why = mayBeAgentRole(`${stackLabel}-${roleId}-`, {}, id);
      if (why === undefined) continue;
      out.push(error(childPointer(`${pointer}/Properties/DataSources/${kind}`, name), `AWS::Serverless::GraphQLApi ${id}: the role SAM makes for data source ${name} (${roleId}) may be an agent's (${why}), and the template does not show it or the read and write access it gets (fail closed): ${PROCESSED}`));
    }
  }
  return out;
}

/** SAM writes tags as a map; a value the template cannot resolve may be anything (`*`). */
function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : "*"]));
}
