/**
 * Privilege-escalation paths of published catalogues other than pathfinding.cloud (pacu's
 * iam__privesc_scan, PMapper's edge checkers, stratus-red-team's techniques, HackTricks Cloud's AWS
 * privilege-escalation pages, cloudsplaining's PRIVILEGE_ESCALATION_METHODS, prowler's privilege_escalation_policies_combination, awspx's attack definitions), each a permission set
 * an agent role holds, against the verdict decided from reading the catalogue before the engine ran
 * (test/fixtures/privesc-catalogues: paths.yaml, sources and licences in its README). Each path is
 * also tried on a resource its actions cannot act on, and in the realistic narrowings listed with it.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { allow, escalation, flaggedPaths, role, source, type Statement } from "./helpers.js";

const UNRELATED = "arn:aws:sns:us-east-1:111111111111:unrelated-topic";
const CATALOGUES = ["pacu", "pmapper", "stratus-red-team", "hacktricks", "cloudsplaining", "prowler", "awspx"];

interface Narrowed {
  statements: Statement[];
  escalates: boolean;
  reason: string;
}
interface CataloguePath {
  catalogue: string;
  id: string;
  actions: string[];
  escalates: boolean;
  reason: string;
  narrowed?: Narrowed[];
}

const { paths } = parse(readFileSync(new URL("../../fixtures/privesc-catalogues/paths.yaml", import.meta.url), "utf8")) as { paths: CataloguePath[] };

describe("privesc catalogues fixture", () => {
  it("names a known catalogue, actions, a verdict and a reason for every path, each id once per catalogue", () => {
    const bad = paths.filter((p) => !CATALOGUES.includes(p.catalogue) || !p.actions?.length || typeof p.escalates !== "boolean" || !p.reason);
    expect(bad.map((p) => `${p.catalogue} ${p.id}`)).toEqual([]);
    const keys = paths.map((p) => `${p.catalogue} ${p.id}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const c of CATALOGUES) expect(paths.some((p) => p.catalogue === c)).toBe(true);
  });
});

describe.each(paths.map((p) => [`${p.catalogue} ${p.id}`, p] as const))("%s", (_name, path) => {
  it(`its permissions on * ${path.escalates ? "escalate, naming only its actions" : "do not escalate"} (${path.reason})`, () => {
    const { ids, actions } = flaggedPaths([allow(path.actions)]);
    if (!path.escalates) {
      expect(ids).toEqual([]);
      return;
    }
    expect(ids.length).toBeGreaterThan(0);
    expect(actions.filter((a) => !path.actions.includes(a))).toEqual([]);
  });

  it("on a resource its actions cannot act on it does not escalate", () => {
    expect(flaggedPaths([allow(path.actions, UNRELATED)]).ids).toEqual([]);
  });

  for (const [i, n] of (path.narrowed ?? []).entries()) {
    it(`narrowed ${i + 1}: ${n.escalates ? "still escalates" : "does not escalate"} (${n.reason})`, () => {
      expect(flaggedPaths(n.statements).ids.length > 0).toBe(n.escalates);
    });
  }
});

describe("IAM Roles Anywhere: the roles a trust anchor reaches", () => {
  // A role of on-premises workloads, as the Roles Anywhere User Guide's trust policy writes it.
  const onPrem = role([allow("*")], {
    name: "onprem-admin",
    trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] }]),
  });
  it.each([["rolesanywhere:UpdateTrustAnchor"], ["rolesanywhere:CreateTrustAnchor"]])("%s names the role that trusts rolesanywhere.amazonaws.com", (action) => {
    const [f] = escalation([role([allow(action)]), onPrem]).filter((x) => x.subject.endsWith("/AgentRole"));
    expect(f?.message).toContain("onprem-admin");
    expect(f?.actions).toEqual([action]);
  });
});
