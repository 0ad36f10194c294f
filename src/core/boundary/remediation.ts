/**
 * `audit --remediation`: the AWS CLI commands that put the guardrail boundary on each flagged
 * agent principal. Printed, never run: `audit` stays read-only. Pure: findings in, text out.
 */
import type { Finding } from "../finding.js";
import type { GeneratedPolicy } from "./generate.js";

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

export function remediationCommands(findings: readonly Finding[], parts: readonly Pick<GeneratedPolicy, "name" | "use">[]): Remediation {
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
    for (const p of parts) {
      if (p.use === "boundary") lines.push(`aws iam put-${kind}-permissions-boundary ${flag} ${quote(name as string)} --permissions-boundary ${policyArn(p.name)}`);
      else lines.push(`aws iam attach-${kind}-policy ${flag} ${quote(name as string)} --policy-arn ${policyArn(p.name)}`);
    }
  }
  return { lines, skipped };
}
