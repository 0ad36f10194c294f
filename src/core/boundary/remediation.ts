/**
 * `audit --remediation`: the AWS CLI commands that put the guardrail boundary on each flagged
 * agent principal. Printed, never run: `audit` stays read-only. Pure: findings in, text out.
 */
import type { Finding } from "../finding.js";
import { isRecord } from "../is-record.js";
import { MAX_MANAGED_POLICIES_PER_ROLE, PART_NAME_MARKERS, type GeneratedPolicy } from "./generate.js";

const IAM_RULES = new Set(["agent-destructive-prod", "agent-privilege-escalation"]);
const PRINCIPAL_ARN = /^arn:([^:]+):iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/;

/** POSIX shell quoting: names are plain, but a principal name is user data. */
const quote = (text: string): string => (/^[A-Za-z0-9_+=,.@:/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

export interface Remediation {
  /** Shell lines (comments start with #). */
  lines: string[];
  /** Flagged subjects that are not IAM role/user ARNs (a template's logical id): fix in the source. */
  skipped: string[];
}

/** What the commands would change on a principal: the boundary it has, and its attached managed policies. */
export interface PrincipalFacts {
  boundaryArn?: string;
  /** Attached managed policies other than the guardrail's parts. */
  managedPolicies: number;
}

const isGuardrailPolicy = (arn: string): boolean => PART_NAME_MARKERS.some((m) => arn.slice(arn.lastIndexOf("/") + 1).includes(m));

/** Principal ARN → facts, read from `get-account-authorization-details` output (roles and users). */
export function principalFacts(details: unknown): Map<string, PrincipalFacts> {
  const facts = new Map<string, PrincipalFacts>();
  if (!isRecord(details)) return facts;
  for (const list of ["RoleDetailList", "UserDetailList"]) {
    const entries = details[list];
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (!isRecord(entry) || typeof entry["Arn"] !== "string") continue;
      const boundary = entry["PermissionsBoundary"];
      const boundaryArn = isRecord(boundary) && typeof boundary["PermissionsBoundaryArn"] === "string" ? boundary["PermissionsBoundaryArn"] : undefined;
      // The guardrail's own parts, already attached, take no further slot.
      const attached = entry["AttachedManagedPolicies"];
      const others = (Array.isArray(attached) ? attached : []).filter((a) => !(isRecord(a) && typeof a["PolicyArn"] === "string" && isGuardrailPolicy(a["PolicyArn"])));
      facts.set(entry["Arn"], { ...(boundaryArn ? { boundaryArn } : {}), managedPolicies: others.length });
    }
  }
  return facts;
}

/**
 * Why the commands must not touch this principal: setting the guardrail boundary replaces one it
 * has (AWS allows one), and a boundary of its own may deny more than ours (replacing it would widen
 * its access); the parts need managed-policy slots it may not have.
 */
function leaveAlone(facts: PrincipalFacts | undefined, partsToAttach: number): string | undefined {
  if (!facts) return undefined;
  if (facts.boundaryArn && !isGuardrailPolicy(facts.boundaryArn)) {
    return `its permissions boundary ${facts.boundaryArn} would be replaced (AWS allows one), which may widen its access; add the guardrail Denies to that boundary or narrow the role's policies`;
  }
  if (facts.managedPolicies + partsToAttach > MAX_MANAGED_POLICIES_PER_ROLE) {
    return `it has ${facts.managedPolicies} managed policies attached and the guardrail adds ${partsToAttach}; AWS attaches at most ${MAX_MANAGED_POLICIES_PER_ROLE} to a role or user: merge some of its policies first`;
  }
  return undefined;
}

/** IAM Identity Center's roles: `/aws-reserved/sso.amazonaws.com/[region/]AWSReservedSSO_<permission set>_<16 hex>`. */
const IDENTITY_CENTER_ROLE = /:role\/aws-reserved\/sso\.amazonaws\.com\//;
const PERMISSION_SET = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/**
 * IAM refuses any change to an IAM Identity Center role (UnmodifiableEntity: only AWS may change
 * it); its permission set carries the boundary, as a customer managed policy reference that
 * IAM Identity Center provisions to each account the set is assigned to.
 */
function identityCenterAdvice(name: string, parts: readonly Pick<GeneratedPolicy, "name" | "use">[]): string {
  const set = PERMISSION_SET.exec(name)?.[1];
  const boundary = parts.find((p) => p.use === "boundary")?.name;
  const attached = parts.filter((p) => p.use !== "boundary").map((p) => p.name);
  return [
    `an IAM Identity Center role, which only AWS may change (IAM refuses: UnmodifiableEntity); set the boundary on its permission set${set ? ` ${set}` : ""} instead: `,
    `aws sso-admin put-permissions-boundary-to-permission-set --instance-arn <instance> --permission-set-arn <${set ?? "permission set"}> --permissions-boundary 'CustomerManagedPolicyReference={Name=${boundary ?? ""}}', `,
    attached.length ? `attach-customer-managed-policy-reference-to-permission-set for ${attached.join(", ")}, ` : "",
    "then provision-permission-set (the policies must exist in every account it is assigned to)",
  ].join("");
}

/**
 * `principals`: facts of the account's principals (principalFacts); without them (an organization
 * audit) the text says what to check before running the commands.
 */
export function remediationCommands(findings: readonly Finding[], parts: readonly Pick<GeneratedPolicy, "name" | "use">[], principals?: ReadonlyMap<string, PrincipalFacts>): Remediation {
  const byPrincipal = new Map<string, Set<string>>();
  const skipped: string[] = [];
  for (const f of findings) {
    if (!IAM_RULES.has(f.rule) || f.suppressed) continue;
    if (!PRINCIPAL_ARN.test(f.subject)) {
      if (!skipped.includes(f.subject)) skipped.push(f.subject);
      continue;
    }
    let rules = byPrincipal.get(f.subject);
    if (!rules) byPrincipal.set(f.subject, (rules = new Set()));
    rules.add(f.rule);
  }
  const lines: string[] = [];
  if (byPrincipal.size === 0) return { lines, skipped };
  const accounts = new Map<string, string>();
  for (const arn of byPrincipal.keys()) {
    const [, partition, account] = PRINCIPAL_ARN.exec(arn) as RegExpExecArray;
    accounts.set(account as string, partition as string);
  }
  lines.push(
    "# Remediation (printed only: audit changed nothing). Create the guardrail policies once per account,",
    "# then set the boundary on each flagged principal. The policies: agent-guardrail boundary --format json > boundary.json",
  );
  if (!principals) {
    lines.push(
      `# Each put-*-permissions-boundary replaces a boundary the principal already has (AWS allows one): check it first (aws iam get-role / get-user), and that the role has a managed-policy slot per attached part (${MAX_MANAGED_POLICIES_PER_ROLE} a role or user).`,
    );
  }
  for (const [account] of accounts) {
    lines.push(`# account ${account}`);
    parts.forEach((p, i) => {
      lines.push(`aws iam create-policy --policy-name ${quote(p.name)} --policy-document "$(jq -c '.policies[${i}].document' boundary.json)"`);
    });
  }
  for (const [arn, rules] of byPrincipal) {
    const [, partition, account, kind, name] = PRINCIPAL_ARN.exec(arn) as RegExpExecArray;
    const policyArn = (n: string) => `arn:${partition}:iam::${account}:policy/${n}`;
    const flag = kind === "role" ? "--role-name" : "--user-name";
    lines.push(`# ${arn} (${[...rules].sort().join(", ")})`);
    const why = IDENTITY_CENTER_ROLE.test(arn) ? identityCenterAdvice(name as string, parts) : leaveAlone(principals?.get(arn), parts.filter((p) => p.use !== "boundary").length);
    if (why) {
      lines.push(`# left alone: ${why}`);
      continue;
    }
    for (const p of parts) {
      if (p.use === "boundary") lines.push(`aws iam put-${kind}-permissions-boundary ${flag} ${quote(name as string)} --permissions-boundary ${policyArn(p.name)}`);
      else lines.push(`aws iam attach-${kind}-policy ${flag} ${quote(name as string)} --policy-arn ${policyArn(p.name)}`);
    }
  }
  return { lines, skipped };
}
