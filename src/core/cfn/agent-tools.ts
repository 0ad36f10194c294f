/**
 * Tools of agents: Lambda functions an agent runs with inputs it chooses. A Bedrock agent's action
 * group, an AgentCore gateway's Lambda target, and a function whose resource policy lets an agent
 * service invoke it (`AWS::Lambda::Permission` for `bedrock.amazonaws.com`) each act as their own
 * execution role on the agent's behalf: what that role may delete, the agent may have deleted.
 * What the function's code does with the input is not in the template, so its role counts whole.
 */
import {
  agentInvoker,
  agentRunsAsReason,
  hostAgentReason,
  invokedToolReason,
  kubernetesAgentName,
  lambdaFunctionName,
  markerFinder,
  podIdentityAgentReason,
  runnerAgentReason,
  startsGitHubActionsJobs,
  toolFunctionReason,
} from "../iam/agents.js";
import type { AgentSignals } from "../policy.js";
import { isRecord } from "../is-record.js";
import { asList, intrinsicKey, literalName, referencedLogicalId, resolveText, type ResolveContext, type TemplateResource } from "./intrinsics.js";

const FUNCTION_TYPES = new Set(["AWS::Lambda::Function", "AWS::Serverless::Function"]);
/** Resources that stand for a function: invoking them runs its code. */
const FUNCTION_POINTERS = new Set(["AWS::Lambda::Alias", "AWS::Lambda::Version"]);

/**
 * The functions of this template that are an agent's tools, each with why. `agentPrincipals`: the
 * configured agent trust principals (`agents.trustPrincipals`); a service among them that may
 * invoke a function is an agent calling its tool. `imported`: the tools other templates' agents
 * name through this one's exports, outputs or nested stacks' parameters (agentToolImports).
 */
export function agentToolFunctions(ctx: ResolveContext, agentPrincipals: readonly string[], imported: ReadonlyMap<string, string> = new Map(), template?: TemplateLink): Map<string, string> {
  const tools = new Map<string, string>();
  const add = (value: unknown, reason: string | undefined, via = ""): void => {
    const id = reason === undefined ? undefined : functionOf(value, ctx);
    if (id !== undefined && !tools.has(id)) tools.set(id, `${reason}${via}`);
  };
  for (const { value, reason } of toolReferences(ctx, agentPrincipals)) add(value, reason);
  if (!template || imported.size === 0) return tools;
  // Functions of this template that an agent of another names: through their export (a tools
  // stack beside an agent stack), an output its parent reads, or a parameter of a nested stack.
  const outputs = isRecord(template.value) ? template.value["Outputs"] : undefined;
  for (const [key, output] of Object.entries(isRecord(outputs) ? outputs : {})) {
    if (!isRecord(output)) continue;
    const name = isRecord(output["Export"]) ? resolveText(output["Export"]["Name"], ctx).text : undefined;
    if (name !== undefined) add(output["Value"], imported.get(`export:${name}`), ` (exported as ${name})`);
    add(output["Value"], imported.get(`output:${template.label}:${key}`), ` (output ${key} of nested stack ${template.label})`);
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type !== "AWS::CloudFormation::Stack" || !isRecord(r.Properties?.["Parameters"])) continue;
    for (const [parameter, value] of Object.entries(r.Properties["Parameters"])) add(value, imported.get(`param:${template.label}.${id}:${parameter}`), ` (parameter ${parameter} of nested stack ${id})`);
  }
  return tools;
}

/** A template as the links between templates name it: its label (nestedStackInput's `<parent>.<id>`) and its value. */
export interface TemplateLink {
  label: string;
  value: unknown;
}

/**
 * The tools an agent of this template names through another template, each with why: by its
 * export (`Fn::ImportValue`: CDK's cross-stack reference to a tools stack's function,
 * `export:<name>`), by a parameter of this nested template (`Ref`, which its parent fills:
 * `param:<label>:<name>`), or by an output of a nested stack of it (`Fn::GetAtt [Nested,
 * Outputs.X]`: `output:<nested label>:<X>`).
 */
