/**
 * The resolved policy every rule evaluates against: shipped defaults (policies/*.yaml) merged
 * with the user's configuration. Plain data, so the core stays pure; src/policy/ loads it.
 */
import type { RuleId } from "./finding.js";

export interface DestructiveActions {
  t1Delete: { namePatterns: string[]; exclude: string[]; include: string[]; databaseLogins?: DatabaseLogins; readOnlySessions?: ReadOnlySession[]; readOnlyPaths?: ReadOnlyPath[]; lockObjects?: LockObject[] };
  t2ProtectionOff: { actions: string[] };
  t3Replace: { actions: string[] };
  t4Escalation: { actions: string[]; passRoleWith: string[]; assumeRole: string[]; codeExecution: string[] };
  /** Globs of actions the catalogue does not list that the guardrail boundary denies as written. */
  uncatalogued?: string[];
  statefulResourceTypes: string[];
  /** Made anew for each revision of something else (an API deployment, a function version): removing one is a note. */
  revisionResourceTypes?: string[];
}

/**
 * Actions that log in to a database as the user named by the grant's resource (or a condition
 * key): T1 only when that user can be the database's administrator (src/core/iam/database-logins.ts).
 */
export interface DatabaseLogins {
  adminUsers: string[];
  /** userPrefix: the ARN's resource part before the user (`*` one segment); default `dbuser:*\/`. */
  actions: { action: string; userConditionKeys: string[]; userPrefix?: string }[];
  /** SQL APIs that run as a Secrets Manager secret's user: T1 only when an administrator's secret is readable. */
  sqlApis?: string[];
  /** ARN globs of secrets that hold an administrator's login. */
  adminSecrets?: string[];
}

/** An action that hands out a session whose mode `conditionKey` sets; `readOnly`: the modes that change nothing. */
export interface ReadOnlySession {
  action: string;
  conditionKey: string;
  readOnly: string[];
}

/** An action whose request path ends its resource ARN; `paths`: the read-only APIs among them. */
export interface ReadOnlyPath {
  action: string;
  paths: string[];
}

/** A delete action on objects a tool writes and deletes as a lock: resources ending in one of `suffixes`. */
export interface LockObject {
  action: string;
  suffixes: string[];
}

/** How CloudFormation protects one stateful resource type (policies/resource-protection.yaml). */
export interface ResourceProtection {
  /** CloudFormation supports `DeletionPolicy: Snapshot` for the type. */
  snapshot: boolean;
  /** The DeletionPolicy when none is written (absent: Delete). */
  defaultDeletionPolicy?: "Delete" | "Snapshot" | "Retain";
  /** A property that makes deletes fail while on; `default` when absent. Does not stop a replacement. */
  deletionProtection?: { property: string; enabled: (boolean | string)[]; default: boolean };
  /** A member of another resource that holds its data (an Aurora instance of its cluster). */
  partOf?: { property: string; judgedBy: string };
  /**
   * A custom resource that deletes the resource's contents when it is deleted or its target is
   * replaced (CDK's autoDeleteObjects): `property` names the target (a Ref, or its literal value
   * of the same property), `items` what it deletes, `cdkProperty` and `tag` how CDK turns it on.
   */
  emptiedBy?: { type: string; property: string; items: string; cdkProperty: string; tag: string; source: string };
  /** The CloudFormation reference page the row is read from. */
  source: string;
}

/** How an escalation path hands the agent another identity's access (policies/escalation-paths.yaml). */
export type EscalationVia = "own-policy" | "credentials" | "assume" | "passed-role" | "service-role";

export interface EscalationPath {
  id: string;
  title: string;
  /** All of them must be reachable on a resource they act on. */
  actions: string[];
  via: EscalationVia;
  /** Service principal of the role the code runs as (passed-role, service-role). */
  service?: string;
  /** Other iam:PassedToService values its requests may carry (passed-role; `service` counts too). */
  passedToService?: string[];
  /**
   * Only on these resources (ARN globs): where a workload reads what it later runs, so writing
   * there is running code as its role (the CDK bootstrap's asset bucket). Absent: any resource.
   */
  resources?: string[];
  sources: string[];
}

export interface EscalationPaths {
  paths: EscalationPath[];
  /** Resources on which these actions count for no path (AWS managed policies, the caller's own user). */
  notEscalation: { actions: string[]; resources: string[]; condition?: { key: string; values: string[] }; reason: string }[];
}

