/**
 * Schemas of the shipped policy data (policies/*.yaml) and of the user's configuration file
 * (DESIGN.md "Configuration"). Both are strict: an unknown key is an error, never ignored.
 */
import { z } from "zod";
import { RULE_IDS } from "../core/finding.js";

const globs = z.array(z.string().min(1));
const regexSource = z.string().min(1).refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);
/** Words of a nonAgentPhrases entry: letters and digits, one space between words (matched case-insensitively). */
const nameWords = z.array(
  z
    .string()
    .regex(/^[A-Za-z0-9]+( [A-Za-z0-9]+)*$/, { message: 'write a phrase as words of letters and digits with one space between them, e.g. "cloudwatch agent"' })
    .transform((phrase) => phrase.toLowerCase()),
);
const tagMap = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
/**
 * A team as GitHub names it in URLs and API answers: its slug (`platform-leads`), or `org/slug`;
 * `@org/slug` as CODEOWNERS writes it is read without the `@`. A team's display name
 * (`Platform Leads`) never matches a membership: an error here, not approvals that never count.
 */
const teamSlug = z
  .string()
  .min(1)
  .transform((team) => team.replace(/^@/, ""))
  .superRefine((team, ctx) => {
    if (!/^(?:[^\s/@]+\/)?[^\s/@]+$/.test(team)) {
      ctx.addIssue({ code: "custom", message: `${JSON.stringify(team)} is not a team slug: write it as in the team's URL (github.com/orgs/<org>/teams/<slug>), e.g. "platform-leads" or "my-org/platform-leads"` });
    }
  });

/**
 * AWS account IDs: twelve digits. Anything else would match no account, and an account list that
 * matches none makes every account non-production (no finding at all): `"*"`, an alias, an ID
 * with a digit missing, or one written as a YAML number that began with 0 (`012345678901` reads as
 * 12345678901), are errors here instead.
 */
