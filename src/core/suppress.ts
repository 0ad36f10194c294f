/**
 * Config suppressions (DESIGN.md "Configuration"): a matching entry marks a finding suppressed;
 * it stays in the output as an audit trail and never fails a run. An expired entry, or one for a
 * rule in `neverWaivable`, suppresses nothing and is itself reported as an error finding.
 */
import type { Finding } from "./finding.js";
import { wildcardMatch } from "./glob.js";
import type { Policy, SuppressionRule } from "./policy.js";

function expired(entry: SuppressionRule, now: Date): boolean {
  if (!entry.expires) return false;
  const until = new Date(/^\d{4}-\d{2}-\d{2}$/.test(entry.expires) ? `${entry.expires}T23:59:59.999Z` : entry.expires);
  // An unreadable date cannot prove the waiver is still valid: treat it as expired.
  return Number.isNaN(until.getTime()) || until.getTime() < now.getTime();
}

function describe(entry: SuppressionRule): string {
  return `suppression of ${entry.rule} for "${entry.subject}"${entry.approvedBy ? ` approved by ${entry.approvedBy}` : ""}`;
}

export function applySuppressions(findings: Finding[], policy: Policy, now: Date = new Date()): Finding[] {
  const out: Finding[] = [];
  const problems = new Map<SuppressionRule, Finding>();
  for (const finding of findings) {
    const waivable = !policy.neverWaivable.includes(finding.rule);
    const problem = (entry: SuppressionRule, why: string): void => {
      if (!problems.has(entry)) {
        problems.set(entry, {
          rule: finding.rule,
          severity: "error",
          message: `The ${describe(entry)} ${why}; it suppresses nothing.`,
          subject: entry.subject,
          evidence: [{ file: policy.configSource, note: `suppressions entry for ${entry.rule}` }],
          suppressed: null,
        });
      }
    };
    let suppressed = finding.suppressed;
    if (suppressed && !waivable) {
      out.push({ ...finding, suppressed: null, message: `${finding.message} (suppression ignored: ${finding.rule} is never waivable)` });
      continue;
    }
    for (const entry of policy.suppressions) {
      if (suppressed) break;
      if (entry.rule !== finding.rule || !wildcardMatch(entry.subject, finding.subject, false)) continue;
      if (!waivable) problem(entry, `is for a rule listed in neverWaivable`);
      else if (expired(entry, now)) problem(entry, `expired on ${entry.expires}`);
      else suppressed = { reason: entry.reason, by: `${policy.configSource}${entry.approvedBy ? ` (approved by ${entry.approvedBy})` : ""}` };
    }
    out.push(suppressed === finding.suppressed ? finding : { ...finding, suppressed });
  }
  return [...out, ...problems.values()];
}
