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
  });

  it.each<[string, string[], RegExp]>([
    ["a wildcard service", ["*:DeleteEverything"], /tier entry "\*:DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["no service at all", ["DeleteEverything"], /tier entry "DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["an empty service", [":DeleteEverything"], /tier entry ":DeleteEverything" is not a service:Action pattern IAM accepts/],
    ["a read-only name", ["dynamodb:DescribeTableHistory"], /tier entry "dynamodb:DescribeTableHistory" is a read-only action/],
  ])("%s in a tier: BoundaryDataError naming it", (_what, extra, message) => {
    expect(() => deniedActions(catalogue, withReplace(extra))).toThrow(BoundaryDataError);
    expect(() => deniedActions(catalogue, withReplace(extra))).toThrow(message);
  });

  it("the uncatalogued list: a retired action is kept as written; one a policy could not hold stops the generator", () => {
    expect(deniedActions(catalogue, withUncatalogued(["sdb:DeleteDomain2"])).uncatalogued).toContainEqual({ pattern: "sdb:DeleteDomain2", group: "Uncatalogued" });
    // Blanks around an entry are YAML's, not the action's: a policy holds the action as IAM spells it.
    expect(deniedActions(catalogue, withUncatalogued([" sdb:DeleteDomain3 "])).uncatalogued).toContainEqual({ pattern: "sdb:DeleteDomain3", group: "Uncatalogued" });
    expect(() => deniedActions(catalogue, withUncatalogued(["sdb*DeleteDomain"]))).toThrow(/uncatalogued entry "sdb\*DeleteDomain" is not a service:Action pattern/);
  });

  it("an uncatalogued entry the catalogue lists by now is judged by the tiers like any other (not listed twice)", () => {
    const { uncatalogued } = deniedActions(catalogue, withUncatalogued(["dynamodb:DeleteTable"]));
    expect(uncatalogued.map((u) => u.pattern)).not.toContain("dynamodb:DeleteTable");
  });
});
