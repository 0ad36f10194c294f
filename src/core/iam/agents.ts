/**
 * Agent principals (DESIGN.md "Agent principals"): a role or user is an agent when its name
 * matches `agents.roleNamePatterns`, it carries an agent tag, or its trust policy admits an agent
 * principal (a configured service, federated or AWS principal, a role whose name is an agent's,
 * or a GitHub OIDC subject that an agent's branch can present).
 */
import { wildcardMatch } from "../glob.js";
import type { AgentSignals } from "../policy.js";
import type { Principal } from "./model.js";
import { actionMatches } from "./catalogue.js";
import { conditionCannotHold } from "./conditions.js";
import { globCovers, globsOverlap, globTokens, tokensOverlap, type GlobToken } from "./patterns.js";
import { trustStatements, type ConditionBlock } from "./policy-document.js";
import { servicePrincipalName } from "./service-principals.js";
import { isRecord } from "../is-record.js";

/**
 * GitHub Actions' OIDC issuers (GitHub docs, "OpenID Connect"): github.com's, an enterprise's
 * custom issuer (`token.actions.githubusercontent.com/<slug>`), a GHE.com tenant's
 * (`token.actions.<subdomain>.ghe.com`) and GitHub Enterprise Server's (`<host>/_services/token`).
 * IAM names the provider (`oidc-provider/<issuer>`) and its condition keys (`<issuer>:sub`) by it.
 */
const GITHUB_ISSUER = /^(?:token\.actions\.githubusercontent\.com(?:\/[^/:]+)?|token\.actions\.[^/:]+\.ghe\.com|[^/:]+\/_services\/token)\/?$/i;

