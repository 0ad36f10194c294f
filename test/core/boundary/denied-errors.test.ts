/**
 * Tier entries the catalogue does not list (a newer AWS action, a typo) are denied as written,
 * never dropped; an entry a policy could not hold, or one that names a read-only action, stops
 * the generator with the entry named (BoundaryDataError, exit 2 in the CLI) instead of a
 * boundary that silently leaves it out.
 */
import { BoundaryDataError, deniedActions } from "../../../src/core/boundary/denied.js";
import type { Policy } from "../../../src/core/policy.js";
import { catalogue, policy } from "./helpers.js";

type Destructive = Policy["destructive"];
const withReplace = (extra: string[]): Destructive => ({ ...policy.destructive, t3Replace: { ...policy.destructive.t3Replace, actions: [...policy.destructive.t3Replace.actions, ...extra] } });
const withUncatalogued = (extra: string[]): Destructive => ({ ...policy.destructive, uncatalogued: [...(policy.destructive.uncatalogued ?? []), ...extra] });

describe("tier entries the catalogue does not list", () => {
  it("a destructive-looking action AWS has not published yet is denied as written, in its tier's group", () => {
    const { uncatalogued } = deniedActions(catalogue, withReplace(["dynamodb:ReplaceTableInPlace"]));
    expect(uncatalogued).toContainEqual({ pattern: "dynamodb:ReplaceTableInPlace", group: "Replace" });
    // Blanks around a tier entry are YAML's: the pattern is denied as IAM spells it.
    expect(deniedActions(catalogue, withReplace([" dynamodb:ReplaceTableInPlace2 "])).uncatalogued).toContainEqual({ pattern: "dynamodb:ReplaceTableInPlace2", group: "Replace" });
  });

  it.each<[string, string[], RegExp]>([
    ["a wildcard service", ["*:DeleteEverything"], /tier entry "\*:DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["a single-character wildcard in the service", ["dynamod?:DeleteEverything"], /tier entry "dynamod\?:DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["no service at all", ["DeleteEverything"], /tier entry "DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["an empty service", [":DeleteEverything"], /tier entry ":DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["a read-only name", ["dynamodb:DescribeTableHistory"], /tier entry "dynamodb:DescribeTableHistory" is a read-only action/],
  ])("%s in a tier: BoundaryDataError naming it", (_what, extra, message) => {
    expect(() => deniedActions(catalogue, withReplace(extra))).toThrow(BoundaryDataError);
    expect(() => deniedActions(catalogue, withReplace(extra))).toThrow(message);
  });

  it.each<[string, (d: Destructive, extra: string[]) => Destructive, string]>([
    ["T1 include", (d, extra) => ({ ...d, t1Delete: { ...d.t1Delete, include: [...d.t1Delete.include, ...extra] } }), "Delete"],
    ["T2", (d, extra) => ({ ...d, t2ProtectionOff: { ...d.t2ProtectionOff, actions: [...d.t2ProtectionOff.actions, ...extra] } }), "ProtectionOff"],
    ["T4 code execution", (d, extra) => ({ ...d, t4Escalation: { ...d.t4Escalation, codeExecution: [...d.t4Escalation.codeExecution, ...extra] } }), "Escalation"],
    ["T4 assume role", (d, extra) => ({ ...d, t4Escalation: { ...d.t4Escalation, assumeRole: [...d.t4Escalation.assumeRole, ...extra] } }), "Escalation"],
  ])("an entry of %s that AWS has not published yet is denied as written, in that tier's group", (_tier, add, group) => {
    const { uncatalogued } = deniedActions(catalogue, add(policy.destructive, ["bedrock-agentcore:TerminateEverything"]));
    expect(uncatalogued).toContainEqual({ pattern: "bedrock-agentcore:TerminateEverything", group });
  });

  it("iam:PassRole is denied even by a catalogue that does not list it", () => {
    const services = Object.fromEntries(Object.entries(catalogue.services).filter(([prefix]) => prefix !== "iam"));
    expect(deniedActions({ services }, policy.destructive).uncatalogued).toContainEqual({ pattern: "iam:PassRole", group: "Escalation" });
  });

  it("tiers naming read-only actions: the first five are named, then how many more", () => {
    const reads = ["s3:GetObject", "s3:ListBucket", "ec2:DescribeInstances", "dynamodb:GetItem", "dynamodb:BatchGetItem", "lambda:GetFunction", "iam:ListRoles"];
    expect(() => deniedActions(catalogue, withReplace(reads))).toThrow(
      "the destructive tiers name read-only actions, which a guardrail boundary never denies: s3:GetObject, s3:ListBucket, ec2:DescribeInstances, dynamodb:GetItem, dynamodb:BatchGetItem and 2 more (policies/destructive-actions.yaml or the config's destructive section)",
    );
    expect(() => deniedActions(catalogue, withReplace(reads.slice(0, 5)))).toThrow(
      "the destructive tiers name read-only actions, which a guardrail boundary never denies: s3:GetObject, s3:ListBucket, ec2:DescribeInstances, dynamodb:GetItem, dynamodb:BatchGetItem (policies/destructive-actions.yaml or the config's destructive section)",
    );
  });

  it("the uncatalogued list: a retired action is kept as written; one a policy could not hold stops the generator", () => {
    expect(deniedActions(catalogue, withUncatalogued(["sdb:DeleteDomain2"])).uncatalogued).toContainEqual({ pattern: "sdb:DeleteDomain2", group: "Uncatalogued" });
    // Blanks around an entry are YAML's, not the action's: a policy holds the action as IAM spells it.
    expect(deniedActions(catalogue, withUncatalogued([" sdb:DeleteDomain3 "])).uncatalogued).toContainEqual({ pattern: "sdb:DeleteDomain3", group: "Uncatalogued" });
    expect(() => deniedActions(catalogue, withUncatalogued(["sdb*DeleteDomain"]))).toThrow(/uncatalogued entry "sdb\*DeleteDomain" is not a service:Action pattern/);
    expect(() => deniedActions(catalogue, withUncatalogued(["zz?:DeleteDomain"]))).toThrow(/uncatalogued entry "zz\?:DeleteDomain" is not a service:Action pattern/);
    expect(() => deniedActions(catalogue, withUncatalogued([":DeleteDomain"]))).toThrow(/uncatalogued entry ":DeleteDomain" is not a service:Action pattern/);
  });

  it("an uncatalogued entry the catalogue lists by now is judged by the tiers like any other (not listed twice)", () => {
    const { uncatalogued } = deniedActions(catalogue, withUncatalogued(["dynamodb:DeleteTable"]));
    expect(uncatalogued.map((u) => u.pattern)).not.toContain("dynamodb:DeleteTable");
  });
});
