import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import "./chunk-EO4PYL33.js";

// src/core/boundary/remediation.ts
var IAM_RULES = /* @__PURE__ */ new Set(["agent-destructive-prod", "agent-privilege-escalation"]);
var PRINCIPAL_ARN = /^arn:([^:]+):iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/;
var quote = (text) => /^[A-Za-z0-9_+=,.@:/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
function remediationCommands(findings, parts) {
  const byPrincipal = /* @__PURE__ */ new Map();
  const skipped = [];
  for (const f of findings) {
    if (!IAM_RULES.has(f.rule) || f.suppressed) continue;
    if (!PRINCIPAL_ARN.test(f.subject)) {
      if (!skipped.includes(f.subject)) skipped.push(f.subject);
      continue;
    }
    let rules = byPrincipal.get(f.subject);
    if (!rules) byPrincipal.set(f.subject, rules = /* @__PURE__ */ new Set());
    rules.add(f.rule);
  }
  const lines = [];
  if (byPrincipal.size === 0) return { lines, skipped };
  const accounts = /* @__PURE__ */ new Map();
  for (const arn of byPrincipal.keys()) {
    const [, partition, account] = PRINCIPAL_ARN.exec(arn);
    accounts.set(account, partition);
  }
  lines.push(
    "# Remediation (printed only: audit changed nothing). Create the guardrail policies once per account,",
    "# then set the boundary on each flagged principal. The policies: agent-guardrail boundary --format json > boundary.json"
  );
  for (const [account] of accounts) {
    lines.push(`# account ${account}`);
    parts.forEach((p, i) => {
      lines.push(`aws iam create-policy --policy-name ${quote(p.name)} --policy-document "$(jq -c '.policies[${i}].document' boundary.json)"`);
    });
  }
  for (const [arn, rules] of byPrincipal) {
    const [, partition, account, kind, name] = PRINCIPAL_ARN.exec(arn);
    const policyArn = (n) => `arn:${partition}:iam::${account}:policy/${n}`;
    const flag = kind === "role" ? "--role-name" : "--user-name";
    lines.push(`# ${arn} (${[...rules].sort().join(", ")})`);
    for (const p of parts) {
      if (p.use === "boundary") lines.push(`aws iam put-${kind}-permissions-boundary ${flag} ${quote(name)} --permissions-boundary ${policyArn(p.name)}`);
      else lines.push(`aws iam attach-${kind}-policy ${flag} ${quote(name)} --policy-arn ${policyArn(p.name)}`);
    }
  }
  return { lines, skipped };
}
export {
  remediationCommands
};