/** Whether a Federated principal (a provider's ARN, or its issuer) is one of GitHub Actions'. */
function isGitHubProvider(id: string): boolean {
  return GITHUB_ISSUER.test(id.replace(/^arn:[^:]+:iam::[^:]*:oidc-provider\//i, "").replace(/^https:\/\//i, ""));
}

/** A condition key of a GitHub Actions issuer (`token.actions.githubusercontent.com:sub`), and its claim. */
function githubClaim(key: string): string | undefined {
  const colon = key.lastIndexOf(":");
  return colon > 0 && GITHUB_ISSUER.test(key.slice(0, colon)) ? key.slice(colon + 1).toLowerCase() : undefined;
}

/**
 * GitLab's OIDC issuers (GitLab docs, "OpenID Connect (OIDC) Authentication Using ID Tokens"):
 * gitlab.com, a GitLab Dedicated tenant, and a self-managed instance, which issues from its own URL
 * under any name; that one is GitLab's by the sub it checks, `project_path:<group>/<project>:…`,
 * a shape no other CI's token has. A self-managed instance whose host starts with `gitlab.` is
 * GitLab's even with no sub condition (then any project's pipeline on it may assume the role).
 */
const GITLAB_ISSUER = /^(?:gitlab\.[^/:]+|[^/:]+\.gitlab-dedicated\.com)$/i;
const GITLAB_SUBJECT = /^project_path:/i;

/** The issuer a Federated principal names (`oidc-provider/<issuer>`, or the issuer itself). */
const issuerOf = (id: string): string => id.replace(/^arn:[^:]+:iam::[^:]*:oidc-provider\//i, "").replace(/^https:\/\//i, "").replace(/\/$/, "");

/**
 * The GitLab issuers a Federated principal admits tokens of: a provider named by ARN or issuer that
 * is GitLab's by name or by the sub its condition checks; a provider the input does not name
 * (`!Ref` of the template's provider, read as `*`) is any provider the condition's sub keys name.
 */
function gitlabProviders(ids: readonly string[], condition: Record<string, unknown> | undefined): string[] {
  const checked = gitlabIssuers(condition);
  const named = ids.filter((id) => !id.includes("*") && !isGitHubProvider(id)).map((id) => issuerOf(id).toLowerCase());
  if (ids.length === 0 || ids.some((id) => id.includes("*"))) return [...checked, ...named.filter((i) => GITLAB_ISSUER.test(i) && !checked.has(i))];
  return named.filter((issuer) => GITLAB_ISSUER.test(issuer) || checked.has(issuer));
}

/**
 * The issuer of a condition's `<issuer>:<claim>` key that is a configured agent principal, as an
 * issuer (`app.warp.dev`) or as its provider's ARN (`arn:*:iam::*:oidc-provider/app.warp.dev`).
 */
function configuredIssuerOf(condition: Record<string, unknown> | undefined, agents: AgentSignals): string | undefined {
  for (const block of Object.values(condition ?? {})) {
    if (!isRecord(block)) continue;
    for (const key of Object.keys(block)) {
      const colon = key.lastIndexOf(":");
      const issuer = colon > 0 ? key.slice(0, colon) : "";
      // Global keys (aws:…, sts:…) name no issuer: an issuer is a host.
      if (!issuer.includes(".")) continue;
      const arn = `arn:aws:iam::000000000000:oidc-provider/${issuer}`;
      if (agents.trustPrincipals.some((p) => wildcardMatch(p, issuer) || wildcardMatch(p, arn))) return issuer;
    }
  }
  return undefined;
}

/** The issuers of a condition's `<issuer>:sub` keys that check a GitLab subject, or are GitLab's by name. */
function gitlabIssuers(condition: Record<string, unknown> | undefined): Set<string> {
  const issuers = new Set<string>();
  for (const block of Object.values(condition ?? {})) {
    if (!isRecord(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      const colon = key.lastIndexOf(":");
      if (colon <= 0 || key.slice(colon + 1).toLowerCase() !== "sub") continue;
      const issuer = key.slice(0, colon).toLowerCase();
      if (GITLAB_ISSUER.test(issuer) || strings(value).some((v) => GITLAB_SUBJECT.test(v))) issuers.add(issuer);
    }
  }
  return issuers;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");

/**
 * The role or user an IAM ARN names (`arn:aws:iam::1:role/path/name` → name), a role session's
 * role included (`arn:aws:sts::1:assumed-role/name/session` → name, not the session, which
 * whoever assumes the role picks).
 */
export function arnName(arn: string): string | undefined {
  const m = /^arn:[^:]+:(?:iam|sts)::[^:]*:(?:(?:role|user)\/(?:.*\/)?([^/]+)|assumed-role\/([^/]+)\/[^/]*)$/.exec(arn);
  return m?.[1] ?? m?.[2];
}

/** Printable ASCII: where lower-casing and the regular expressions' case folding agree. */
const ASCII = /^[ -~]*$/;
const containsPatterns = new WeakMap<readonly string[], (string | undefined)[]>();

/**
 * The first pattern matching a name, like `patterns.find((p) => wildcardMatch(p, name))`. Most
 * agent patterns are `*word*`: on ASCII text that is a case-insensitive substring test, which
 * spares a regular expression per pattern and principal (thousands in a large CDK app).
 * `nonAgentPhrases`: where a `*word*` occurs only inside one of these (agents.nonAgentPhrases), it
 * does not match; a name that is not ASCII is matched without them (it stays an agent's).
 */
export function firstMatch(patterns: readonly string[], name: string, nonAgentPhrases: readonly string[] = []): string | undefined {
  let contains = containsPatterns.get(patterns);
  if (!contains) {
    contains = patterns.map((p) => {
      const inner = p.length > 2 && p.startsWith("*") && p.endsWith("*") ? p.slice(1, -1) : undefined;
      return inner !== undefined && ASCII.test(inner) && !/[*?]/.test(inner) ? inner.toLowerCase() : undefined;
    });
    containsPatterns.set(patterns, contains);
  }
  const lower = ASCII.test(name) ? name.toLowerCase() : undefined;
  let spans: readonly Span[] | undefined;
  const nonAgentSpans = (): readonly Span[] => (spans ??= lower !== undefined && nonAgentPhrases.length > 0 ? phraseSpans(name, lower, nonAgentPhrases) : NO_SPANS);
  return patterns.find((p, i) => {
    const word = contains[i];
    return word !== undefined && lower !== undefined ? containsWord(name, lower, word, nonAgentSpans) : wildcardMatch(p, name);
  });
}

/**
 * The roles CDK makes by itself in any stack, for CloudFormation to run on deploy: aws-logs'
 * LogRetention, a CustomResourceProvider's (autoDeleteObjects and the like), AwsCustomResource's,
 * BucketDeployment's, bucket notifications'. Named by construct path (`<stack>/LogRetention<hex>/…`)
 * or as deployed (`<stack>-LogRetention<hex>-<suffix>`), their names begin with the stack's.
 * So do the providers an aws-cdk-lib module makes once per stack under the id
 * `@aws-cdk/<module>.<Name>` (written `@aws-cdk--<module>.<Name>` in a path: dynamodb's
 * ReplicaProvider for `replicationRegions`, eks's ClusterResourceProvider and KubectlProvider,
 * glue's PartitionIndexProvider), and the roles eks.Cluster makes for its custom resources (the
 * cluster's `Resource/CreationRole` and `KubectlHandlerRole`, aws-eks-v2's `KubectlProvider`) and
 * the function DnsValidatedCertificate requests its certificate with (`CertificateRequestorFunction`): in
 * aws-cdk-lib 2.276 every other role a construct makes for a custom resource is one of the above.
 * A singleton function's id is its purpose and uuid, which BucketDeployment suffixes with its
 * memoryLimit, ephemeral storage, VPC and security groups (`…8756C1024MiB`) and lambda's
 * S3ObjectCopy (WebFunction code) with its destination and role: one handler per combination.
 */
const CDK_OWN_ROLE =
  /(?:^|[/-])(?=(?:Custom::[A-Za-z0-9]+CustomResourceProvider|Custom::CDKBucketDeployment[0-9A-Fa-f]{32}[0-9A-Za-z]*|Custom::S3ObjectCopy[0-9a-f]{32}[0-9A-Za-z]*|LogRetention[0-9a-f]{8,}|AWS679f53fac002430cb0da5b7982bd2287|BucketNotificationsHandler[0-9a-f]{32}|@aws-cdk--[a-z0-9-]+\.[A-Za-z0-9]+|Resource\/CreationRole|KubectlHandlerRole|KubectlProvider|CertificateRequestorFunction)(?:$|[/-]))/;

/**
 * The name pattern that makes a role or user an agent's, if one does (agents.roleNamePatterns less
 * agents.nonAgentPhrases). A role CDK makes by itself is judged by what CDK names it: the stack's
 * name before it (`SupportAgentProd/LogRetention…`) says what the app is, not whose the role is.
 */
export function agentNamePattern(agents: AgentSignals, name: string): string | undefined {
  return agentWordPattern(agents, name) ?? modelWordPattern(agents, name);
}

/** What CDK names a role it makes by itself, else the name. */
function ownName(name: string): string {
  const own = CDK_OWN_ROLE.exec(name);
  return own ? name.slice(own.index + own[0].length) : name;
}
/** The agents.roleNamePatterns pattern a name matches: it names an agent whoever assumes the role. */
const agentWordPattern = (agents: AgentSignals, name: string): string | undefined => firstMatch(agents.roleNamePatterns, ownName(name), agents.nonAgentPhrases);
/** Every name pattern, an agent's word's and a model's: what a name alone may match when no trust tells them apart. */
export const everyNamePattern = (agents: AgentSignals): string[] => [...agents.roleNamePatterns, ...(agents.modelNamePatterns ?? [])];
/** The agents.modelNamePatterns pattern a name matches: it names a model the principal calls. */
const modelWordPattern = (agents: AgentSignals, name: string): string | undefined =>
  agents.modelNamePatterns?.length ? firstMatch(agents.modelNamePatterns, ownName(name), agents.nonAgentPhrases) : undefined;

type Span = readonly [start: number, end: number];
const NO_SPANS: readonly Span[] = [];
const phraseExpressions = new WeakMap<readonly string[], RegExp>();

/**
 * Where the phrases occur in a name, each as [start, end): a phrase's words with `-`, `_`, `.` or
 * nothing between them, standing as words of the name (`CloudWatchAgentServerRole`,
 * `cloudwatch-agent`, a plural `StopBuildkiteAgentsRole`), not as pieces of others (`agent` of
 * `JenkinsAgenticRole`, which may be an AI's): a name all in one case shows no word ends inside
 * it, so there a phrase counts only where the name ends or a separator follows. The schema allows
 * only letters and digits in a phrase's words: nothing to escape.
 */
function phraseSpans(name: string, lower: string, phrases: readonly string[]): Span[] {
  let expression = phraseExpressions.get(phrases);
  if (!expression) {
    // Longest first: of two phrases matching at one place, the alternative taken covers the most.
    const longestFirst = [...phrases].sort((a, b) => b.length - a.length);
    expression = new RegExp(longestFirst.map((p) => p.toLowerCase().split(" ").join("[-_. ]?")).join("|"), "g");
    phraseExpressions.set(phrases, expression);
  }
  const spans: Span[] = [];
  // Every start, not just non-overlapping matches: `jenkins agent` must not hide `ssm agent` after it.
  for (let from = 0; from < lower.length; ) {
    expression.lastIndex = from;
    const match = expression.exec(lower);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    const plural = lower[end] === "s" ? end + 1 : end;
    if (wordStartsAt(name, start) && (wordStartsAt(name, end) || (plural > end && wordStartsAt(name, plural)))) spans.push([start, end]);
    from = start + 1;
  }
  return spans;
}

const isUpper = (c: string | undefined): boolean => c !== undefined && c >= "A" && c <= "Z";
const isLower = (c: string | undefined): boolean => c !== undefined && c >= "a" && c <= "z";
const isLetter = (c: string | undefined): boolean => isUpper(c) || isLower(c);

/** Whether a camelCase word starts at `i` of `name` (`Agent` in `UserAgent`, `Role` in `AIRole`). */
function wordStartsAt(name: string, i: number): boolean {
  const prev = name[i - 1];
  const c = name[i];
  if (!isLetter(prev) || !isLetter(c)) return true;
  return (isLower(prev) && isUpper(c)) || (isUpper(prev) && isUpper(c) && isLower(name[i + 1]));
}

/**
 * `word` (lower case) in `name`, where the name's own case does not show the occurrence to be
 * pieces of two other words: a construct path names a role by its ids (`PollMessagesFunction`,
 * `SmallModelTrainer`, `DevInstance`), and `*llm*` or `*devin*` read across their camelCase
 * boundary (`llM`, `DevIn`) named no agent. An occurrence that crosses a boundary (a lower-case
 * letter then an upper-case one inside it) counts only when it starts and ends on word
 * boundaries (`GenAIRole`, `OpenHandsRole`); without case (`pollmessages`) every occurrence counts.
 */
function containsWord(name: string, lower: string, word: string, nonAgentSpans: () => readonly Span[]): boolean {
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (nonAgentSpans().some(([start, stop]) => start <= at && end <= stop)) continue;
    let crosses = false;
    for (let j = at + 1; j < end && !crosses; j++) crosses = isLower(name[j - 1]) && isUpper(name[j]);
    if (!crosses || (wordStartsAt(name, at) && wordStartsAt(name, end))) return true;
  }
  return false;
}

const SERVICE_LINKED_ROLE = /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//;
const SERVICE_LINKED_POLICY = /^arn:[^:]+:iam::aws:policy\/aws-service-role\//;

/**
 * An AWS service-linked role as an account reports it: at `/aws-service-role/`, with only AWS's
 * service-linked policies (which attach to no other IAM entity) and a trust that admits only
 * services. AWS defines both and only the service assumes it, so no agent acts with it, whatever
 * its name (`AWSServiceRoleForBedrockAgentCoreNetwork`). Anything of the user's in it (an inline
 * or customer policy, a trust naming another principal) and it is judged as any role.
 */
function isServiceLinkedRole(principal: Principal): boolean {
  if (principal.kind !== "role" || !SERVICE_LINKED_ROLE.test(principal.arn ?? "") || principal.boundary !== undefined) return false;
  const awsOwned = [...principal.policies.map((p) => p.evidence.arn), ...(principal.unresolvedPolicies ?? []).map((p) => p.arn)];
  if (!awsOwned.every((arn) => arn !== undefined && SERVICE_LINKED_POLICY.test(arn))) return false;
  const statements = trustStatements(principal.trustPolicy);
  return statements !== undefined && statements.every(
    (st) => isRecord(st) && (st["Effect"] === "Deny" || (isRecord(st["Principal"]) && Object.keys(st["Principal"]).every((type) => type === "Service"))),
  );
}

/**
 * Tag values that say a principal is no agent (`agent: "false"`): a configured pattern (`agent:
 * ["*"]`, "tagged at all") does not take them for an agent's. Only a value written out in the
 * configuration matches them. No bypass: such a tag merely stops being a signal, as removing it
 * would; the name and trust still decide.
 */
const SAYS_NO = new Set(["false", "no", "0", "off", "none", "n", ""]);

export function agentReason(principal: Principal, agents: AgentSignals, now = Date.now()): string | undefined {
  if (isServiceLinkedRole(principal)) return undefined;
  // A model's name (`bedrock-lambda-*`) on the role of an application's function, task or instance
  // says what its code calls, not that an agent chooses the calls: only what assumes it can say so.
  const modelNames = !onlyApplicationServicesAssume(principal, now);
  const namePattern = agentWordPattern(agents, principal.name) ?? (modelNames ? modelWordPattern(agents, principal.name) : undefined);
  if (namePattern) return `name ${principal.name} matches "${namePattern}"`;
  const patterns = modelNames ? everyNamePattern(agents) : agents.roleNamePatterns;
  for (const { name, from } of principal.possibleNames ?? []) {
    // A pattern counts when every name it stands for matches (`*-claude-runner` and "*claude*").
    // Its own text must match outside nonAgentPhrases too (`*-CloudWatchAgentRole` is no agent's
    // by that word). `*` is read as a character no phrase holds: what it stands for might complete
    // a phrase (`*-agent`), and that may as well not, so such a name stays an agent's.
    const matching = name.includes("*")
      ? patterns.find((p) => globCovers(p.toLowerCase(), name.toLowerCase()) && firstMatch([p], name.replaceAll("*", "~"), agents.nonAgentPhrases) !== undefined)
      : agentWordPattern(agents, name) ?? (modelNames ? modelWordPattern(agents, name) : undefined);
    if (matching) return `name may be ${name} (${from}), which matches "${matching}"`;
  }

  for (const [key, value] of Object.entries(principal.tags)) {
    for (const [wantedKey, values] of Object.entries(agents.tags)) {
      if (key.toLowerCase() !== wantedKey.toLowerCase()) continue;
      // `*` is a value the input could not resolve (a template parameter): AWS allows no `*` in tag values.
      if (value === "*") return `tag ${key} has a value the input does not resolve (it may be an agent's)`;
      if (values.some((v) => wildcardMatch(v, value) && (!/[*?]/.test(v) || !SAYS_NO.has(value.trim().toLowerCase())))) return `tag ${key}=${value}`;
    }
  }

  const trust = principal.trustPolicy;
  if (!trust) return undefined;
  const statements = trustStatements(trust);
  // Unreadable trust policy: we cannot rule out that it admits an agent (fail closed).
  if (!statements) return "trust policy is unreadable (cannot rule out an agent)";
  for (const statement of statements) {
    if (!isRecord(statement) || statement["Effect"] === "Deny" || admitsNobody(statement, now) || onlyForNonAgentSources(statement, agents)) continue;
    const reason = trustStatementAdmitsAgent(statement, agents, trust.unresolvedPrincipals);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * Services whose roles run what the template does not show and coding agents are run on: a build
 * project (a CI runner: GitHub Actions jobs on CodeBuild, claude-code-action among them) and an
 * instance (a developer's box, a self-hosted runner).
 */
const AGENT_HOST_SERVICES = new Set(["codebuild.amazonaws.com", "ec2.amazonaws.com"]);

/**
 * A role of an application's compute: every Allow of its trust that admits anyone names `Service`
 * principals alone, none of them AGENT_HOST_SERVICES (a Lambda function's, an ECS task's, a state
 * machine's role). A user, a role whose trust the input does not hold or cannot read, and a trust
 * naming any other principal (an account, a federation, `*`) are not.
 */
function onlyApplicationServicesAssume(principal: Principal, now: number): boolean {
  if (principal.kind !== "role" || !principal.trustPolicy) return false;
  const statements = trustStatements(principal.trustPolicy);
  // A service the input does not resolve (`*`, a parameter's) may be one of them.
  const appService = (principal: unknown): boolean =>
    isRecord(principal) &&
    Object.entries(principal).every(([type, ids]) => {
      const list: unknown[] = Array.isArray(ids) ? ids : [ids];
      return type === "Service" && list.length > 0 && list.every((id) => typeof id === "string" && !id.includes("*") && !AGENT_HOST_SERVICES.has(servicePrincipalName(id)));
    });
  return statements !== undefined && statements.every((st) => isRecord(st) && (st["Effect"] === "Deny" || admitsNobody(st, now) || appService(st["Principal"])));
}

const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"];

/**
 * An Allow that lets nobody assume the role, as trust.ts reads it: its condition can no longer
 * hold (a past DateLessThan on the clock, conditions.ts), or it grants no assume action and names
 * no service. Anything unreadable admits (fail closed).
 */
function admitsNobody(statement: Record<string, unknown>, now: number): boolean {
  if (isRecord(statement["Condition"]) && conditionCannotHold(statement["Condition"] as ConditionBlock, now)) return true;
  const principal = statement["Principal"];
  if (isRecord(principal) && principal["Service"] !== undefined) return false;
  if (statement["NotAction"] !== undefined) {
    const not = strings(statement["NotAction"]);
    return ASSUME_ACTIONS.every((a) => not.some((p) => actionMatches(p, a)));
  }
  const actions = strings(statement["Action"]);
  return actions.length > 0 && !ASSUME_ACTIONS.some((a) => actions.some((p) => actionMatches(p, a)));
}

const SOURCE_ARN_OPERATOR = /^(?:Arn|String)(?:Like|Equals)$/i;

/**
 * An Allow whose aws:SourceArn condition names only resources that are no agents
 * (agents.nonAgentSourceArns, a Bedrock knowledge base): a service acts with the role only for
 * them, and no principal calling directly carries the key. Positive operators only: a negated or
 * IfExists one, or a set operator, admits what it leaves out or a request without the key.
 */
function onlyForNonAgentSources(statement: Record<string, unknown>, agents: AgentSignals): boolean {
  const nonAgent = agents.nonAgentSourceArns ?? [];
  const condition = statement["Condition"];
  if (nonAgent.length === 0 || !isRecord(condition)) return false;
  return Object.entries(condition).some(
    ([operator, block]) =>
      SOURCE_ARN_OPERATOR.test(operator) &&
      isRecord(block) &&
      Object.entries(block).some(([key, value]) => {
        if (key.toLowerCase() !== "aws:sourcearn") return false;
        const list: unknown[] = Array.isArray(value) ? value : [value];
        return list.length > 0 && list.every((arn) => typeof arn === "string" && nonAgent.some((p) => globCovers(p.toLowerCase(), arn.toLowerCase())));
      }),
  );
}

function trustStatementAdmitsAgent(statement: Record<string, unknown>, agents: AgentSignals, unresolved: readonly string[] = []): string | undefined {
  const principal = statement["Principal"];
  const condition = isRecord(statement["Condition"]) ? statement["Condition"] : undefined;
  if (principal === "*") {
    return condition ? anyPrincipalUnder(condition, agents, "any principal") : "trust policy admits any principal (\"*\") without a condition";
  }
  if (!isRecord(principal)) return undefined;
  for (const [type, value] of Object.entries(principal)) {
    // A template names its provider by reference (`!Ref GitHubOidcProvider`, an `!If`, a
    // parameter) as often as by ARN. IAM compares `token.actions.githubusercontent.com:*` keys
    // with tokens of that provider only, so a condition keyed on them makes the trust GitHub's.
    if (type === "Federated" && !strings(value).some(isGitHubProvider) && keyedOnGitHub(condition)) {
      const reason = githubSubjectAdmitsAgent(condition, agents);
      if (reason) return reason;
    }
    if (type === "Federated" && (strings(value).length === 0 || strings(value).some((id) => id.includes("*")))) {
      // A provider the input does not name (`!Ref` of the template's provider): IAM compares
      // `<issuer>:…` keys with that issuer's tokens only, so the keys say whose it is.
      const issuer = configuredIssuerOf(condition, agents);
      if (issuer) return `trust policy admits tokens of ${issuer} (its condition keys ${issuer}:…), a configured agent issuer`;
    }
    if (type === "Federated") {
      for (const issuer of gitlabProviders(strings(value), condition)) {
        const reason = gitlabSubjectAdmitsAgent(condition, issuer, agents);
        if (reason) return reason;
      }
      const reason = serviceAccountAdmitsAgent(condition, agents);
      if (reason) return reason;
    }
    for (const id of strings(value)) {
      if (type === "AWS" && id === "*") {
        // A "*" that stands for what the input could not resolve is named as written.
        const what = unresolved.length ? `${unresolved.join(", ")}, which the template does not resolve: read as any AWS principal` : "any AWS principal";
        const reason = condition ? anyPrincipalUnder(condition, agents, what) : `trust policy admits ${what} ("*") without a condition`;
        if (reason) return reason;
        continue;
      }
      if (type === "Service" && servicePrincipalName(id) === POD_IDENTITY) {
        const reason = podIdentityAdmitsAgent(condition, agents);
        if (reason) return reason;
      }
      // A service in its regional or partition spelling (bedrock.amazonaws.com.cn) is that service.
      const configured = agents.trustPrincipals.find((p) => wildcardMatch(p, id) || (type === "Service" && wildcardMatch(p, servicePrincipalName(id))));
      if (configured) return `trust policy admits ${type} ${id}`;
      if (type === "AWS") {
        const name = arnName(id);
        const pattern = name && agentNamePattern(agents, name);
        if (pattern) return `trust policy admits ${id}, an agent by name ("${pattern}")`;
      }
      if (type === "Federated" && isGitHubProvider(id)) {
        const reason = githubSubjectAdmitsAgent(condition, agents);
        if (reason) return reason;
      }
    }
  }
  return undefined;
}

/**
 * `"*"` under a condition: only a condition naming the principals (aws:PrincipalArn with a
 * positive operator) can rule out an agent; an organization, IP or tag condition cannot
 * (fail closed: the role is treated as an agent's).
 */
function anyPrincipalUnder(condition: Record<string, unknown>, agents: AgentSignals, what: string): string | undefined {
  const named: string[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    if (!isRecord(block) || /Not|IfExists/i.test(operator)) continue;
    for (const [key, value] of Object.entries(block)) if (key.toLowerCase() === "aws:principalarn") named.push(...strings(value));
  }
  if (named.length === 0) return `trust policy admits ${what} ("*") under a condition that does not name the principals: cannot rule out an agent`;
  for (const arn of named) {
    const name = arnName(arn);
    const pattern = name === undefined ? "*" : everyNamePattern(agents).find((p) => globsOverlap(p, name));
    if (pattern) return `trust policy admits ${what} ("*") with aws:PrincipalArn ${arn}, which an agent can match ("${pattern}")`;
  }
  return undefined;
}

function keyedOnGitHub(condition: Record<string, unknown> | undefined): boolean {
  return Object.values(condition ?? {}).some((block) => isRecord(block) && Object.keys(block).some((key) => githubClaim(key) !== undefined));
}

const FIELD_RUN: GlobToken = Object.freeze({ cls: "NOCOLON", star: true });

/**
 * Some subject GitHub can issue matches both the agent's pattern and the trust policy's. GitHub
 * joins the sub's fields with `:` and no field holds one (owner and repository names cannot, nor
 * can a git ref), so a `*` of the agent's pattern (`repo:*:ref:refs/heads/claude/*`) stays inside
 * its field; the trust policy's `*` matches anything, as IAM's StringLike does. Else the AWS
 * template that leaves the organization a parameter (read as `*`, then `/app:ref:refs/heads/main`)
 * would "admit" the branch `claude/x/app:ref:refs/heads/main`, which cannot exist.
 */
function subjectsOverlap(agentSubject: string, trusted: string): boolean {
  const agentTokens = globTokens(agentSubject).map((t) => (t.star && t.cls === "ANY" ? FIELD_RUN : t));
  return tokensOverlap(agentTokens, globTokens(trusted));
}

/**
 * The subjects a trust's sub condition (the keys `isSub` picks) admits: those its positive
 * operators list, or `*` where only a negated one lists who may NOT assume (StringNotLike & co.:
 * everyone else, agents included, may). None: no sub condition.
 */
function conditionSubjects(condition: Record<string, unknown> | undefined, isSub: (key: string) => boolean): string[] {
  const subjects: string[] = [];
  let negated = false;
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!isRecord(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (!isSub(key)) continue;
      if (/Not/i.test(operator)) negated = true;
      else subjects.push(...strings(value));
    }
  }
  if (negated && subjects.length === 0) subjects.push("*");
  return subjects;
}

/** GitHub OIDC: the `sub` condition decides which workflows may assume the role. */
function githubSubjectAdmitsAgent(condition: Record<string, unknown> | undefined, agents: AgentSignals): string | undefined {
  const subjects = conditionSubjects(condition, (key) => githubClaim(key) === "sub");
  const agentSubjects = agents.trustPrincipals.filter((p) => p.startsWith("repo:"));
  if (subjects.length === 0) {
    // No subject restriction: any repository and branch, an agent's included.
    // Any repository's workflow, on any branch: an agent's too, whether or not agent subjects are configured.
    return `trust policy admits GitHub OIDC without a sub condition (any workflow${agentSubjects[0] ? `, ${agentSubjects[0]} included` : ", an agent's included"})`;
  }
  for (const subject of subjects) {
    if (isCustomizedSubject(subject)) {
      const admitted = customizedSubjectAdmitsAgent(subject, agentSubjects);
      if (admitted) return `trust policy admits GitHub OIDC subject ${subject} (${admitted})`;
    } else {
      const agentSubject = agentSubjects.find((p) => subjectsOverlap(p, subject));
      if (agentSubject) return `trust policy admits GitHub OIDC subject ${subject} (matches agent workflows "${agentSubject}")`;
    }
    const named = agentNamedClaim(subject, agents);
    if (named) return `trust policy admits GitHub OIDC subject ${subject} (${named})`;
  }
  return undefined;
}

/**
 * Claims of a GitHub sub whose value says which job presents it: its branch (`ref:refs/heads/…`),
 * its environment, and its workflow (its name, `workflow`, or its file,
 * `job_workflow_ref` / `workflow_ref`: `<owner>/<repo>/.github/workflows/<file>@<ref>`). Named for
 * an agent (agents.roleNamePatterns and modelNamePatterns, as a name of a role a CI job assumes), the
 * value says the agent's job presents the sub: Claude's review job declaring `environment:
 * claude-untrusted` (pytorch/pytorch), a `claude.yml` workflow, Claude Code's own `claude/…` branches.
 * A workflow file is read by its file name alone, and the repository not at all: a repository named
 * for an agent holds that product's code, and so does every workflow in it. Tags (`refs/tags/…`)
 * are cut by releases, not by an agent's job.
 */
function agentNamedClaim(subject: string, agents: AgentSignals): string | undefined {
  const fields = subject.split(":");
  for (let i = 0; i + 1 < fields.length; i++) {
    const claim = (fields[i] as string).toLowerCase();
    const value = fields[i + 1] as string;
    let name: string | undefined;
    if (claim === "ref") name = /^refs\/heads\/(.+)$/i.exec(value)?.[1];
    else if (claim === "environment" || claim === "workflow") name = value;
    else if (claim === "job_workflow_ref" || claim === "workflow_ref") name = value.replace(/@.*$/, "").split("/").pop();
    const pattern = name ? agentNamePattern(agents, name) : undefined;
    if (pattern) return `${claim}:${value} names an agent's job, "${pattern}"`;
  }
  return undefined;
}

/**
 * GitLab OIDC: the `<issuer>:sub` condition decides which pipelines may assume the role, as GitHub's
 * does (no field of GitLab's sub holds a `:` either: neither a project path nor a git ref can).
 */
function gitlabSubjectAdmitsAgent(condition: Record<string, unknown> | undefined, issuer: string, agents: AgentSignals): string | undefined {
  const subjects = conditionSubjects(condition, (key) => key.toLowerCase() === `${issuer}:sub`);
  if (subjects.length === 0) return `trust policy admits GitLab OIDC without a sub condition (any project's pipeline on ${issuer}, an agent's included)`;
  const agentSubjects = agents.trustPrincipals.filter((p) => GITLAB_SUBJECT.test(p));
  for (const subject of subjects) {
    const agentSubject = agentSubjects.find((p) => gitlabSubjectForms(p).some((form) => subjectsOverlap(form, subject)));
    if (agentSubject) return `trust policy admits GitLab OIDC subject ${subject} (matches agent pipelines "${agentSubject}")`;
    if (GITLAB_SUBJECT.test(subject) && !/:ref(?:_type)?:/i.test(subject)) return `trust policy admits GitLab OIDC subject ${subject}, which names no branch (any pipeline of the project, an agent's included)`;
    // A branch named for an agent, as on GitHub (agentNamedClaim); GitLab's ref is the bare name, a tag's too.
    const branch = /:ref_type:tag(?::|$)/i.test(subject) ? undefined : /:ref:([^:]+)/i.exec(subject)?.[1];
    const pattern = branch ? agentNamePattern(agents, branch) : undefined;
    if (pattern) return `trust policy admits GitLab OIDC subject ${subject} (ref:${branch ?? ""} names an agent's job, "${pattern}")`;
  }
  return undefined;
}

/**
 * Why a Kubernetes namespace or service account names an agent (agents.roleNamePatterns less
 * nonAgentPhrases), if it does: kagent's and OpenHands' namespaces, `claude-code-runner`; not
 * `cloudwatch-agent`, nor a model's name (an application's pods calling Bedrock, as an ECS task
 * named so); the namespace is read first. One reading for an IRSA sub and EKS Pod Identity
 * associations (its session tags are read one by one: podIdentityAdmitsAgent).
 */
export function kubernetesAgentName(agents: AgentSignals, namespace: string, serviceAccount: string): string | undefined {
  for (const [what, name] of [["namespace", namespace], ["service account", serviceAccount]] as const) {
    const pattern = agentWordPattern(agents, name);
    if (pattern !== undefined) return `${what} ${name} names an agent, "${pattern}"`;
  }
  return undefined;
}

/** A Kubernetes service account's token subject (`system:serviceaccount:<namespace>:<name>`): no other issuer's sub has it. */
const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:([^:]*):([^:]*)$/i;

/**
 * Kubernetes service accounts (EKS IAM roles for service accounts, and any cluster whose issuer IAM
 * trusts): a pod's token presents `system:serviceaccount:<namespace>:<name>` as its sub, under a key
 * `<issuer>:sub` whatever the issuer is called (an EKS cluster's `oidc.eks.<region>.amazonaws.com/id/<id>`,
 * a provider the input names by reference). Agent frameworks on Kubernetes run each agent as a
 * service account of their namespace (kagent: `system:serviceaccount:kagent:*-agent`; OpenHands'
 * sandboxes: `system:serviceaccount:openhands:sandbox-<id>`), so a namespace or service account
 * named for an agent (agents.roleNamePatterns less nonAgentPhrases: `cloudwatch-agent` is the
 * CloudWatch agent's) is the agent's pod. A model's name is not: an application's pods calling a
 * model (`bedrock-proxy`), as an ECS task named so. A negated condition names who may not, not who may.
 */
function serviceAccountAdmitsAgent(condition: Record<string, unknown> | undefined, agents: AgentSignals): string | undefined {
  const positive = Object.fromEntries(Object.entries(condition ?? {}).filter(([operator]) => !/Not/i.test(operator)));
  for (const subject of conditionSubjects(positive, (key) => /:sub$/i.test(key))) {
    const m = SERVICE_ACCOUNT_SUBJECT.exec(subject);
    if (!m) continue;
    const named = kubernetesAgentName(agents, m[1] as string, m[2] as string);
    if (named) return `trust policy admits Kubernetes service account ${subject} (${named})`;
  }
  return undefined;
}

/** EKS Pod Identity's service principal: it assumes the role for the pods of the service accounts associated with it. */
const POD_IDENTITY = "pods.eks.amazonaws.com";
/** The session tags EKS Pod Identity sets that say whose pod asks (EKS User Guide, "Enable or disable session tags"). */
const POD_IDENTITY_TAGS = ["kubernetes-namespace", "kubernetes-service-account"];

/**
 * EKS Pod Identity: a trust that restricts the role to pods of a namespace or service account by the
 * session tags Pod Identity sets (`aws:RequestTag/kubernetes-namespace`, `…/kubernetes-service-account`;
 * EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity") names them as an
 * IRSA sub does (serviceAccountAdmitsAgent); read the same way. Without such a condition, which
 * service account is associated is EKS's to say, not IAM's.
 */
function podIdentityAdmitsAgent(condition: Record<string, unknown> | undefined, agents: AgentSignals): string | undefined {
  for (const [operator, block] of Object.entries(condition ?? {})) {
    if (!isRecord(block) || /Not/i.test(operator)) continue;
    for (const [key, value] of Object.entries(block)) {
      const tag = /^aws:requesttag\/(.+)$/i.exec(key)?.[1]?.toLowerCase();
      if (tag === undefined || !POD_IDENTITY_TAGS.includes(tag)) continue;
      for (const name of strings(value)) {
        const pattern = agentWordPattern(agents, name);
        if (pattern) return `trust policy admits EKS Pod Identity for ${tag} ${name}, which names an agent ("${pattern}")`;
      }
    }
  }
  return undefined;
}

/**
 * The subs an agent's pipeline may present, in each order a project may choose for its sub's
 * claims (`ci_id_token_sub_claim_components`: project_path then ref_type and ref, ref and
 * ref_type, ref alone or ref_type alone; GitLab API, projects).
 */
function gitlabSubjectForms(agentSubject: string): string[] {
  const m = /^project_path:([^:]*):ref_type:([^:]*):ref:([^:]*)$/i.exec(agentSubject);
  if (!m) return [agentSubject];
  const [, path, refType, ref] = m;
  return [`ref_type:${refType}:ref:${ref}`, `ref:${ref}:ref_type:${refType}`, `ref:${ref}`, `ref_type:${refType}`].map((claims) => `project_path:${path}:${claims}`);
}

/**
 * Claims a customized sub may hold besides `repo` and the context (GitHub docs, "OpenID Connect
 * reference": include_claim_keys). Each stands as `<claim>:<value>`, values hold no `:`.
 */
const CUSTOM_CLAIMS = new Set([
  "actor", "actor_id", "base_ref", "check_run_id", "enterprise", "enterprise_id", "event_name", "head_ref", "job_workflow_ref", "job_workflow_sha",
  "ref_protected", "ref_type", "repository", "repository_id", "repository_owner", "repository_owner_id", "repository_visibility", "run_attempt",
  "run_id", "run_number", "runner_environment", "workflow", "workflow_ref", "workflow_sha",
]);

/** A sub written for a customized template (include_claim_keys): it names a claim the default sub never holds. */
function isCustomizedSubject(subject: string): boolean {
  return subject.split(":").some((field) => CUSTOM_CLAIMS.has(field.toLowerCase()));
}

/**
 * A customized sub joins its claims in the template's order, so an agent's branch or environment
 * may stand anywhere in it. It admits no agent only when it pins the job's context to one no
 * agent's job has: `ref:<a literal branch>` or `environment:<a literal name>` (each claim occurs
 * once). Without a context it admits every job of the repository, an agent's too.
 */
function customizedSubjectAdmitsAgent(subject: string, agentSubjects: readonly string[]): string | undefined {
  const fields = subject.split(":");
  // The context parts of the agent subjects: `ref:refs/heads/claude/*`, `environment:copilot`, `pull_request`.
  const agentContexts = agentSubjects.map((p) => p.replace(/^repo:[^:]*:/, ""));
  for (let i = 0; i < fields.length; i++) {
    const field = (fields[i] as string).toLowerCase();
    const context = field === "ref" || field === "environment" ? `${field}:${fields[i + 1] ?? ""}` : field === "pull_request" ? field : undefined;
    if (context === undefined) continue;
    const agentContext = agentContexts.find((p) => globsOverlap(p, context));
    if (agentContext !== undefined) return `its context ${context} matches agent workflows "${agentContext}"`;
    if (field !== "pull_request" && !/[*?]/.test(fields[i + 1] ?? "*")) return undefined;
  }
  return "a customized sub that pins no branch or environment: any job of the repository, an agent's included";
}

/**
 * Why compute whose configuration names a coding agent (agents.hostMarkers) makes the role it runs
 * as an agent's: one wording for every reader (templates, the CDK app, Terraform), so the same
 * role reads the same wherever it is written.
 */
export const hostAgentReason = (what: string, marker: string): string => `runs ${what}, whose configuration names ${marker}: the coding agent it runs acts as this role`;

/**
 * Compute a Terraform reader found that may run a coding agent: what it is, the input's roles it
 * runs as, its configuration as written, and whether a webhook makes it a GitHub Actions runner.
 */
export interface AgentHost {
  what: string;
  roles: Principal[];
  config: unknown[];
  runner?: true;
  /** An EKS Pod Identity association: the service account whose pods get the roles (patterns: unknown parts `*`). */
  serviceAccount?: { namespace: string; name: string };
  /** Runs an agent by what it is, whatever its configuration (an agent runtime, a function an agent names as its tool): why its roles are the agent's. */
  agent?: string;
  /** A Lambda permission lets `principal` invoke the function `what` (`permission`): an agent's tool when that is an agent service (agentInvoker). */
  invokedBy?: { principal: string; action: string; permission: string };
}

/**
 * Makes the roles of agent hosts an agent's: an agent runtime's and an agent's tool's always (as
 * agent-tools.ts reads a template), a function's that a Lambda permission lets an agent service
 * invoke, a runner's always (startsGitHubActionsJobs), an EKS Pod Identity association's when its
 * service account names an agent, other compute's when its configuration names one of
 * agents.hostMarkers. A role already an agent's keeps its own reason. The Terraform readers share
 * it, as templates share agent-tools.ts's.
 */
export function markAgentHosts(hosts: readonly AgentHost[], agents: AgentSignals): void {
  const markerIn = markerFinder(agents.hostMarkers ?? []);
  for (const host of hosts) {
    const reason = hostReason(host, agents, markerIn);
    if (reason === undefined) continue;
    for (const role of host.roles) if (role.assumeAgent === undefined && agentReason(role, agents) === undefined) role.assumeAgent = reason;
  }
}

/** Why a host's roles are an agent's, if they are (markAgentHosts). */
function hostReason(host: AgentHost, agents: AgentSignals, markerIn: (config: unknown) => string | undefined): string | undefined {
  if (host.agent !== undefined) return host.agent;
  const invoked = host.invokedBy;
  if (invoked) return agentInvoker(agents.trustPrincipals, invoked.principal, invoked.action) === undefined ? undefined : toolFunctionReason(host.what, invokedToolReason(invoked.principal, invoked.permission));
  if (host.runner) return runnerAgentReason(host.what);
  const account = host.serviceAccount;
  if (account) {
    const named = kubernetesAgentName(agents, account.namespace, account.name);
    return named && podIdentityAgentReason(host.what, `${account.namespace}/${account.name}`, named);
  }
  const marker = markerIn(host.config);
  return marker === undefined ? undefined : hostAgentReason(host.what, marker);
}

/**
 * Why the role a resource runs an agent as (a Bedrock agent's, an AgentCore runtime's, gateway's,
 * code interpreter's or browser's) is the agent's: one wording for templates and Terraform.
 */
export const agentRunsAsReason = (what: string): string => `runs as ${what}: what the role may do, the agent may do`;

/** Why a function's execution role is an agent's, the function being its tool (`tool`: how): one wording for templates and Terraform. */
export const toolFunctionReason = (fn: string, tool: string): string => `executes function ${fn}, which ${tool}`;

/** How a function whose resource policy lets an agent service invoke it is that agent's tool (`where`: the permission). */
export const invokedToolReason = (principal: string, where: string): string => `runs as a tool that ${principal} may invoke (${where}): an agent chooses its calls`;

/**
 * The configured agent principal (agents.trustPrincipals) that a Lambda permission for `principal`
 * and `action` lets invoke the function, if one does: an agent service calling its tool
 * (`bedrock.amazonaws.com` for a Bedrock agent's action group, in any of its spellings). GitHub's
 * and GitLab's subjects name no service.
 */
export function agentInvoker(agentPrincipals: readonly string[], principal: string, action: string): string | undefined {
  const lower = action.toLowerCase();
  if (lower !== "lambda:invokefunction" && lower !== "lambda:*" && lower !== "*") return undefined;
  const service = servicePrincipalName(principal);
  return agentPrincipals.find((p) => !p.startsWith("repo:") && !p.startsWith("project_path:") && (wildcardMatch(p, principal) || wildcardMatch(p, service)));
}

/**
 * The function a Lambda function's name or ARN names: `name`, `name:alias`, or
 * `arn:aws:lambda:region:account:function:name[:qualifier]`.
 */
export const lambdaFunctionName = (text: string): string | undefined => /(?:^|:function:)([A-Za-z0-9_-]+)(?::[^:]*)?$/.exec(text)?.[1];

/** A filter of a CodeBuild webhook's filter group, as a template or Terraform writes it. */
export interface WebhookFilter {
  type: string;
  pattern: string;
  exclude: boolean;
}

/**
 * Whether a CodeBuild project's webhook makes it a GitHub Actions runner: a filter group (all its
 * filters must match) with an EVENT filter naming WORKFLOW_JOB_QUEUED (CodeBuild User Guide,
 * "Tutorial: Configure a CodeBuild-hosted GitHub Actions runner"). Any job whose `runs-on` names
 * the project then runs as its role, whatever workflow file it is in: one an agent writes on its
 * own branch too, as a trust of every branch's OIDC token admits it. Its other filters do not
 * change that: REPOSITORY_NAME picks repositories, WORKFLOW_NAME a name the workflow file itself
 * sets, ACTOR_ACCOUNT_ID the account that set the job off (a person's, for an agent's commits
 * pushed under it), and what HEAD_REF holds for a workflow job the guide does not say.
 */
export function startsGitHubActionsJobs(groups: readonly (readonly WebhookFilter[])[]): boolean {
  return groups.some((group) => group.some((f) => f.type.toUpperCase() === "EVENT" && !f.exclude && f.pattern.split(",").some((e) => e.trim().toUpperCase() === "WORKFLOW_JOB_QUEUED")));
}

/** Why a role an EKS Pod Identity association hands to an agent's service account is the agent's: one wording for templates and Terraform. */
export const podIdentityAgentReason = (what: string, serviceAccount: string, named: string): string =>
  `${what} hands it to the pods of Kubernetes service account ${serviceAccount} (${named}): the agent those pods run acts as this role`;

/** Why a CodeBuild-hosted GitHub Actions runner's role is an agent's (startsGitHubActionsJobs). */
export const runnerAgentReason = (what: string): string =>
  `runs GitHub Actions jobs as ${what} (a CodeBuild-hosted runner: webhook event WORKFLOW_JOB_QUEUED): a workflow an agent writes on its own branch runs as this role too`;

/** The first of `markers` that a configuration's text holds as a word of its own. */
export function markerFinder(markers: readonly string[]): (config: unknown) => string | undefined {
  const lowered = markers.map((m) => m.toLowerCase());
  return (config) => {
    const text = stringsOf(config).join("\n").toLowerCase();
    const index = lowered.findIndex((m) => containsMarker(text, m));
    return index < 0 ? undefined : markers[index];
  };
}

/**
 * Every string a value holds, keys too (an environment variable's name), as written: JSON text
 * would escape a line break to `\n`, and a marker starting a line would then follow the letter n.
 */
function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, into);
  else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) {
      into.push(key);
      stringsOf(v, into);
    }
  }
  return into;
}

/** `marker` in `text` with no letter or digit against either end (`aider-chat`, not `raider-chat`). */
function containsMarker(text: string, marker: string): boolean {
  const alnum = /[a-z0-9]/;
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
    const before = text[i - 1] ?? "";
    const after = text[i + marker.length] ?? "";
    if ((!alnum.test(marker[0] ?? "") || !alnum.test(before)) && (!alnum.test(marker[marker.length - 1] ?? "") || !alnum.test(after))) return true;
  }
  return false;
}