const accountIds = z.array(
  z.union([z.string(), z.number()]).superRefine((value, ctx) => {
    if (typeof value === "number" && /^\d{1,11}$/.test(String(value))) {
      ctx.addIssue({ code: "custom", message: `${value} is not a 12-digit AWS account ID: YAML reads an unquoted number that begins with 0 without it; quote the ID, e.g. "${String(value).padStart(12, "0")}"` });
    } else if (value === "*") {
      ctx.addIssue({ code: "custom", message: `"*" is not an AWS account ID: list each account by its 12-digit ID (every account counts as production when production.accounts is left out, the default)` });
    } else if (!/^\d{12}$/.test(String(value))) {
      ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is not an AWS account ID (12 digits, e.g. "123456789012"): list each production account by its ID` });
    }
  }).transform(String),
);

// ---------------------------------------------------------------- shipped defaults

export const destructiveActionsFile = z
  .object({
    t1Delete: z
      .object({
        /** Matched against the action name (without service prefix), case-sensitive as AWS spells it. */
        namePatterns: z.array(regexSource).min(1),
        /** Catalogue actions that match a pattern but destroy nothing (e.g. kms:CancelKeyDeletion). */
        exclude: globs.default([]),
        include: globs.default([]),
        /**
         * Actions (also in `include`) that log in to a database as the user the grant names: T1 only
         * when that user can be an administrator (databaseLogins.ts).
         */
        databaseLogins: z
          .object({
            /** User names (any case) that are a database's administrator: engines' and consoles' defaults. */
            adminUsers: z.array(z.string().min(1)).default([]),
            actions: z
              .array(
                z
                  .object({
                    action: z.string().regex(/^[\w-]+:[\w-]+$/, "expected one service:Action"),
                    /** Condition keys whose value is the database user (redshift:DbUser). */
                    userConditionKeys: z.array(z.string().min(1)).default([]),
                    /** The ARN's resource part before the user, `*` one segment (default `dbuser:*\/`). */
                    userPrefix: z.string().min(1).optional(),
                  })
                  .strict(),
              )
              .default([]),
            /** SQL through an API with a Secrets Manager secret (rds-data:ExecuteStatement): as the secret's user. */
            sqlApis: globs.default([]),
            /** Secrets (ARN globs) that hold an administrator's login: RDS's and Redshift's managed master secrets. */
            adminSecrets: globs.default([]),
          })
          .strict()
          .default({ adminUsers: [], actions: [], sqlApis: [], adminSecrets: [] }),
        /**
         * Actions (also in `include`) that hand out a session whose mode a condition key sets
         * (s3express:CreateSession, s3express:SessionMode): T1 unless the Allow pins a read-only mode.
         */
        readOnlySessions: z
          .array(
            z
              .object({
                action: z.string().regex(/^[\w-]+:[\w-]+$/, "expected one service:Action"),
                conditionKey: z.string().min(1),
                readOnly: z.array(z.string().min(1)).min(1),
              })
              .strict(),
          )
          .default([]),
        /**
         * Actions (also in `include`) whose request path is part of the resource ARN (es:ESHttpPost):
         * a resource that ends in `/` and one of `paths` reaches only read APIs.
         */
        readOnlyPaths: z
          .array(
            z
              .object({
                action: z.string().regex(/^[\w-]+:[\w-]+$/, "expected one service:Action"),
                paths: z.array(z.string().regex(/^[^*?]+$/, "expected a path without wildcards")).min(1),
              })
              .strict(),
          )
          .default([]),
        /**
         * Delete actions on objects a tool writes and deletes as a lock (Terraform's `<key>.tflock`):
         * a resource that ends in one of `suffixes` deletes a lock, no data.
         */
        lockObjects: z
          .array(
            z
              .object({
                action: z.string().regex(/^[\w-]+:[\w-]+$/, "expected one service:Action"),
                suffixes: z.array(z.string().regex(/^\.[^*?/]+$/, "expected a file name suffix such as .tflock, without wildcards")).min(1),
              })
              .strict(),
          )
          .default([]),
      })
      .strict(),
    t2ProtectionOff: z.object({ actions: globs.min(1) }).strict(),
    t3Replace: z.object({ actions: globs.min(1) }).strict(),
    t4Escalation: z
      .object({
        /** Actions that by themselves let a principal grant itself more access. */
        actions: globs.min(1),
        /** iam:PassRole escalates only together with one of these create/run actions. */
        passRoleWith: globs.min(1),
        /** Assuming another role escalates unless that role is known to be compliant. */
        assumeRole: globs.min(1),
        /** Running code as another, possibly more privileged, identity. */
        codeExecution: globs.default([]),
      })
      .strict(),
    /**
     * Actions AWS managed policies grant that the catalogue does not list (retired services, new
     * actions): the guardrail boundary denies these globs as written.
     */
    uncatalogued: globs.default([]),
    /** Resource types whose loss destroys data (prod-resource-unprotected). */
    statefulResourceTypes: z.array(z.string().min(1)).min(1),
    /** Resource types made anew for each revision of something else (changeset-destroys-prod: a note). */
    revisionResourceTypes: z.array(z.string().min(1)).default([]),
  })
  .strict();

const resourceTypeName = z.string().regex(/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/, "expected a CloudFormation resource type (AWS::Service::Type)");

/** policies/resource-protection.yaml: how CloudFormation protects each stateful type. */
export const resourceProtectionFile = z
  .object({
    resourceTypes: z.record(
      resourceTypeName,
      z
        .object({
          snapshot: z.boolean(),
          defaultDeletionPolicy: z.enum(["Delete", "Snapshot", "Retain"]).optional(),
          deletionProtection: z
            .object({ property: z.string().min(1), enabled: z.array(z.union([z.boolean(), z.string()])).min(1), default: z.boolean() })
            .strict()
            .optional(),
          partOf: z.object({ property: z.string().min(1), judgedBy: resourceTypeName }).strict().optional(),
          emptiedBy: z
            .object({
              type: z.string().regex(/^Custom::[A-Za-z0-9_@.-]+$/, "expected a custom resource type (Custom::Name)"),
              property: z.string().min(1),
              items: z.string().min(1),
              cdkProperty: z.string().min(1),
              tag: z.string().min(1),
              source: z.string().url(),
            })
            .strict()
            .optional(),
          source: z.string().url(),
        })
        .strict(),
    ),
  })
  .strict();

const escalationPath = z
  .object({
    /** Stable id, used in findings and in docs/escalation-paths.md. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "ids are lower-case words joined by -" }),
    title: z.string().min(1),
    /** Every one must be reachable (exact `service:Action` names, no wildcards). */
    actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, { message: "a path names exact actions (service:Action)" })).min(1),
    via: z.enum(["own-policy", "credentials", "assume", "passed-role", "service-role"]),
    /** The service principal whose role the code runs as (passed-role and service-role paths). */
    service: z.string().min(1).optional(),
    /**
     * Other iam:PassedToService values AWS may set for the path's requests, when the service the
     * role is passed to is not the one it trusts (App Runner: apprunner.amazonaws.com).
     */
    passedToService: z.array(z.string().min(1)).min(1).optional(),
    /**
     * The path counts only where its actions reach one of these resources (ARN globs): a
     * location a workload reads what it runs from, by the name AWS or a tool gives it.
     */
    resources: z.array(z.string().regex(/^arn:/, { message: "a path's resources are ARN globs" })).min(1).optional(),
    sources: z.array(z.string().min(1)).min(1),
  })
  .strict()
  .refine((p) => (p.via === "passed-role" || p.via === "service-role") === (p.service !== undefined), {
    message: "passed-role and service-role paths name their service; other paths do not",
  })
  .refine((p) => p.passedToService === undefined || p.via === "passed-role", { message: "only a passed-role path names passedToService" })
  .refine((p) => (p.via === "passed-role") === p.actions.includes("iam:PassRole"), { message: "a passed-role path includes iam:PassRole, and only it" });

export const escalationPathsFile = z
  .object({
    paths: z.array(escalationPath).min(1),
    /** Grants that count for no path: the resources a customer cannot turn into escalation. */
    notEscalation: z
      .array(
        z
          .object({
            actions: z.array(z.string().min(1)).min(1),
            resources: globs.min(1),
            /** Only grants whose statement pins this condition key to values these globs all cover. */
            condition: z.object({ key: z.string().min(1), values: globs.min(1) }).strict().optional(),
            reason: z.string().min(10),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .refine((f) => new Set(f.paths.map((p) => p.id)).size === f.paths.length, { message: "path ids must be unique" });

export const agentsFile = z
  .object({
    logins: globs.default([]),
    emails: globs.default([]),
    names: globs.default([]),
    roleNamePatterns: globs.default([]),
    /** Phrases in which a roleNamePatterns word names a program, not an AI agent ("cloudwatch agent"). */
    nonAgentPhrases: nameWords.default([]),
    /** Names that say a principal calls a model ("*bedrock*"): no agent's on a role only AWS services assume. */
    modelNamePatterns: globs.default([]),
    trustPrincipals: globs.default([]),
    /** Resources (aws:SourceArn) an agent service acts for that are no agents: Bedrock knowledge bases, jobs. */
    nonAgentSourceArns: globs.default([]),
    /** Text that names a coding agent in a compute resource's commands, image, user data or environment (literal, case-insensitive). */
    hostMarkers: z.array(z.string().min(1)).default([]),
    tags: tagMap.default({}),
    /** Attribution markers in commit messages or PR bodies: literal text, case-insensitive (no regexes over untrusted text). */
    markers: z.array(z.string().min(1)).default([]),
    /** Git trailer keys whose every use names an AI assistant ("Assisted-by"), read in commit messages. */
    attributionTrailers: z.array(z.string().regex(/^[A-Za-z0-9-]+$/, "a trailer key: letters, digits and -, without the colon")).default([]),
    /** Phrases after which agents record the human who asked them: "Requested by: @login", "… on behalf of @login". */
    requesterPhrases: z.array(z.string().min(1)).default([]),
    /** Phrases read only in an agent's own comments: "Claude finished @login's task" (claude-code-action). */
    agentCommentPhrases: z.array(z.string().min(1)).default([]),
    /** Labels and comment commands that make an agent start work (the labeller / commenter is a requester). */
    triggers: z
      .object({ labels: globs.default([]), commands: z.array(z.string().min(1)).default([]), reviewCommands: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ labels: [], commands: [], reviewCommands: [] }),
    /** Weak signals: only together with a strong one do they make a PR agent-authored. */
    weak: z.object({ branchPrefixes: globs.default([]), labels: globs.default([]) }).strict().default({ branchPrefixes: [], labels: [] }),
  })
  .strict();

export const productionFile = z
  .object({
    accounts: z.array(z.string()).default([]),
    nonProductionAccounts: z.array(z.string()).default([]),
    nameTokens: z.array(z.string().min(1)).min(1),
    nonProductionTokens: z.array(z.string().min(1)).min(1),
    /** Tag key → values that mark production (stack tags `Environment`, `Stage`, ...). */
    tags: tagMap.default({}),
  })
  .strict();

export const infraPathsFile = z.object({ infraPaths: globs.min(1) }).strict();

const vocabularyTerms = z.array(z.string().min(1));

/** A named tool with the terms that name it and where they come from (policies/dashboards.yaml). */
const namedTool = z
  .object({
    name: z.string().min(1),
    /** Count anywhere, metric and table names included. */
    terms: vocabularyTerms.min(1),
    /** Ordinary words elsewhere ("cursor"): count only in titles, descriptions, tags and markdown. */
    proseTerms: vocabularyTerms.default([]),
    /**
     * Other products that share the tool's name (Microsoft 365 Copilot, AWS Copilot): where one of
     * them is named, the `sharedTerms` ("copilot") no longer name this tool.
     */
    namesakes: vocabularyTerms.default([]),
    sharedTerms: vocabularyTerms.default([]),
    /** Phrases in which a term of the tool means something else ("move your cursor"): their words name nothing where they stand. */
    notNames: vocabularyTerms.default([]),
    source: z.string().url(),
  })
  .strict()
  .refine((t) => t.sharedTerms.every((s) => t.terms.includes(s) || t.proseTerms.includes(s)), { message: "sharedTerms must be terms or proseTerms of the tool" })
  .refine((t) => (t.namesakes.length === 0) === (t.sharedTerms.length === 0), { message: "namesakes and sharedTerms go together" });

export const dashboardsFile = z
  .object({
    codingTools: z.array(namedTool).min(1),
    codingToolWords: vocabularyTerms.default([]),
    /** Label and tag keys whose values name a tool rather than a service (`tool="copilot"`). */
    toolLabels: z.array(z.string().regex(/^[A-Za-z_@][\w.@-]*$/, "a label or tag key")).default([]),
    adoption: vocabularyTerms.min(1),
    /** Resource measures (CPU, memory, disk): a panel about them is never an adoption panel. */
    infrastructure: vocabularyTerms.default([]),
    /** Efficiency and reliability measures: a threshold on them is not a usage target. */
    efficiency: vocabularyTerms.default([]),
    incidents: vocabularyTerms.min(1),
    /** Phrases that hold an incident word and name something else (a database's transaction rollbacks). */
    notIncidents: vocabularyTerms.default([]),
    incidentTools: z.array(namedTool).default([]),
    /** Terms that make an incident-looking panel about the AI tool's own API errors instead. */
    toolErrors: vocabularyTerms.default([]),
    targets: vocabularyTerms.min(1),
  })
  .strict();

// ---------------------------------------------------------------- the user's config file

const replaceDefaults = { replaceDefaults: z.boolean().optional() };

export const suppressionEntry = z
  .object({
    rule: z.enum(RULE_IDS),
    subject: z.string().min(1),
    reason: z.string().trim().min(10, { message: "a suppression needs a reason of at least 10 characters" }),
    expires: z.union([z.string(), z.date()]).optional(),
    approvedBy: z.string().optional(),
  })
  .strict();

export const userConfig = z
  .object({
    _extends: z.string().optional(),
    agents: z
      .object({
        logins: globs.optional(),
        emails: globs.optional(),
        roleNamePatterns: globs.optional(),
        nonAgentPhrases: nameWords.optional(),
        modelNamePatterns: globs.optional(),
        trustPrincipals: globs.optional(),
        nonAgentSourceArns: globs.optional(),
        hostMarkers: z.array(z.string().min(1)).optional(),
        tags: tagMap.optional(),
        ...replaceDefaults,
      })
      .strict()
      .optional(),
    production: z
      .object({
        accounts: accountIds.optional(),
        nonProductionAccounts: accountIds.optional(),
        nameTokens: z.array(z.string().min(1)).optional(),
        tags: tagMap.optional(),
        ...replaceDefaults,
      })
      .strict()
      .optional(),
    review: z
      .object({
        requiredApprovals: z.number().int().min(1).max(10).optional(),
        approverTeams: z.array(teamSlug).optional(),
        infraPaths: globs.optional(),
        requireVerifiedCommits: z.boolean().optional(),
        ...replaceDefaults,
      })
      .strict()
      .optional(),
    dashboards: z.object({ enabled: z.boolean().optional(), targetIsError: z.boolean().optional() }).strict().optional(),
    suppressions: z.array(suppressionEntry).optional(),
    neverWaivable: z.array(z.enum(RULE_IDS)).optional(),
  })
  .strict();

export type UserConfig = z.infer<typeof userConfig>;
export type SuppressionEntry = z.infer<typeof suppressionEntry>;