export function agentToolImports(ctx: ResolveContext, agentPrincipals: readonly string[], template: TemplateLink, into: Map<string, string>): void {
  const parameters = isRecord(template.value) && isRecord(template.value["Parameters"]) ? template.value["Parameters"] : {};
  const set = (key: string, reason: string): void => {
    if (!into.has(key)) into.set(key, reason);
  };
  for (const { value, reason } of toolReferences(ctx, agentPrincipals)) {
    const key = intrinsicKey(value);
    const arg = key !== undefined && isRecord(value) ? value[key] : undefined;
    if (key === "Fn::ImportValue") {
      const name = resolveText(arg, ctx).text;
      if (name && !name.includes("*")) set(`export:${name}`, reason);
    } else if (key === "Ref" && typeof arg === "string" && parameters[arg] !== undefined) {
      set(`param:${template.label}:${arg}`, reason);
    } else if (key === "Fn::GetAtt") {
      const [id, attribute] = Array.isArray(arg) ? arg : typeof arg === "string" ? [arg.slice(0, arg.indexOf(".")), arg.slice(arg.indexOf(".") + 1)] : [];
      const output = typeof attribute === "string" && attribute.startsWith("Outputs.") ? attribute.slice("Outputs.".length) : undefined;
      if (typeof id === "string" && output !== undefined && ctx.resources[id]?.Type === "AWS::CloudFormation::Stack") set(`output:${template.label}.${id}:${output}`, reason);
    }
  }
}

/** Every value by which an agent names a function it runs as a tool, with why. */
function toolReferences(ctx: ResolveContext, agentPrincipals: readonly string[]): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  const add = (value: unknown, reason: string): void => {
    out.push({ value, reason });
  };
  for (const [id, r] of Object.entries(ctx.resources)) {
    const props = r.Properties ?? {};
    if (r.Type === "AWS::Bedrock::Agent") {
      const name = resolveText(props["AgentName"], ctx).text || id;
      for (const group of asList(props["ActionGroups"])) {
        if (!isRecord(group) || !isRecord(group["ActionGroupExecutor"])) continue;
        const groupName = resolveText(group["ActionGroupName"], ctx).text || "an action group";
        add(group["ActionGroupExecutor"]["Lambda"], `runs as a tool of Bedrock agent ${name} (action group ${groupName}, ${id}): the agent chooses its calls`);
      }
    } else if (r.Type === "AWS::BedrockAgentCore::GatewayTarget") {
      const configuration = isRecord(props["TargetConfiguration"]) ? props["TargetConfiguration"]["Mcp"] : undefined;
      const lambda = isRecord(configuration) && isRecord(configuration["Lambda"]) ? configuration["Lambda"]["LambdaArn"] : undefined;
      add(lambda, `runs as an MCP tool of an AgentCore gateway (target ${id}): the agent chooses its calls`);
    } else if (r.Type === "AWS::Lambda::Permission") {
      const principal = resolveText(props["Principal"], ctx).text;
      // The service in any of its spellings (bedrock.${AWS::Region}.amazonaws.com, .amazonaws.com.cn).
      if (agentInvoker(agentPrincipals, principal, resolveText(props["Action"], ctx).text) !== undefined) add(props["FunctionName"], invokedToolReason(principal, id));
    }
  }
  return out;
}

/**
 * The logical id of the function a value names: `!Ref`/`!GetAtt` to it (or to an alias or version
 * of it), or its literal name or ARN. A function of another template is none of this one's.
 */
function functionOf(value: unknown, ctx: ResolveContext, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  const referenced = referencedLogicalId(value);
  if (referenced !== undefined) {
    const resource = ctx.resources[referenced];
    if (!resource) return undefined;
    if (FUNCTION_TYPES.has(resource.Type)) return referenced;
    return FUNCTION_POINTERS.has(resource.Type) ? functionOf(resource.Properties?.["FunctionName"], ctx, depth + 1) : undefined;
  }
  const name = lambdaFunctionName(resolveText(value, ctx).text);
  if (name === undefined) return undefined;
  return Object.entries(ctx.resources).find(([, r]) => FUNCTION_TYPES.has(r.Type) && literalName(r, ctx) === name)?.[0];
}

