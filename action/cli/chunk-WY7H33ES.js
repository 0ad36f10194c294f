import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  wildcardMatch
} from "./chunk-RS5OFJDG.js";

// src/core/suppress.ts
function expired(entry, now) {
  if (!entry.expires) return false;
  const until = new Date(/^\d{4}-\d{2}-\d{2}$/.test(entry.expires) ? `${entry.expires}T23:59:59.999Z` : entry.expires);
  return Number.isNaN(until.getTime()) || until.getTime() < now.getTime();
}
function describe(entry) {
  return `suppression of ${entry.rule} for "${entry.subject}"${entry.approvedBy ? ` approved by ${entry.approvedBy}` : ""}`;
}
function applySuppressions(findings, policy, now = /* @__PURE__ */ new Date()) {
  const out = [];
  const problems = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const waivable = !policy.neverWaivable.includes(finding.rule);
    const problem = (entry, why) => {
      if (!problems.has(entry)) {
        problems.set(entry, {
          rule: finding.rule,
          severity: "error",
          message: `The ${describe(entry)} ${why}; it suppresses nothing.`,
          subject: entry.subject,
          evidence: [{ file: policy.configSource, note: `suppressions entry for ${entry.rule}` }],
          suppressed: null
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

export {
  applySuppressions
};
