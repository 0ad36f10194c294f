/**
 * `--allow-conditional` waives exactly `Replacement: Conditional`: a certain replacement, a
 * removal and a conditional replacement it was not asked to waive still fail (a mutant that widened
 * the waiver survived the suite before this file).
 */
import { evaluateChangeSet } from "../../../src/core/cfn/changeset-destroys-prod.js";
import type { ChangeSetFacts, ResourceChange } from "../../../src/core/cfn/changeset.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const facts = (changes: ResourceChange[]): ChangeSetFacts => ({
  stackName: "orders-prod",
  changeSetName: "cs",
  id: "arn:aws:cloudformation:us-east-1:111111111111:changeSet/cs/1",
  tags: {},
  protections: { terminationProtection: true, stackPolicy: false },
  deletionPolicies: {},
  updateReplacePolicies: {},
  changes,
});
const table = (c: Partial<ResourceChange>): ResourceChange => ({
  logicalId: "OrdersTable",
  resourceType: "AWS::DynamoDB::Table",
  action: "Modify",
  details: [{ attribute: "Properties", name: "KeySchema", requiresRecreation: "Always" }],
  evidence: { arn: "arn:cs", pointer: "/Changes/0/ResourceChange" },
  ...c,
});

describe("--allow-conditional", () => {
  test("never waives Replacement: True", () => {
    const [finding] = evaluateChangeSet(facts([table({ replacement: "True" })]), policy, { allowConditional: true });
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("replaced because KeySchema (RequiresRecreation: Always) changes");
    expect(finding?.message).not.toContain("allowed by --allow-conditional");
  });

  test("never waives a removal", () => {
    const [finding] = evaluateChangeSet(facts([table({ action: "Remove", details: [] })]), policy, { allowConditional: true });
    expect(finding?.severity).toBe("error");
  });

  test("waives Replacement: Conditional only when asked, and still reports it", () => {
    const conditional = facts([table({ replacement: "Conditional", details: [{ attribute: "Properties", name: "SSESpecification", requiresRecreation: "Conditionally" }] })]);
    expect(evaluateChangeSet(conditional, policy).map((f) => f.severity)).toEqual(["error"]);
    expect(evaluateChangeSet(conditional, policy, { allowConditional: false }).map((f) => f.severity)).toEqual(["error"]);
    const allowed = evaluateChangeSet(conditional, policy, { allowConditional: true });
    expect(allowed.map((f) => f.severity)).toEqual(["note"]);
    expect(allowed[0]?.message).toContain("possibly replaced (Replacement: Conditional)");
    expect(allowed[0]?.message).toContain("allowed by --allow-conditional");
  });

  test("in a change set mixing both, only the conditional one is waived", () => {
    const mixed = facts([table({ logicalId: "Certain", replacement: "True" }), table({ logicalId: "Maybe", replacement: "Conditional" })]);
    const bySubject = Object.fromEntries(evaluateChangeSet(mixed, policy, { allowConditional: true }).map((f) => [f.subject, f.severity]));
    expect(bySubject).toEqual({ "orders-prod/Certain": "error", "orders-prod/Maybe": "note" });
  });
});

/**
 * A changed Condition beside a property the schema does not describe (template diffs): the
 * resource may be deleted when the condition is false, which its DeletionPolicy decides, not its
 * UpdateReplacePolicy. Decided before running: with UpdateReplacePolicy Retain and DeletionPolicy
 * Delete it is an error. Before, the unknown property's branch took UpdateReplacePolicy Retain as
 * keeping it: a note.
 */
test("an unknown property beside a changed Condition: UpdateReplacePolicy Retain does not keep what the condition deletes", () => {
  const change = table({
    replacement: "Conditional",
    details: [
      { attribute: "Condition", name: "Condition", requiresRecreation: "Conditionally", impact: "MAY_DESTROY (the resource is deleted when its new condition is false)" },
      { attribute: "Properties", name: "NewProperty", requiresRecreation: "Unknown", impact: "UNKNOWN" },
    ],
  });
  const replacedKept = { ...facts([change]), updateReplacePolicies: { OrdersTable: "Retain" } };
  expect(evaluateChangeSet(replacedKept, policy).map((f) => f.severity)).toEqual(["error"]);
  const bothKept = { ...replacedKept, deletionPolicies: { OrdersTable: "Retain" } };
  expect(evaluateChangeSet(bothKept, policy).map((f) => f.severity)).toEqual(["note"]);
});