/**
 * Resources that run an agent as a role they name: [type, role properties (paths), what it is,
 * name property]. The agent's own calls (a runtime's, a harness's), the code it writes (a code
 * interpreter), the pages it drives (a browser) and the targets it calls (a gateway's Lambda,
 * OpenAPI and Smithy targets, AWS APIs included) all act as that role. AWS DevOps Agent assumes the
 * roles an Agent Space's AWS association names, in the account it monitors or a source account,
 * the elevated one for its mutating actions (CloudFormation AWS::DevOpsAgent::Association).
 */
const AGENT_ROLES: readonly [type: string, properties: readonly (readonly string[])[], what: string, nameProperty: string][] = [
  ["AWS::Bedrock::Agent", [["AgentResourceRoleArn"]], "Bedrock agent", "AgentName"],
  ["AWS::BedrockAgentCore::Runtime", [["RoleArn"]], "AgentCore runtime", "AgentRuntimeName"],
  ["AWS::BedrockAgentCore::Harness", [["ExecutionRoleArn"]], "AgentCore harness", "HarnessName"],
  ["AWS::BedrockAgentCore::Gateway", [["RoleArn"]], "AgentCore gateway", "Name"],
  ["AWS::BedrockAgentCore::CodeInterpreterCustom", [["ExecutionRoleArn"]], "AgentCore code interpreter", "Name"],
  ["AWS::BedrockAgentCore::BrowserCustom", [["ExecutionRoleArn"]], "AgentCore browser", "Name"],
  [
    "AWS::DevOpsAgent::Association",
    ["Aws", "SourceAws"].flatMap((account) => ["AssumableRoleArn", "AgentElevatedRoleArn"].map((role) => ["Configuration", account, role])),
    "AWS DevOps Agent",
    "AgentSpaceId",
  ],
];

/**
 * Compute whose configuration may run a coding agent: [type, what it is, where its role is named
 * (a property path), the properties that say what it runs]. An ECS task acts as its task role (its
 * execution role only pulls the image and writes logs); an instance, as its instance profile's.
 */
const AGENT_HOSTS: readonly [type: string, what: string, role: readonly string[], config: readonly (readonly string[])[]][] = [
  ["AWS::CodeBuild::Project", "CodeBuild project", ["ServiceRole"], [["Source"], ["SecondarySources"], ["Environment"]]],
  ["AWS::ECS::TaskDefinition", "ECS task definition", ["TaskRoleArn"], [["ContainerDefinitions"]]],
  ["AWS::Batch::JobDefinition", "Batch job definition", ["ContainerProperties", "JobRoleArn"], [["ContainerProperties"]]],
  ["AWS::Lambda::Function", "Lambda function", ["Role"], [["Environment"], ["Code", "ImageUri"]]],
  // SAM's: its `Role`, or the one the transform makes (sam-roles.ts writes `<Function>Role` into it).
  ["AWS::Serverless::Function", "SAM function", ["Role"], [["Environment"], ["ImageUri"]]],
  ["AWS::EC2::Instance", "EC2 instance", ["IamInstanceProfile"], [["UserData"]]],
  ["AWS::EC2::LaunchTemplate", "EC2 launch template", ["LaunchTemplateData", "IamInstanceProfile"], [["LaunchTemplateData", "UserData"]]],
];

/**
 * A pipeline's Commands actions (CodePipeline V2) run their shell commands in CodePipeline-managed
 * compute as the action's role, else the pipeline's (CodePipeline User Guide, "Commands action
 * reference"): each is a host of its own, read from its commands and environment variables.
 */
const PIPELINE = "AWS::CodePipeline::Pipeline";

