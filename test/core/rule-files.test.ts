/**
 * DESIGN.md "Layout": one rule per file, named after its rule id, exporting the id, a default
 * severity and a pure evaluate. Every rule id of the Finding contract has its file.
 */
import { RULE_IDS, type Severity } from "../../src/core/finding.js";
import { evaluateChangeSet } from "../../src/core/cfn/changeset-destroys-prod.js";

const RULE_FILES: Record<(typeof RULE_IDS)[number], string> = {
  "agent-destructive-prod": "../../src/core/iam/agent-destructive-prod.js",
  "agent-privilege-escalation": "../../src/core/iam/agent-privilege-escalation.js",
  "prod-resource-unprotected": "../../src/core/cfn/prod-resource-unprotected.js",
  "changeset-destroys-prod": "../../src/core/cfn/changeset-destroys-prod.js",
  "two-person-review": "../../src/core/review/two-person-review.js",
  "adoption-dashboard-no-incidents": "../../src/core/dashboards/adoption-dashboard-no-incidents.js",
};

// DESIGN.md: adoption dashboards are `warning` unless they set a usage target; the other rules fail.
const DEFAULT_SEVERITY: Record<(typeof RULE_IDS)[number], Severity> = {
  "agent-destructive-prod": "error",
  "agent-privilege-escalation": "error",
  "prod-resource-unprotected": "error",
  "changeset-destroys-prod": "error",
  "two-person-review": "error",
  "adoption-dashboard-no-incidents": "warning",
};

interface RuleExport {
  id: string;
  defaultSeverity: Severity;
  evaluate: unknown;
}

test.each([...RULE_IDS])("%s: its file exports the rule under its id", async (id) => {
  const file = RULE_FILES[id];
  expect(file.endsWith(`/${id}.js`)).toBe(true);
  const { rule } = (await import(file)) as { rule: RuleExport };
  expect(rule.id).toBe(id);
  expect(rule.defaultSeverity).toBe(DEFAULT_SEVERITY[id]);
  expect(typeof rule.evaluate).toBe("function");
});

test("the change-set rule evaluates with the function the deploy gate and diff call", async () => {
  const { rule } = (await import(RULE_FILES["changeset-destroys-prod"])) as { rule: RuleExport };
  expect(rule.evaluate).toBe(evaluateChangeSet);
});
