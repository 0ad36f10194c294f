/**
 * `terraform show -json` of a plan (`planned_values`, `resource_changes`, `configuration`) or of
 * state (`values`) → IamInput: the roles, users and groups a Terraform configuration declares,
 * with their trust policies, inline policies, attached managed policies (those the plan declares
 * by their documents, AWS managed ones by ARN for the bundled catalogue) and boundaries.
 *
 * A value known only after apply is omitted from a plan's values and marked in its
 * `after_unknown`. Fail closed: an unknown trust or inline policy, role or policy of an attachment
 * is an input error naming the resource address, unless the configuration says which resource of
 * the plan it comes from (`policy_arn = aws_iam_policy.deploy.arn`: that policy's document);
 * an unknown boundary is one whose content is unknown ("unresolved").
 * Evidence: file + line + JSON pointer of the resource, and its address in the note.
 */
import { evidenceAt, inputErrorAt, type Evidence, type InputError } from "../finding.js";
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";
import { arnAccount } from "../production.js";
import type { LineOf } from "../source/source.js";
import type { IamInput, PolicySource, Principal, PrincipalKind } from "./model.js";
import { agentRunsAsReason, lambdaFunctionName, startsGitHubActionsJobs, toolFunctionReason, type AgentHost } from "./agents.js";

/** Either JSON `terraform show -json` writes (a plan's or a state's), or a state file. */
export function isTerraformJson(value: unknown): boolean {
  if (isRecord(value) && isStateFile(value)) return true;
  if (!isRecord(value) || typeof value["format_version"] !== "string") return false;
  const values = value["values"];
  return isRecord(value["planned_values"]) || Array.isArray(value["resource_changes"]) || (isRecord(values) && isRecord(values["root_module"]));
}

/** A state file as Terraform writes it (`terraform.tfstate`, `terraform state pull`); the backend's file has no resources. */
const isStateFile = (value: Record<string, unknown>): boolean => typeof value["version"] === "number" && typeof value["lineage"] === "string" && Array.isArray(value["resources"]);

interface TfResource {
  address: string;
  /** Address of the module instance holding it ("" at the root, `module.agent["x"]`). */
  module: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  /** The plan's `after_unknown` of this resource: `true` where a value is known after apply. */
  unknown: unknown;
  /** Where the resource is, and where its values are (`/values` of it, or a change's `after`). */
  pointer: string;
  valuesPointer: string;
}

/** The resource types read here: a deferred change of one is IAM the plan did not plan. */
const isIamType = (type: string): boolean => type.startsWith("aws_iam_");

/**
 * Compute that may run a coding agent, read alike from `.tf` (terraform-hcl.ts), from a plan or
 * state (here) and, as agent-tools.ts AGENT_HOSTS, from a template (the same role must read the
 * same in all): [what it is, the attribute or block naming the role it runs as, the attributes and
 * blocks saying what it runs]. An ECS task acts as its task role (its execution role only pulls the
 * image and writes logs); an instance and a launch template as their instance profile's role.
 */
export const TF_AGENT_HOSTS: Readonly<Record<string, { what: string; role: string; roleKey?: string; config: readonly string[] }>> = {
  aws_codebuild_project: { what: "CodeBuild project", role: "service_role", config: ["source", "secondary_sources", "environment"] },
  aws_ecs_task_definition: { what: "ECS task definition", role: "task_role_arn", config: ["container_definitions"] },
  // Its role is `jobRoleArn` of the JSON container_properties holds (roleKey), as a template's ContainerProperties.JobRoleArn.
  aws_batch_job_definition: { what: "Batch job definition", role: "container_properties", roleKey: "jobRoleArn", config: ["container_properties"] },
  aws_lambda_function: { what: "Lambda function", role: "role", config: ["environment", "image_uri"] },
  aws_instance: { what: "EC2 instance", role: "iam_instance_profile", config: ["user_data", "user_data_base64"] },
  aws_launch_template: { what: "EC2 launch template", role: "iam_instance_profile", config: ["user_data"] },
};

/**
 * Resources that run an AI agent as a role they name, read alike from `.tf` and from a plan or
 * state, as agent-tools.ts AGENT_ROLES reads them from a template: [what it is, the attributes
 * naming the role]. The agent's own calls (a Bedrock agent's, an AgentCore runtime's), the code it
 * writes (a code interpreter), the pages it drives (a browser) and the targets it calls (a
 * gateway's) act as that role, whatever the role's trust says.
 */
export const TF_AGENT_RUNTIMES: Readonly<Record<string, { what: string; roles: readonly string[] }>> = {
  aws_bedrockagent_agent: { what: "Bedrock agent", roles: ["agent_resource_role_arn"] },
  aws_bedrockagentcore_agent_runtime: { what: "AgentCore runtime", roles: ["role_arn"] },
  aws_bedrockagentcore_gateway: { what: "AgentCore gateway", roles: ["role_arn"] },
  aws_bedrockagentcore_code_interpreter: { what: "AgentCore code interpreter", roles: ["execution_role_arn"] },
  aws_bedrockagentcore_browser: { what: "AgentCore browser", roles: ["execution_role_arn"] },
  // The Cloud Control provider's, CloudFormation's types by their Terraform names (aws-ia's Bedrock module).
  awscc_bedrock_agent: { what: "Bedrock agent", roles: ["agent_resource_role_arn"] },
  awscc_bedrockagentcore_runtime: { what: "AgentCore runtime", roles: ["role_arn"] },
  awscc_bedrockagentcore_gateway: { what: "AgentCore gateway", roles: ["role_arn"] },
  awscc_bedrockagentcore_code_interpreter_custom: { what: "AgentCore code interpreter", roles: ["execution_role_arn"] },
  awscc_bedrockagentcore_browser_custom: { what: "AgentCore browser", roles: ["execution_role_arn"] },
};

/**
 * Resources by which an agent names a Lambda function it runs as its tool, with inputs it chooses,
 * as agent-tools.ts toolReferences reads a template: [how the function is its tool, the blocks
 * down to the attribute naming the function (AWS provider: action_group_executor { lambda },
 * target_configuration { mcp { lambda { lambda_arn } } })]. The function acts as its execution
 * role on the agent's behalf. A Lambda permission for an agent service (LAMBDA_PERMISSION) is a
 * third way, decided by agents.trustPrincipals (markAgentHosts).
 */