/** Types whose resources make a role an agent's (agentRoles): what enforce needs to read of a stack. */
export const AGENT_ROLE_SOURCE_TYPES: ReadonlySet<string> = new Set([
  ...FUNCTION_TYPES,
  ...FUNCTION_POINTERS,
  "AWS::BedrockAgentCore::GatewayTarget",
  "AWS::Lambda::Permission",
  ...AGENT_ROLES.map(([type]) => type),
  ...AGENT_HOSTS.map(([type]) => type),
  PIPELINE,
  "AWS::IAM::InstanceProfile",
]);

const at = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), value);

/**
 * The roles that compute running a coding agent acts as, each with why: its configuration (the
 * commands, image, user data or environment AGENT_HOSTS names) holds a marker (agents.hostMarkers)
 * as a word of its own. The text is read as written, intrinsics' literal parts included
 * (`Fn::Base64` of `Fn::Sub` user data). An instance's role is its instance profile's, when the
 * profile is the template's.
 */
export function agentHostRoles(ctx: ResolveContext, markers: readonly string[]): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  if (markers.length === 0) return out;
  const markerIn = markerFinder(markers);
  const reasonOf = hostAgentReason;
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === PIPELINE) {
      out.push(...commandsActionRoles(id, r, markerIn, reasonOf));
      continue;
    }
    const host = AGENT_HOSTS.find(([type]) => type === r.Type);
    if (!host) continue;
    const [, what, rolePath] = host;
    const marker = hostMarker(host, r, markerIn);
    if (marker === undefined) continue;
    const reason = reasonOf(`${what} ${id}`, marker);
    const roleValue = at(r.Properties, rolePath);
    const roles = r.Type.startsWith("AWS::EC2::") ? instanceProfileRoles(roleValue, ctx) : roleValue === undefined ? [] : [roleValue];
    for (const value of roles) out.push({ value, reason });
  }
  return out;
}

/**
 * The roles of the template's CodeBuild projects that a webhook makes GitHub Actions runners
 * (startsGitHubActionsJobs), each with why. Not used by `enforce`: a boundary on a runner's role
 * would change what every workflow job of the repository may do.
 */
export function agentRunnerRoles(ctx: ResolveContext): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type !== "AWS::CodeBuild::Project" || r.Properties?.["ServiceRole"] === undefined) continue;
    const triggers = r.Properties["Triggers"];
    const groups = asList(isRecord(triggers) ? triggers["FilterGroups"] : undefined).map((group) =>
      asList(group)
        .filter(isRecord)
        .map((f) => ({ type: resolveText(f["Type"], ctx).text, pattern: resolveText(f["Pattern"], ctx).text, exclude: f["ExcludeMatchedPattern"] === true || f["ExcludeMatchedPattern"] === "true" })),
    );
    if (startsGitHubActionsJobs(groups)) out.push({ value: r.Properties["ServiceRole"], reason: runnerAgentReason(`CodeBuild project ${id}`) });
  }
  return out;
}

/**
 * The roles of the template's EKS Pod Identity associations whose namespace or service account names
 * an agent (kubernetesAgentName), each with why: EKS hands the pods of that service account the
 * role's credentials, or its TargetRoleArn's, assumed through it (EKS User Guide, "Assign an IAM role
 * to a Kubernetes service account"), as an IRSA trust's sub names them.
 */
export function agentPodIdentityRoles(ctx: ResolveContext, agents: AgentSignals): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type !== "AWS::EKS::PodIdentityAssociation" || !isRecord(r.Properties)) continue;
    const namespace = resolveText(r.Properties["Namespace"], ctx).text;
    const account = resolveText(r.Properties["ServiceAccount"], ctx).text;
    const named = kubernetesAgentName(agents, namespace, account);
    if (named === undefined) continue;
    const reason = podIdentityAgentReason(`EKS Pod Identity association ${id}`, `${namespace}/${account}`, named);
    for (const key of ["RoleArn", "TargetRoleArn"]) if (r.Properties[key] !== undefined) out.push({ value: r.Properties[key], reason });
  }
  return out;
}