export interface AgentSignals {
  /** GitHub logins, normalized: lower case, without a `[bot]` suffix. Globs. */
  logins: string[];
  emails: string[];
  /** Commit author/committer display names, e.g. "Cursor Agent". Globs. */
  names: string[];
  /** IAM role/user names. Globs, case-insensitive. */
  roleNamePatterns: string[];
  /**
   * Phrases (lower-case words, one space apart) in which a roleNamePatterns word names a program,
   * not an AI agent: "cloudwatch agent". Optional: policies built before it still load.
   */
  nonAgentPhrases?: string[];
  /**
   * IAM role/user names that say the principal calls a model (`*bedrock*`, `*llm*`), not that an
   * agent acts with it: an agent's, except on a role whose trust admits only AWS services (a
   * function, task or instance of an application). Globs. Optional: policies built before it still load.
   */
  modelNamePatterns?: string[];
  /** Trust-policy principals (service, federated, AWS ARN, OIDC `sub`). Globs. */
  trustPrincipals: string[];
  /**
   * Resources an agent service acts for that are no agents (`arn:*:bedrock:*:*:knowledge-base/*`):
   * a trust that admits a service only for them (aws:SourceArn) admits no agent. Globs. Optional:
   * policies built before it still load.
   */
  nonAgentSourceArns?: string[];
  /**
   * Text naming a coding agent in a compute resource's configuration (`@anthropic-ai/claude-code`
   * in a buildspec, `CLAUDE_CODE_USE_BEDROCK` in its environment): the role it runs as is the
   * agent's. Literal, case-insensitive, as a word of its own. Optional: policies built before it still load.
   */
  hostMarkers?: string[];
  /** Tag key → accepted values ("*" = any value). */
  tags: Record<string, string[]>;
  /** Attribution text in commit messages or PR bodies: literal, case-insensitive (matched in linear time). */
  markers: string[];
  /**
   * Git trailer keys whose every use names an AI assistant (`Assisted-by`, the Linux kernel's
   * convention): a commit whose message starts a line with one, followed by a value, is
   * agent-authored. Optional: policies built before it still load.
   */
  attributionTrailers?: string[];
  /** Phrases after which agents name the human who asked them ("Requested by", "on behalf of"). */
  requesterPhrases: string[];
  /**
   * Phrases read only in an agent's own comments ("Claude finished @login's task"): in a PR body
   * written by anyone they would be ordinary prose. Optional: policies built before it still load.
   */
  agentCommentPhrases?: string[];
  /** How a human asks an agent for work besides assigning it or mentioning its login. */
  /** reviewCommands: comments that ask an agent only to review ("@codex review"): no request for a change. */
  triggers: { labels: string[]; commands: string[]; reviewCommands?: string[] };
  weak: { branchPrefixes: string[]; labels: string[] };
}

export interface ProductionScope {
  accounts: string[];
  nonProductionAccounts: string[];
  nameTokens: string[];
  nonProductionTokens: string[];
  tags: Record<string, string[]>;
}

export interface ReviewPolicy {
  requiredApprovals: number;
  approverTeams: string[];
  infraPaths: string[];
  /** Only a commit whose signature GitHub verified has a known author (commit metadata can be forged). */
  requireVerifiedCommits: boolean;
}

/** A tool named in dashboards, with the source of its names (policies/dashboards.yaml). */
export interface NamedTool {
  name: string;
  /** Name it anywhere, metric and table names included. */
  terms: string[];
  /** Ordinary words elsewhere: name it only in titles, descriptions, tags and markdown. */
  proseTerms: string[];
  /** Other products of the same name; where one is named, `sharedTerms` do not name this tool. */
  namesakes?: string[];
  sharedTerms?: string[];
  /** Phrases in which a term of the tool means something else ("move your cursor"): their words name nothing where they stand. */
  notNames?: string[];
  source: string;
}

export interface DashboardVocabulary {
  codingTools: NamedTool[];
  codingToolWords: string[];
  /** Label and tag keys whose values name a tool rather than a service. */
  toolLabels: string[];
  adoption: string[];
  infrastructure: string[];
  efficiency: string[];
  incidents: string[];
  /** Phrases holding an incident word that name something else ("xact rollback"); optional for vocabularies built by hand. */
  notIncidents?: string[];
  incidentTools: NamedTool[];
  toolErrors: string[];
  targets: string[];
}

export interface DashboardPolicy {
  enabled: boolean;
  targetIsError: boolean;
  vocabulary: DashboardVocabulary;
}

export interface SuppressionRule {
  rule: RuleId;
  /** Exact subject or a glob (`*`, `?`). */
  subject: string;
  reason: string;
  /** ISO date (YYYY-MM-DD or full timestamp); after it the suppression no longer applies. */
  expires?: string;
  approvedBy?: string;
}

export interface Policy {
  destructive: DestructiveActions;
  escalation: EscalationPaths;
  agents: AgentSignals;
  production: ProductionScope;
  /** Resource type → how CloudFormation protects it. */
  protection: Record<string, ResourceProtection>;
  review: ReviewPolicy;
  dashboards: DashboardPolicy;
  suppressions: SuppressionRule[];
  neverWaivable: RuleId[];
  /** Where the user's part came from ("defaults" when there was none): shown in suppressions' `by`. */
  configSource: string;
}