export const TF_AGENT_TOOLS: Readonly<Record<string, { what: string; path: readonly string[] }>> = {
  aws_bedrockagent_agent_action_group: { what: "a tool of Bedrock agent action group", path: ["action_group_executor", "lambda"] },
  aws_bedrockagentcore_gateway_target: { what: "an MCP tool of AgentCore gateway target", path: ["target_configuration", "mcp", "lambda", "lambda_arn"] },
  // awscc writes them as attributes holding objects (`action_groups = [{ action_group_executor = { lambda = … } }]`).
  awscc_bedrock_agent: { what: "a tool of Bedrock agent", path: ["action_groups", "action_group_executor", "lambda"] },
  awscc_bedrockagentcore_gateway_target: { what: "an MCP tool of AgentCore gateway target", path: ["target_configuration", "mcp", "lambda", "lambda_arn"] },
};
export const LAMBDA_PERMISSION = "aws_lambda_permission";
/** An alias names its function (function_name): a tool named through it is that function. */
const LAMBDA_ALIAS = "aws_lambda_alias";
/** How an agent's tool (TF_AGENT_TOOLS) is one: one wording for `.tf` and plans. */
export const agentToolReason = (what: string, address: string): string => `runs as ${what} ${address}: the agent chooses its calls`;

const CODEBUILD_WEBHOOK = "aws_codebuild_webhook";
const POD_IDENTITY_ASSOCIATION = "aws_eks_pod_identity_association";
/** Resources read from a plan or state: IAM, the compute whose roles an agent may act as, agents and their tools. */
const isReadType = (type: string): boolean =>
  isIamType(type) || type in TF_AGENT_HOSTS || type in TF_AGENT_RUNTIMES || type in TF_AGENT_TOOLS || type === LAMBDA_PERMISSION || type === LAMBDA_ALIAS || type === CODEBUILD_WEBHOOK || type === POD_IDENTITY_ASSOCIATION;

/**
 * A plan's value as written, for markers to be found in: a JSON string (ECS container
 * definitions) as what it encodes, base64 (a launch template's user data) as its text.
 */