/** The marker a host's configuration (the properties its AGENT_HOSTS row names) holds. */
const hostMarker = (host: (typeof AGENT_HOSTS)[number], r: TemplateResource, markerIn: (config: unknown) => string | undefined): string | undefined =>
  markerIn(host[3].map((path) => at(r.Properties, path)));

/** The marker a Commands action's commands, environment variables or configuration hold. */
const commandsMarker = (action: Record<string, unknown>, markerIn: (config: unknown) => string | undefined): string | undefined =>
  markerIn([action["Commands"], action["EnvironmentVariables"], action["Configuration"]]);

/** An action's artifact names (`InputArtifacts`/`OutputArtifacts`: `[{ Name }]`). */
const artifactNames = (value: unknown): string[] => asList(value).flatMap((a) => (isRecord(a) && typeof a["Name"] === "string" ? [a["Name"]] : []));

/**
 * The roles that carry out what a coding agent wrote in a pipeline, each with why. An action that
 * runs an agent (a CodeBuild project or Commands action whose configuration names a marker)
 * writes its output artifacts, and what reads them, directly or through later artifacts, deploys
 * or runs the agent's work: a CloudFormation action creates what the agent's template says, as
 * its stack role; a CodeBuild action runs the agent's scripts or `cdk deploy`s its cloud
 * assembly, as its project's role; every action acts as its own role, else the pipeline's. An
 * action role outside the template (CDK Pipelines' deploy role in the target account) is one the
 * pipeline's role becomes, so the pipeline's role counts too. Not used by `enforce`: a boundary on
 * a pipeline's deploy roles would change what every deployment of it may do.
 */
export function agentPipelineRoles(ctx: ResolveContext, markers: readonly string[]): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  if (markers.length === 0) return out;
  const markerIn = markerFinder(markers);
  const agentProjects = new Map<string, string>();
  const codeBuild = AGENT_HOSTS.find(([type]) => type === "AWS::CodeBuild::Project");
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!codeBuild || r.Type !== codeBuild[0]) continue;
    const marker = hostMarker(codeBuild, r, markerIn);
    if (marker !== undefined) agentProjects.set(id, `CodeBuild project ${id} (its configuration names ${marker})`);
  }
  for (const [id, pipeline] of Object.entries(ctx.resources)) {
    if (pipeline.Type !== PIPELINE) continue;
    const actionsOf = asList(pipeline.Properties?.["Stages"]).flatMap((stage) => asList(isRecord(stage) ? stage["Actions"] : undefined).filter(isRecord));
    // By `Ref`, or by the literal name a project of the template is given (as tutorials write it).
    const projectOf = (action: Record<string, unknown>): string | undefined => {
      const value = at(action, ["Configuration", "ProjectName"]);
      const id = referencedLogicalId(value);
      if (id !== undefined) return id;
      return typeof value === "string" ? Object.keys(ctx.resources).find((key) => ctx.resources[key]?.Type === "AWS::CodeBuild::Project" && ctx.resources[key]?.Properties?.["Name"] === value) : undefined;
    };
    const agentAction = (action: Record<string, unknown>): string | undefined => {
      const provider = at(action, ["ActionTypeId", "Provider"]);
      if (provider === "Commands") {
        const marker = commandsMarker(action, markerIn);
        return marker === undefined ? undefined : `Commands action ${String(action["Name"])} (its commands name ${marker})`;
      }
      const project = provider === "CodeBuild" ? projectOf(action) : undefined;
      return project === undefined ? undefined : agentProjects.get(project);
    };
    // Artifact name → the agent action whose work it holds; artifact names are unique in a pipeline.
    const written = new Map<string, string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const action of actionsOf) {
        const origin = agentAction(action) ?? artifactNames(action["InputArtifacts"]).map((n) => written.get(n)).find((o) => o !== undefined);
        if (origin === undefined) continue;
        for (const name of artifactNames(action["OutputArtifacts"])) {
          if (written.has(name)) continue;
          written.set(name, origin);
          changed = true;
        }
      }
    }
    if (written.size === 0) continue;
    for (const action of actionsOf) {
      const input = artifactNames(action["InputArtifacts"]).find((n) => written.has(n));
      if (input === undefined) continue;
      const reason = `deploys or runs artifact ${input} of pipeline ${id}, which the coding agent of ${written.get(input) ?? "?"} wrote: what the agent wrote is carried out as this role`;
      const actionRole = action["RoleArn"] ?? pipeline.Properties?.["RoleArn"];
      const roles = [actionRole];
      const provider = at(action, ["ActionTypeId", "Provider"]);
      if (provider === "CloudFormation" || provider === "CloudFormationStackSet") roles.push(at(action, ["Configuration", "RoleArn"]));
      const project = provider === "CodeBuild" ? projectOf(action) : undefined;
      if (project !== undefined) roles.push(at(ctx.resources[project]?.Properties, ["ServiceRole"]));
      // A role of another template or account is assumed by the pipeline's own role.
      const roleId = referencedLogicalId(actionRole);
      if (roleId === undefined || ctx.resources[roleId] === undefined) roles.push(pipeline.Properties?.["RoleArn"]);
      for (const value of roles) if (value !== undefined) out.push({ value, reason });
    }
  }
  return out;
}

/** The roles a pipeline's Commands actions that run an agent act as: the action's RoleArn, else the pipeline's. */
function commandsActionRoles(
  id: string,
  pipeline: TemplateResource,
  markerIn: (config: unknown) => string | undefined,
  reasonOf: (what: string, marker: string) => string,
): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  for (const stage of asList(pipeline.Properties?.["Stages"])) {
    for (const action of asList(isRecord(stage) ? stage["Actions"] : undefined)) {
      if (!isRecord(action) || at(action, ["ActionTypeId", "Provider"]) !== "Commands") continue;
      const marker = commandsMarker(action, markerIn);
      if (marker === undefined) continue;
      const role = action["RoleArn"] ?? pipeline.Properties?.["RoleArn"];
      const name = typeof action["Name"] === "string" ? action["Name"] : "?";
      if (role !== undefined) out.push({ value: role, reason: reasonOf(`CodePipeline Commands action ${name} of ${id}`, marker) });
    }
  }
  return out;
}

/** The roles of the template's instance profile an instance or launch template names (`Ref`, `GetAtt .Arn`, or `{Name|Arn: …}`). */
function instanceProfileRoles(value: unknown, ctx: ResolveContext): unknown[] {
  const named = isRecord(value) && intrinsicKey(value) === undefined ? (value["Arn"] ?? value["Name"]) : value;
  const id = referencedLogicalId(named);
  const profile = id === undefined ? undefined : ctx.resources[id];
  return profile?.Type === "AWS::IAM::InstanceProfile" ? asList(profile.Properties?.["Roles"]) : [];
}

/**
 * The role values (as written: `!GetAtt Role.Arn`, an ARN, a name) that agents of this template
 * run as, and those of the functions that are their tools, each with why the role is an agent's.
 */
export function agentRoles(ctx: ResolveContext, agentPrincipals: readonly string[], tools = agentToolFunctions(ctx, agentPrincipals)): { value: unknown; reason: string }[] {
  const out: { value: unknown; reason: string }[] = [];
  for (const [id, r] of Object.entries(ctx.resources)) {
    const known = AGENT_ROLES.find(([type]) => type === r.Type);
    if (!known) continue;
    const name = resolveText(r.Properties?.[known[3]], ctx).text || id;
    for (const path of known[1]) {
      const value = at(r.Properties, path);
      if (value !== undefined) out.push({ value, reason: agentRunsAsReason(`${known[2]} ${name} (${id})`) });
    }
  }
  for (const [functionId, reason] of tools) {
    const role = ctx.resources[functionId]?.Properties?.["Role"];
    if (role !== undefined) out.push({ value: role, reason: toolFunctionReason(functionId, reason) });
  }
  return out;
}

/** The role name a role's ARN (any path) or its bare name says. */
export const roleNameInArn = (text: string): string | undefined => /(?:^|:role\/(?:.*\/)?)([^/:]+)$/.exec(text)?.[1];