function decodedText(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodedText);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodedText(x)]));
  if (typeof v !== "string") return v;
  if (/^\s*[[{]/.test(v)) {
    try {
      return decodedText(JSON.parse(v) as unknown);
    } catch {
      return v; // Not JSON after all: read as the text it is.
    }
  }
  // Whole base64 (its alphabet, padded to a multiple of 4), which atob decodes without fail; kept beside its text.
  return v.length >= 8 && v.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(v) ? [v, atob(v)] : v;
}

/**
 * What the plan says it left unplanned: a failed `terraform plan -out` still saves the partial
 * plan "for external analysis" (`errored: true`), and a plan with deferrals (`-allow-deferral`,
 * Stacks) lists in `deferred_changes` what only a later plan will plan, its values unknown. An
 * IAM resource in neither `planned_values` nor `resource_changes` was never read: fail closed.
 */
function unplanned(value: Record<string, unknown>, fail: (pointer: string, message: string) => void): void {
  if (value["errored"] === true) fail("/errored", "the plan errored: terraform plan failed and saved a partial plan (errored: true), so the resources it did not plan were not evaluated; fix the plan's errors, plan again and scan that plan");
  const deferred = value["deferred_changes"];
  if (deferred === undefined) return;
  if (!Array.isArray(deferred)) return fail("/deferred_changes", "deferred_changes is not a list: the changes Terraform deferred to a later plan were not read");
  deferred.forEach((entry, i) => {
    const change = isRecord(entry) ? entry["resource_change"] : undefined;
    const type = isRecord(change) ? change["type"] : undefined;
    // Only a change whose type says it is no IAM resource is left out (an unreadable one may be).
    if (typeof type === "string" && !isIamType(type)) return;
    const address = isRecord(change) && typeof change["address"] === "string" ? change["address"] : `deferred change ${i}`;
    const reason = isRecord(entry) && typeof entry["reason"] === "string" ? ` (${entry["reason"]})` : "";
    fail(`/deferred_changes/${i}`, `${address} was deferred to a later plan${reason}: Terraform did not plan it, so what it grants was not evaluated; apply this plan, plan again and scan that plan`);
  });
}

/**
 * `terraform plan -json` (or `tofu plan -json`) writes the machine-readable UI, one message per
 * line: a planned change names the resource's address and action, never its values, and is
 * easily taken for `terraform show -json`. The first planned change of an IAM resource in such
 * messages, whose grants cannot be read from them (the record's pointer and address).
 */
export function unreadTerraformUiChange(records: readonly unknown[]): { pointer: string; address: string } | undefined {
  for (const [i, record] of records.entries()) {
    if (!isRecord(record) || (record["@module"] !== "terraform.ui" && record["@module"] !== "tofu.ui") || record["type"] !== "planned_change") continue;
    const change = record["change"];
    const resource = isRecord(change) ? change["resource"] : undefined;
    const address = isRecord(resource) && typeof resource["addr"] === "string" ? resource["addr"] : undefined;
    const type = isRecord(resource) && typeof resource["resource_type"] === "string" ? resource["resource_type"] : undefined;
    // Without its type, the address says it (`module.x.aws_iam_role.y[0]`); without either, it may be IAM.
    if (type !== undefined ? isIamType(type) : address === undefined || /(^|\.)aws_iam_/.test(address)) return { pointer: `/${i}`, address: address ?? `message ${i}` };
  }
  return undefined;
}

/**
 * A state file Terraform 0.11 or earlier wrote (format version 3 and before: `modules[]`, each
 * with `resources` keyed by address and flattened `primary.attributes`), which the state reader
 * (version 4) does not read. The first IAM resource in it (the pointer and address), whose grants
 * are then not read; undefined for any other value, and for such a state without IAM (nothing in
 * it could be judged).
 */
export function unreadLegacyTerraformState(value: unknown): { pointer: string; address: string } | undefined {
  if (!isRecord(value) || typeof value["version"] !== "number" || value["version"] >= 4 || typeof value["lineage"] !== "string" || !Array.isArray(value["modules"])) return undefined;
  for (const [i, module] of value["modules"].entries()) {
    const resources = isRecord(module) && isRecord(module["resources"]) ? module["resources"] : {};
    const path = isRecord(module) && Array.isArray(module["path"]) ? module["path"].slice(1).map((name) => `module.${String(name)}.`).join("") : "";
    for (const [key, resource] of Object.entries(resources)) {
      const type = isRecord(resource) && typeof resource["type"] === "string" ? resource["type"] : undefined;
      // Without its type, the key says it (`aws_iam_role.agent`, `data.aws_iam_policy_document.x`).
      if (type !== undefined ? isIamType(type) : /(^|\.)aws_iam_/.test(key)) return { pointer: childPointer(`/modules/${i}/resources`, key), address: `${path}${key}` };
    }
  }
  return undefined;
}

/** How a policy document data source is told apart from resources (its address starts with `data.`). */
const DATA_POLICY_DOCUMENT = "data.aws_iam_policy_document";

/** The literal text `terraform show` (without -json) prints for an unknown value. */
const KNOWN_AFTER_APPLY = "(known after apply)";

/**
 * The strings at a path of nested blocks (`[{ lambda: [{ lambda_arn: … }] }]`, each block a list
 * of objects in a plan), given its `after_unknown` subtree (knownStrings).
 */
function valuesAt(v: unknown, tree: unknown, path: readonly string[]): { known: string[]; unknown: boolean } {
  const [head, ...rest] = path;
  if (head === undefined) return knownStrings(v, tree);
  if (tree === true) return { known: [], unknown: true };
  if (Array.isArray(v)) {
    const parts = v.map((item, i) => valuesAt(item, Array.isArray(tree) ? tree[i] : undefined, path));
    return { known: parts.flatMap((p) => p.known), unknown: parts.some((p) => p.unknown) };
  }
  return isRecord(v) ? valuesAt(v[head], isRecord(tree) ? tree[head] : undefined, rest) : { known: [], unknown: false };
}

/** Whether any part of an `after_unknown` subtree is unknown. */
function holdsUnknown(tree: unknown): boolean {
  if (tree === true) return true;
  if (Array.isArray(tree)) return tree.some(holdsUnknown);
  return isRecord(tree) && Object.values(tree).some(holdsUnknown);
}

/**
 * The strings a value holds, given its `after_unknown` subtree, and whether part of it is known
 * only after apply: a list keeps its known entries (`roles = [aws_iam_role.new.name, "claude-existing"]`).
 */
function knownStrings(v: unknown, tree: unknown): { known: string[]; unknown: boolean } {
  if (!Array.isArray(v)) {
    const unknown = holdsUnknown(tree) || v === KNOWN_AFTER_APPLY;
    return { known: !unknown && typeof v === "string" && v !== "" ? [v] : [], unknown };
  }
  const known: string[] = [];
  let unknown = tree === true;
  v.forEach((item, i) => {
    if ((Array.isArray(tree) && holdsUnknown(tree[i])) || item === KNOWN_AFTER_APPLY) unknown = true;
    else if (typeof item === "string" && item !== "") known.push(item);
  });
  // More unknown entries than the values list (a set's unknown members may be left out of it).
  if (Array.isArray(tree) && tree.length > v.length && tree.slice(v.length).some(holdsUnknown)) unknown = true;
  return { known: tree === true ? [] : known, unknown };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `module.a["x"].module.b[0]` → the module calls of the configuration: ["a", "b"]. */
function moduleCalls(module: string): string[] {
  return [...module.matchAll(/module\.([^.[]+)/g)].map((m) => m[1] as string);
}

/** Users get their groups' policies (groups are not principals the rules judge); `also` for what else a group carries. */
export function withGroupPolicies(groupMembers: ReadonlyMap<Principal, readonly Principal[]>, also?: (group: Principal, user: Principal) => void): void {
  for (const [group, users] of groupMembers) {
    for (const user of users) {
      user.policies.push(...group.policies);
      if (group.unresolvedPolicies) (user.unresolvedPolicies ??= []).push(...group.unresolvedPolicies);
      also?.(group, user);
    }
  }
}

export function readTerraformJson(value: unknown, file: string, lineOf?: LineOf): { input: IamInput; errors: InputError[]; hosts: AgentHost[] } {
  const errors: InputError[] = [];
  const fail = (pointer: string | undefined, message: string): void => void errors.push(inputErrorAt(file, pointer, lineOf, message));
  if (!isRecord(value)) {
    fail(undefined, "not a terraform show -json document");
    return { input: { principals: [] }, errors, hosts: [] };
  }
  unplanned(value, fail);

  const resources: TfResource[] = [];
  const accounts = new Set<string>();
  const unknownByAddress = new Map<string, unknown>();
  const changes = value["resource_changes"];
  if (Array.isArray(changes)) {
    changes.forEach((change) => {
      if (isRecord(change) && typeof change["address"] === "string" && isRecord(change["change"])) unknownByAddress.set(change["address"], change["change"]["after_unknown"]);
    });
    // Policy documents read only at apply (their arguments name what the plan creates): what is
    // known of their statements is in the change (policyDocumentData).
    changes.forEach((change, i) => {
      if (!isRecord(change) || change["mode"] !== "data" || change["type"] !== "aws_iam_policy_document" || typeof change["address"] !== "string") return;
      const body = change["change"];
      if (!isRecord(body) || !isRecord(body["after"])) return;
      const module = str(change["module_address"]) ?? "";
      resources.push({ address: change["address"], module, type: DATA_POLICY_DOCUMENT, name: String(change["name"] ?? ""), values: body["after"], unknown: body["after_unknown"], pointer: `/resource_changes/${i}`, valuesPointer: `/resource_changes/${i}/change/after` });
    });
  }

  const walk = (module: unknown, pointer: string, moduleAddress: string, managed: boolean): void => {
    if (!isRecord(module)) return;
    const list = module["resources"];
    if (list !== undefined && !Array.isArray(list)) fail(`${pointer}/resources`, `resources of ${moduleAddress || "the root module"} is not a list: its resources were not evaluated`);
    (Array.isArray(list) ? list : []).forEach((r, i) => {
      const at = `${pointer}/resources/${i}`;
      if (!isRecord(r) || typeof r["address"] !== "string" || typeof r["type"] !== "string") return fail(at, "resource entry has no address or type: it was not evaluated");
      const values = isRecord(r["values"]) ? r["values"] : {};
      if (r["mode"] === "data") {
        // The account the plan was made in (the AWS provider's caller identity).
        if (r["type"] === "aws_caller_identity" && typeof values["account_id"] === "string") accounts.add(values["account_id"]);
        return;
      }
      if (!managed || !isReadType(r["type"])) return;
      resources.push({ address: r["address"], module: moduleAddress, type: r["type"], name: String(r["name"] ?? ""), values, unknown: unknownByAddress.get(r["address"]), pointer: at, valuesPointer: `${at}/values` });
    });
    const children = module["child_modules"];
    if (children !== undefined && !Array.isArray(children)) fail(`${pointer}/child_modules`, `child_modules of ${moduleAddress || "the root module"} is not a list: their resources were not evaluated`);
    (Array.isArray(children) ? children : []).forEach((child, i) => {
      walk(child, `${pointer}/child_modules/${i}`, isRecord(child) && typeof child["address"] === "string" ? child["address"] : moduleAddress, managed);
    });
  };
  /** A state file's resources: each instance's attributes, addressed as Terraform addresses it. */
  function readStateFile(list: unknown[]): void {
    list.forEach((entry, i) => {
      const at = `/resources/${i}`;
      if (!isRecord(entry) || typeof entry["type"] !== "string" || typeof entry["name"] !== "string") return fail(at, "resource entry has no type or name: it was not evaluated");
      const { type, name } = entry;
      const module = str(entry["module"]) ?? "";
      const instances = entry["instances"];
      if (!Array.isArray(instances)) return fail(`${at}/instances`, `instances of ${type}.${name} is not a list: they were not evaluated`);
      instances.forEach((instance, j) => {
        const pointer = `${at}/instances/${j}`;
        const attributes = isRecord(instance) ? instance["attributes"] : undefined;
        if (!isRecord(instance) || !isRecord(attributes)) return fail(pointer, `an instance of ${type}.${name} has no attributes: it was not evaluated`);
        const key = instance["index_key"];
        const address = `${module ? `${module}.` : ""}${entry["mode"] === "data" ? "data." : ""}${type}.${name}${key === undefined ? "" : `[${JSON.stringify(key)}]`}`;
        if (entry["mode"] === "data") {
          if (type === "aws_caller_identity" && typeof attributes["account_id"] === "string") accounts.add(attributes["account_id"]);
          return;
        }
        if (isReadType(type)) resources.push({ address, module, type, name, values: attributes, unknown: undefined, pointer, valuesPointer: `${pointer}/attributes` });
      });
    });
  }
  const planned = value["planned_values"];
  const state = value["values"];
  if (isRecord(planned)) walk(planned["root_module"], "/planned_values/root_module", "", true);
  else if (isRecord(state)) walk(state["root_module"], "/values/root_module", "", true);
  else if (Array.isArray(changes)) {
    // A plan cut to its resource changes: each resource's values after apply.
    changes.forEach((change, i) => {
      if (!isRecord(change) || !isRecord(change["change"]) || change["mode"] === "data") return;
      const after = change["change"]["after"];
      if (typeof change["address"] !== "string" || typeof change["type"] !== "string" || !isReadType(change["type"]) || !isRecord(after)) return;
      const address = change["address"];
      const module = str(change["module_address"]) ?? "";
      resources.push({ address, module, type: change["type"], name: String(change["name"] ?? ""), values: after, unknown: change["change"]["after_unknown"], pointer: `/resource_changes/${i}`, valuesPointer: `/resource_changes/${i}/change/after` });
    });
  }
  else if (isStateFile(value)) readStateFile(value["resources"] as unknown[]);
  // Data sources read while planning (the caller identity) are in the prior state.
  const prior = value["prior_state"];
  if (isRecord(prior) && isRecord(prior["values"])) walk(prior["values"]["root_module"], "/prior_state/values/root_module", "", false);

  const evidenceOf = (r: TfResource, extra: Evidence = {}, pointer = r.pointer): Evidence => ({ ...evidenceAt(file, pointer, lineOf), note: `Terraform resource ${r.address}`, ...extra });
  /** A value of the resource, or why it cannot be read (known only after apply). */
  const known = (r: TfResource, key: string): { value: unknown } | { unknown: true } => {
    const v = r.values[key];
    if (holdsUnknown(isRecord(r.unknown) ? r.unknown[key] : r.unknown) || v === KNOWN_AFTER_APPLY) return { unknown: true };
    return { value: v };
  };
  /** The strings a name or list attribute of `r` holds (knownStrings). */
  const entries = (r: TfResource, key: string): { known: string[]; unknown: boolean } => knownStrings(r.values[key], isRecord(r.unknown) ? r.unknown[key] : r.unknown);
  const unknownError = (r: TfResource, key: string, consequence: string): void =>
    // An unknown value is omitted from the values: then the error is at the values themselves.
    fail(key in r.values ? `${r.valuesPointer}/${key}` : r.valuesPointer, `${r.address}: ${key} is known only after apply, so ${consequence}; plan with the values known (terraform apply -target the resources it depends on first) or scan the state after apply`);

  /** The configuration of a module instance (`module.a["x"]` → module_calls.a.module). */
  const configOf = (module: string): Record<string, unknown> | undefined => {
    let config: unknown = isRecord(value["configuration"]) ? value["configuration"]["root_module"] : undefined;
    for (const call of moduleCalls(module)) {
      const calls = isRecord(config) ? config["module_calls"] : undefined;
      const called = isRecord(calls) ? calls[call] : undefined;
      config = isRecord(called) ? called["module"] : undefined;
    }
    return isRecord(config) ? config : undefined;
  };
  const referencesOf = (expression: unknown): unknown[] => (isRecord(expression) && Array.isArray(expression["references"]) ? expression["references"] : []);
  /** An attribute's references, or a nested block's (its list of bodies, each attribute an expression): every one within it. */
  const blockReferences = (expression: unknown): unknown[] =>
    Array.isArray(expression)
      ? expression.flatMap(blockReferences)
      : isRecord(expression) && expression["references"] === undefined && expression["constant_value"] === undefined
        ? Object.values(expression).flatMap(blockReferences)
        : referencesOf(expression);
  /**
   * The plan's resources of `types` that references written in module instance `module` may
   * name, followed through `each.value` (the for_each expression of `own`) and `var.x` (the module
   * call's argument in the parent module), every one that may be meant; `complete` is false when
   * a reference may hold an unknown value from elsewhere (a local, another module's output, a
   * data source, another resource), which then may be the one meant (fail closed).
   */
  const resolve = (module: string, references: unknown[], types: readonly string[], own: Record<string, unknown> | undefined, depth: number): { found: Set<TfResource>; complete: boolean } => {
    const found = new Set<TfResource>();
    if (depth > 20) return { found, complete: false };
    let complete = true;
    const prefix = module ? `${module}.` : "";
    for (const reference of references) {
      if (typeof reference !== "string") continue;
      const resource = /^((?:data\.)?aws_\w+)\.([^.[]+)(\[[^\]]*\])?/.exec(reference);
      let more: { found: Set<TfResource>; complete: boolean } | undefined;
      if (resource && types.includes(resource[1] as string)) {
        const base = `${prefix}${resource[1]}.${resource[2]}`;
        const exact = resource[3] ? `${base}${resource[3]}` : undefined;
        // Without an index (`[each.key]` is not written in references) every instance may be the one.
        for (const t of resources) if (exact ? t.address === exact : t.address === base || t.address.startsWith(`${base}[`)) found.add(t);
      } else if (/^(each\.key|count\.index|path\.|terraform\.)/.test(reference) || (reference.startsWith("var.") && !module)) {
        // Known while planning: a root module's variables, keys and indexes hold no unknown value.
      } else if (reference === "each.value" && own) {
        more = resolve(module, referencesOf(own["for_each_expression"]), types, undefined, depth + 1);
      } else if (reference.startsWith("var.") && module) {
        const variable = reference.slice(4).split(/[.[]/)[0] as string;
        const call = /(?:^|\.)module\.([^.[]+)(?:\[[^\]]*\])?$/.exec(module);
        const parent = call ? module.slice(0, call.index) : "";
        const calls = configOf(parent)?.["module_calls"];
        const called = call && isRecord(calls) ? calls[call[1] as string] : undefined;
        const expressions = isRecord(called) ? called["expressions"] : undefined;
        more = isRecord(expressions) ? resolve(parent, referencesOf(expressions[variable]), types, undefined, depth + 1) : { found: new Set(), complete: false };
      } else complete = false;
      if (more) {
        for (const t of more.found) found.add(t);
        complete &&= more.complete;
      }
    }
    return { found, complete };
  };
  /** The configuration block of `r`, when the plan holds its configuration. */
  const configurationOf = (r: TfResource): Record<string, unknown> | undefined => {
    const declared = configOf(r.module)?.["resources"];
    return (Array.isArray(declared) ? declared : []).find((c): c is Record<string, unknown> => isRecord(c) && c["address"] === `${r.type}.${r.name}`);
  };
  /**
   * Whether the configuration writes `key` of `r`. An optional attribute it does not write, such
   * as a role's managed_policy_arns, is unknown in a plan only because AWS fills it in (with what
   * the attachments attach); unknown without the configuration, it may be anything (fail closed).
   */
  const configures = (r: TfResource, key: string): boolean => {
    const own = configurationOf(r);
    return own === undefined || !isRecord(own["expressions"]) || key in own["expressions"];
  };
  /** The plan's resources an attribute of `r` may come from, by what its configuration refers to. */
  const referenced = (r: TfResource, key: string, types: readonly string[]): TfResource[] | undefined => {
    const own = configurationOf(r);
    const expressions = own?.["expressions"];
    const { found, complete } = resolve(r.module, blockReferences(isRecord(expressions) ? expressions[key] : undefined), types, own, 0);
    return complete && found.size ? [...found] : undefined;
  };

  /**
   * The statements of an aws_iam_policy_document read only at apply, from what the plan knows of
   * its arguments. Fail closed: an Allow's unknown resource or principal is any (`*`), its unknown
   * condition dropped (it allows more); a Deny with anything unknown is dropped (it may deny
   * nothing); unknown actions or effect, or documents merged in, leave it unread (the error).
   */
  const policyDocumentData = (d: TfResource): { statements: Record<string, unknown>[]; origins: { pointer: string; index: number }[]; unresolved: string[] } | { error: string } => {
    for (const key of ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]) {
      const v = d.values[key];
      const tree = isRecord(d.unknown) ? d.unknown[key] : d.unknown;
      if (holdsUnknown(tree) || (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && v !== "")) return { error: `${d.address} merges ${key}, not read here` };
    }
    const statements: Record<string, unknown>[] = [];
    const origins: { pointer: string; index: number }[] = [];
    const unresolved: string[] = [];
    const written = d.values["statement"];
    const trees = isRecord(d.unknown) ? d.unknown["statement"] : d.unknown;
    if (holdsUnknown(trees) && !Array.isArray(trees)) return { error: `${d.address}: its statements are known only after apply` };
    const list = Array.isArray(written) ? written : [];
    for (let i = 0; i < list.length; i++) {
      const st = list[i];
      const u = Array.isArray(trees) ? trees[i] : undefined;
      if (!isRecord(st)) return { error: `${d.address}: statement ${i} is not an object` };
      const field = (key: string, from: Record<string, unknown> = st, tree: unknown = isRecord(u) ? u[key] : undefined): { known: string[]; unknown: boolean } => knownStrings(from[key], tree);
      const effect = field("effect");
      if (effect.unknown) return { error: `${d.address}: statement ${i}'s effect is known only after apply` };
      const allow = (effect.known[0] ?? "Allow") === "Allow";
      let dropped = false;
      let anyone = false;
      const out: Record<string, unknown> = { Effect: allow ? "Allow" : "Deny" };
      for (const [key, name] of [["actions", "Action"], ["not_actions", "NotAction"]] as const) {
        const v = field(key);
        if (v.unknown) return { error: `${d.address}: statement ${i}'s ${key} are known only after apply` };
        if (v.known.length) out[name] = v.known;
      }
      for (const [key, name] of [["resources", "Resource"], ["not_resources", "NotResource"]] as const) {
        const v = field(key);
        if (v.unknown && !allow) dropped = true;
        // An unknown NotResource of an Allow excludes what is unknown: read as allowing every resource.
        if (v.unknown && key === "not_resources") out["Resource"] = ["*"];
        else if (v.unknown) out[name] = [...v.known, "*"];
        else if (v.known.length) out[name] = v.known;
      }
      if (out["NotResource"] !== undefined && out["Resource"] !== undefined) delete out["NotResource"];
      for (const [key, name] of [["principals", "Principal"], ["not_principals", "NotPrincipal"]] as const) {
        const blocks = Array.isArray(st[key]) ? (st[key] as unknown[]) : [];
        const blockTrees = isRecord(u) ? u[key] : undefined;
        const whole = holdsUnknown(blockTrees) && !Array.isArray(blockTrees);
        const principals: Record<string, string[]> = {};
        // Who an Allow names, unknown: any principal of that type (an unknown NotPrincipal: anyone), named in findings.
        const unknownWho = (type: string): void => {
          if (!allow) dropped = true;
          unresolved.push(`the ${key} of statement ${i} of ${d.address} (known only after apply)`);
          if (key === "not_principals") anyone = true;
          else principals[type] = [...(principals[type] ?? []), "*"];
        };
        if (whole) unknownWho("AWS");
        else {
          blocks.forEach((block, k) => {
            if (!isRecord(block)) return;
            const tree = Array.isArray(blockTrees) ? blockTrees[k] : undefined;
            const type = field("type", block, isRecord(tree) ? tree["type"] : undefined);
            const ids = field("identifiers", block, isRecord(tree) ? tree["identifiers"] : undefined);
            const t = type.known[0] ?? "AWS";
            if (type.unknown || ids.unknown) unknownWho(type.unknown ? "AWS" : t);
            if (!type.unknown) principals[t] = [...(principals[t] ?? []), ...ids.known];
          });
        }
        if (Object.keys(principals).length) out[name] = principals;
      }
      if (anyone) {
        delete out["NotPrincipal"];
        out["Principal"] = { AWS: "*" };
      }
      const conditions: Record<string, Record<string, string[]>> = {};
      const blocks = Array.isArray(st["condition"]) ? (st["condition"] as unknown[]) : [];
      const conditionTrees = isRecord(u) ? u["condition"] : undefined;
      if (holdsUnknown(conditionTrees) && !Array.isArray(conditionTrees) && !allow) dropped = true;
      blocks.forEach((block, k) => {
        if (!isRecord(block)) return;
        const tree = Array.isArray(conditionTrees) ? conditionTrees[k] : conditionTrees;
        const test = field("test", block, isRecord(tree) ? tree["test"] : tree);
        const variable = field("variable", block, isRecord(tree) ? tree["variable"] : tree);
        const values = field("values", block, isRecord(tree) ? tree["values"] : tree);
        if (test.unknown || variable.unknown || values.unknown) {
          // An Allow's unknown condition is dropped (it allows more); a Deny's makes the Deny unprovable.
          if (!allow) dropped = true;
          return;
        }
        const op = test.known[0] ?? "";
        const key = variable.known[0] ?? "";
        conditions[op] = { ...(conditions[op] ?? {}), [key]: [...(conditions[op]?.[key] ?? []), ...values.known] };
      });
      if (Object.keys(conditions).length) out["Condition"] = conditions;
      if (dropped) continue;
      const sid = field("sid");
      if (sid.known[0]) out["Sid"] = sid.known[0];
      origins.push({ pointer: `${d.valuesPointer}/statement/${i}`, index: i });
      statements.push(out);
    }
    return { statements, origins, unresolved };
  };

  // Managed policies of the plan, by ARN when known and by resource.
  const policySource = (r: TfResource, key: string, name: string, extra: Evidence = {}): PolicySource | undefined => {
    const doc = known(r, key);
    if ("unknown" in doc) {
      const data = referenced(r, key, [DATA_POLICY_DOCUMENT]);
      const built = data?.length === 1 ? policyDocumentData(data[0] as TfResource) : undefined;
      if (built && "statements" in built) {
        const d = data?.[0] as TfResource;
        return {
          name,
          document: { Version: "2012-10-17", Statement: built.statements },
          evidence: { ...evidenceAt(file, d.valuesPointer, lineOf), policyName: name, note: `Terraform resource ${r.address}, its ${key} read from ${d.address} (known only after apply)`, ...extra },
          statementOrigins: built.origins,
          ...(built.unresolved.length ? { unresolvedPrincipals: built.unresolved } : {}),
          ...(lineOf ? { lineOf } : {}),
        };
      }
      unknownError(r, key, `the policy document (${name}) cannot be evaluated${built ? ` (${built.error})` : ""}`);
      return undefined;
    }
    if (typeof doc.value !== "string" || doc.value === "") {
      fail(r.pointer, `${r.address}: ${key} is missing or not a JSON string: ${name} cannot be evaluated`);
      return undefined;
    }
    const pointer = `${r.valuesPointer}/${key}`;
    const line = lineOf?.(pointer);
    return {
      name,
      document: doc.value,
      evidence: { ...evidenceAt(file, pointer, lineOf), policyName: name, note: `Terraform resource ${r.address}`, ...extra },
      // Statements inside the JSON string are cited at the string's line.
      ...(line !== undefined ? { lineOf: () => line } : {}),
    };
  };
  const managedByResource = new Map<TfResource, PolicySource | undefined>();
  const managedByArn = new Map<string, PolicySource>();
  for (const r of resources) {
    if (r.type !== "aws_iam_policy") continue;
    const arnValue = known(r, "arn");
    const arn = "value" in arnValue ? str(arnValue.value) : undefined;
    const name = str(r.values["name"]) ?? r.address;
    const source = policySource(r, "policy", arn ?? name, arn ? { arn } : {});
    managedByResource.set(r, source);
    if (arn && source) managedByArn.set(arn, source);
    if (arn) {
      const account = arnAccount(arn);
      if (account) accounts.add(account);
    }
  }

  // Principals in the order declared, and by kind and name: several may share one (a name_prefix
  // under count, one name in two accounts' providers), and each is judged.
  const declared: Principal[] = [];
  const principals = new Map<string, Principal[]>();
  const named = (kind: PrincipalKind, name: string, principal: Principal): void => {
    const key = keyOf(kind, name);
    const list = principals.get(key);
    if (!list) principals.set(key, [principal]);
    else if (!list.includes(principal)) list.push(principal);
  };
  const keyOf = (kind: PrincipalKind, name: string): string => `${kind}/${name}`;
  const PRINCIPAL_TYPES: Record<string, PrincipalKind> = { aws_iam_role: "role", aws_iam_user: "user", aws_iam_group: "group" };
  const resourceOf = new Map<Principal, TfResource>();
  for (const r of resources) {
    const kind = PRINCIPAL_TYPES[r.type];
    if (!kind) continue;
    const nameValue = known(r, "name");
    const name = "value" in nameValue ? str(nameValue.value) : undefined;
    // A role without a name or a name_prefix gets one Terraform makes: terraform-<timestamp and counter>.
    const prefix = str(r.values["name_prefix"]) ?? (kind === "role" && !configures(r, "name") && !configures(r, "name_prefix") ? "terraform-" : undefined);
    if (!name && !prefix) {
      unknownError(r, "name", `the ${kind}'s name cannot be judged (agent or not)`);
      continue;
    }
    const arnValue = known(r, "arn");
    const arn = "value" in arnValue ? str(arnValue.value) : undefined;
    const account = arn ? arnAccount(arn) : undefined;
    if (account) accounts.add(account);
    const tags: Record<string, string> = {};
    const written = isRecord(r.values["tags_all"]) ? r.values["tags_all"] : isRecord(r.values["tags"]) ? r.values["tags"] : {};
    for (const [k, v] of Object.entries(written)) tags[k] = String(v ?? "");
    const principal: Principal = {
      kind,
      subject: arn ?? r.address,
      name: name ?? `${prefix}*`,
      // A generated name: judged by its prefix as any name it may take.
      ...(name ? {} : { possibleNames: [{ name: `${prefix}*`, from: `${r.address} name_prefix` }] }),
      ...(arn ? { arn } : {}),
      ...(account ? { account } : {}),
      tags,
      policies: [],
      evidence: evidenceOf(r, arn ? { arn } : {}),
    };
    if (kind === "role") {
      const trust = policySource(r, "assume_role_policy", `${principal.name} trust policy`, arn ? { arn } : {});
      if (trust) principal.trustPolicy = trust;
      // Inline policies written in the role itself.
      const inline = known(r, "inline_policy");
      if ("unknown" in inline) {
        if (configures(r, "inline_policy")) unknownError(r, "inline_policy", "its inline policies cannot be evaluated");
      }
      else if (Array.isArray(inline.value)) {
        inline.value.forEach((block, k) => {
          if (!isRecord(block) || str(block["policy"]) === undefined) return;
          const pointer = `${r.valuesPointer}/inline_policy/${k}`;
          const line = lineOf?.(`${pointer}/policy`);
          const policyName = str(block["name"]) ?? `inline_policy[${k}]`;
          principal.policies.push({
            name: policyName,
            document: block["policy"],
            evidence: { ...evidenceAt(file, `${pointer}/policy`, lineOf), policyName, note: `Terraform resource ${r.address}` },
            ...(line !== undefined ? { lineOf: () => line } : {}),
          });
        });
      }
      const arns = entries(r, "managed_policy_arns");
      const list = r.values["managed_policy_arns"];
      for (const a of arns.known) attachArn(principal, a, r, Array.isArray(list) ? `${r.valuesPointer}/managed_policy_arns/${list.indexOf(a)}` : undefined);
      if (arns.unknown && configures(r, "managed_policy_arns")) {
        const from = referenced(r, "managed_policy_arns", ["aws_iam_policy"]);
        if (from) attachPolicies(principal, from, r);
        else unknownError(r, "managed_policy_arns", "its managed policies cannot be evaluated");
      }
    }
    if (kind !== "group") {
      const boundary = known(r, "permissions_boundary");
      const boundaryArn = "value" in boundary ? str(boundary.value) : undefined;
      if ("unknown" in boundary) {
        // Known after apply: the boundary the configuration names, or one that cannot be shown to restrict.
        const from = referenced(r, "permissions_boundary", ["aws_iam_policy"]);
        const sources = from?.map((p) => managedByResource.get(p));
        principal.boundary = sources?.length === 1 && sources[0] ? sources[0] : "unresolved";
      } else if (boundaryArn) {
        principal.boundary = managedByArn.get(boundaryArn) ?? "unresolved";
        if (principal.boundary === "unresolved") principal.boundaryArn = { arn: boundaryArn, evidence: { ...principal.evidence, arn: boundaryArn } };
      }
    }
    declared.push(principal);
    named(kind, principal.name, principal);
    resourceOf.set(principal, r);
  }

  /** The principals an attachment names; one the plan does not declare is judged by its name alone. */
  function principalsNamed(kind: PrincipalKind, written: string, r: TfResource): Principal[] {
    // A role may be named by its ARN (`role = aws_iam_role.x.arn` is refused by AWS, but the id or name is not).
    const name = written.startsWith("arn:") ? written.slice(written.lastIndexOf("/") + 1) : written;
    const known = principals.get(keyOf(kind, name));
    if (known) return written.startsWith("arn:") && known.some((p) => p.arn === written) ? known.filter((p) => p.arn === written) : known;
    const principal: Principal = { kind, subject: written.startsWith("arn:") ? written : `${kind} ${name}`, name, tags: {}, policies: [], evidence: evidenceOf(r) };
    if (written.startsWith("arn:")) {
      principal.arn = written;
      const account = arnAccount(written);
      if (account) principal.account = account;
    }
    declared.push(principal);
    named(kind, name, principal);
    return [principal];
  }
  /** A policy attached by ARN; `pointer`: where the ARN is written, when not the resource itself. */
  function attachArn(principal: Principal, arn: string, r: TfResource, pointer?: string): void {
    const doc = managedByArn.get(arn);
    if (doc) principal.policies.push(doc);
    else (principal.unresolvedPolicies ??= []).push({ arn, evidence: evidenceOf(r, { arn }, pointer) });
  }
  /** Policies of the plan an attribute of `r` refers to, attached to `principal`. */
  function attachPolicies(principal: Principal, policies: TfResource[], r: TfResource): void {
    for (const policy of policies) {
      const source = managedByResource.get(policy);
      if (source) {
        if (!principal.policies.includes(source)) principal.policies.push(source);
      } else {
        // Its document could not be read (already that policy's error): the attachment stays unverifiable.
        (principal.unresolvedPolicies ??= []).push({ arn: policy.address, evidence: evidenceOf(r, { note: `Terraform resource ${r.address}, attaching ${policy.address}` }) });
      }
    }
  }
  /** The principals an attachment's `key` names: known names, or the resources its expression refers to. */
  const targets = (r: TfResource, key: string, kind: PrincipalKind): Principal[] => {
    const v = entries(r, key);
    const out = v.known.flatMap((n) => principalsNamed(kind, n, r));
    if (!v.unknown) return out;
    const type = kind === "role" ? "aws_iam_role" : kind === "user" ? "aws_iam_user" : "aws_iam_group";
    const from = referenced(r, key, [type]);
    if (!from) unknownError(r, key, `the ${kind} it applies to is not known`);
    else for (const [p, t] of resourceOf) if (from.includes(t) && !out.includes(p)) out.push(p);
    return out;
  };
  /** The policy an attachment attaches: a known ARN, or the plan's policy its expression refers to. */
  const attach = (r: TfResource, to: Principal[]): void => {
    const v = known(r, "policy_arn");
    const arn = "value" in v ? str(v.value) : undefined;
    if (arn) {
      for (const p of to) attachArn(p, arn, r);
      return;
    }
    const from = "unknown" in v ? referenced(r, "policy_arn", ["aws_iam_policy"]) : undefined;
    if (!from) {
      if ("unknown" in v) unknownError(r, "policy_arn", "the policy it attaches cannot be evaluated");
      else fail(r.pointer, `${r.address}: policy_arn is missing: the policy it attaches cannot be evaluated`);
      return;
    }
    for (const p of to) attachPolicies(p, from, r);
  };

  const groupMembers = new Map<Principal, Principal[]>();
  const INLINE: Record<string, PrincipalKind> = { aws_iam_role_policy: "role", aws_iam_user_policy: "user", aws_iam_group_policy: "group" };
  const ATTACHMENT: Record<string, PrincipalKind> = { aws_iam_role_policy_attachment: "role", aws_iam_user_policy_attachment: "user", aws_iam_group_policy_attachment: "group" };
  for (const r of resources) {
    const inlineKind = INLINE[r.type];
    const attachmentKind = ATTACHMENT[r.type];
    if (inlineKind) {
      const to = targets(r, inlineKind, inlineKind);
      const name = str(r.values["name"]) ?? r.address;
      const source = policySource(r, "policy", name);
      if (source) for (const p of to) p.policies.push(source);
    } else if (attachmentKind) {
      attach(r, targets(r, attachmentKind, attachmentKind));
    } else if (r.type === "aws_iam_policy_attachment") {
      const to = [...targets(r, "roles", "role"), ...targets(r, "users", "user"), ...targets(r, "groups", "group")];
      attach(r, to);
    } else if (r.type === "aws_iam_user_group_membership") {
      const users = targets(r, "user", "user");
      for (const group of targets(r, "groups", "group")) groupMembers.set(group, [...(groupMembers.get(group) ?? []), ...users]);
    } else if (r.type === "aws_iam_group_membership") {
      const users = targets(r, "users", "user");
      for (const group of targets(r, "group", "group")) groupMembers.set(group, [...(groupMembers.get(group) ?? []), ...users]);
    }
  }
  withGroupPolicies(groupMembers);

  // Compute that may run a coding agent, and the plan's roles it runs as (markAgentHosts decides).
  const hosts: AgentHost[] = [];
  /** The plan's roles an attribute names: known names or ARNs, else the roles its expression refers to. */
  const rolesIn = (r: TfResource, key: string): Principal[] => {
    const v = entries(r, key);
    const out = v.known.flatMap((n) => principals.get(keyOf("role", n.slice(n.lastIndexOf("/") + 1))) ?? []);
    const from = v.unknown ? referenced(r, key, ["aws_iam_role"]) : undefined;
    for (const [p, t] of resourceOf) if (from?.includes(t) && !out.includes(p)) out.push(p);
    return out;
  };
  /** The roles of the plan's instance profiles named by these names or ARNs, or referred to by `key` of `r`. */
  const profileRoles = (names: readonly string[], r: TfResource, key: string, unknown: boolean): Principal[] => {
    const profiles = resources.filter((p) => p.type === "aws_iam_instance_profile" && [str(p.values["name"]), str(p.values["arn"])].some((n) => n !== undefined && names.includes(n)));
    if (unknown) profiles.push(...(referenced(r, key, ["aws_iam_instance_profile"]) ?? []));
    return profiles.flatMap((p) => rolesIn(p, "role"));
  };
  for (const r of resources) {
    const host = TF_AGENT_HOSTS[r.type];
    if (!host) continue;
    let roles: Principal[];
    if (r.type === "aws_instance") {
      const v = entries(r, "iam_instance_profile");
      roles = profileRoles(v.known, r, "iam_instance_profile", v.unknown);
    } else if (r.type === "aws_launch_template") {
      const blocks = r.values["iam_instance_profile"];
      const names = (Array.isArray(blocks) ? blocks : []).flatMap((b) => (isRecord(b) ? [str(b["arn"]), str(b["name"])] : [])).filter((n): n is string => n !== undefined);
      roles = profileRoles(names, r, "iam_instance_profile", false);
    } else if (host.roleKey !== undefined) {
      const properties = decodedText(r.values[host.role]);
      const named = isRecord(properties) ? str(properties[host.roleKey]) : undefined;
      roles = named === undefined ? [] : (principals.get(keyOf("role", named.slice(named.lastIndexOf("/") + 1))) ?? []);
    } else roles = rolesIn(r, host.role);
    if (roles.length === 0) continue;
    hosts.push({ what: `${host.what} ${r.address}`, roles, config: host.config.map((k) => decodedText(r.values[k])) });
  }
  for (const r of resources) {
    if (r.type !== CODEBUILD_WEBHOOK) continue;
    const groups = (Array.isArray(r.values["filter_group"]) ? r.values["filter_group"] : []).map((g) =>
      (isRecord(g) && Array.isArray(g["filter"]) ? g["filter"] : []).filter(isRecord).map((f) => ({ type: str(f["type"]) ?? "", pattern: str(f["pattern"]) ?? "", exclude: f["exclude_matched_pattern"] === true })),
    );
    if (!startsGitHubActionsJobs(groups)) continue;
    const v = entries(r, "project_name");
    const projects = resources.filter((p) => p.type === "aws_codebuild_project" && v.known.includes(str(p.values["name"]) ?? ""));
    if (v.unknown) projects.push(...(referenced(r, "project_name", ["aws_codebuild_project"]) ?? []));
    for (const p of projects) {
      const roles = rolesIn(p, "service_role");
      if (roles.length) hosts.push({ what: `CodeBuild project ${p.address}`, roles, config: [], runner: true });
    }
  }

  // An EKS Pod Identity association's roles go to the pods of its service account (markAgentHosts decides).
  for (const r of resources) {
    if (r.type !== POD_IDENTITY_ASSOCIATION) continue;
    const roles = [...new Set([...rolesIn(r, "role_arn"), ...rolesIn(r, "target_role_arn")])];
    if (roles.length) hosts.push({ what: `EKS Pod Identity association ${r.address}`, roles, config: [], serviceAccount: { namespace: str(r.values["namespace"]) ?? "*", name: str(r.values["service_account"]) ?? "*" } });
  }

  // Agents of the plan and the functions they run as tools: their roles are the agent's (markAgentHosts).
  /** The plan's functions a value names: by name or ARN, or, known only after apply, by what it refers to (a function, or an alias of one). */
  const functionsNamed = (r: TfResource, key: string, v: { known: string[]; unknown: boolean }, depth = 0): TfResource[] => {
    const names = v.known.map(lambdaFunctionName);
    const out = resources.filter((f) => f.type === "aws_lambda_function" && names.includes(str(f.values["function_name"])));
    const referred = v.unknown ? (referenced(r, key, ["aws_lambda_function", LAMBDA_ALIAS]) ?? []) : [];
    for (const f of referred) {
      const found = f.type === LAMBDA_ALIAS ? (depth < 3 ? functionsNamed(f, "function_name", entries(f, "function_name"), depth + 1) : []) : [f];
      for (const x of found) if (!out.includes(x)) out.push(x);
    }
    return out;
  };
  const toolHost = (f: TfResource, reason: (fn: string) => Omit<AgentHost, "what" | "roles" | "config">): void => {
    const roles = rolesIn(f, "role");
    if (roles.length) hosts.push({ what: f.address, roles, config: [], ...reason(f.address) });
  };
  for (const r of resources) {
    const runtime = TF_AGENT_RUNTIMES[r.type];
    const tool = TF_AGENT_TOOLS[r.type];
    if (runtime) {
      const roles = [...new Set(runtime.roles.flatMap((key) => rolesIn(r, key)))];
      if (roles.length) hosts.push({ what: `${runtime.what} ${r.address}`, roles, config: [], agent: agentRunsAsReason(`${runtime.what} ${r.address}`) });
    }
    if (tool) {
      const [top] = tool.path as [string];
      const named = valuesAt(r.values[top], isRecord(r.unknown) ? r.unknown[top] : r.unknown, tool.path.slice(1));
      for (const f of functionsNamed(r, top, named)) toolHost(f, (fn) => ({ agent: toolFunctionReason(fn, agentToolReason(tool.what, r.address)) }));
    } else if (r.type === LAMBDA_PERMISSION) {
      const principal = str(r.values["principal"]);
      const action = str(r.values["action"]);
      if (principal === undefined || action === undefined) continue;
      for (const f of functionsNamed(r, "function_name", entries(r, "function_name"))) toolHost(f, () => ({ invokedBy: { principal, action, permission: r.address } }));
    }
  }

  const input: IamInput = { principals: declared.filter((p) => p.kind !== "group") };
  if (accounts.size === 1) {
    input.account = [...accounts][0] as string;
    for (const p of input.principals) p.account ??= input.account;
  }
  return { input, errors, hosts };
}
