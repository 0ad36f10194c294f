import { canonicalAction, expandActionPattern, indexCatalogue, naiveCatalogue } from "../../../src/core/iam/catalogue.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { globCovers, globsOverlap } from "../../../src/core/iam/patterns.js";
import { loadDefaults } from "../../../src/policy/load.js";
import { allow, catalogue, deny, evaluate, policy, role } from "./helpers.js";

describe("action catalogue", () => {
  it("loads every service with canonical names, cached", () => {
    expect(Object.keys(catalogue.services).length).toBeGreaterThan(400);
    expect(catalogue.services["dynamodb"]).toContain("DeleteTable");
    expect(canonicalAction(catalogue, "DYNAMODB:deletetable")).toBe("dynamodb:DeleteTable");
  });

  it("expands * and ? case-insensitively and reports unknown actions", () => {
    expect(expandActionPattern(catalogue, "s3:*Object").actions).toEqual(expect.arrayContaining(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]));
    expect(expandActionPattern(catalogue, "KMS:schedule?eyDeletion").actions).toEqual(["kms:ScheduleKeyDeletion"]);
    expect(expandActionPattern(catalogue, "s3:NoSuchAction")).toEqual({ actions: [], unknown: "s3:NoSuchAction" });
    expect(expandActionPattern(catalogue, "nosuchservice:*").unknown).toBe("nosuchservice:*");
    expect(expandActionPattern(catalogue, "*").actions.length).toBeGreaterThan(15000);
  });

  it("the lazy per-service index answers like a full lower-case map of every action", () => {
    const all = Object.entries(catalogue.services).flatMap(([service, names]) => names.map((name) => `${service.toLowerCase()}:${name}`));
    const full = new Map(all.map((a) => [a.toLowerCase(), a]));
    const index = indexCatalogue({ services: catalogue.services });
    expect(index.all).toEqual(all);
    expect(all.filter((a) => index.canonical(a.toUpperCase()) !== full.get(a.toLowerCase()))).toEqual([]);
    expect(all.filter((a) => !index.serviceActions(a.slice(0, a.indexOf(":")).toUpperCase())?.includes(a))).toEqual([]);
    for (const unknown of ["s3:NoSuchAction", "nosuchservice:GetObject", "s3", ":GetObject", "*"]) expect(index.canonical(unknown)).toBeUndefined();
    expect(index.serviceActions("nosuchservice")).toBeUndefined();
  });

  it("every action named in policies/destructive-actions.yaml exists in the catalogue", () => {
    const d = loadDefaults().destructive;
    const named = [...d.t1Delete.exclude, ...d.t1Delete.include, ...d.t2ProtectionOff.actions, ...d.t3Replace.actions, ...Object.values(d.t4Escalation).flat()];
    expect(named.filter((p) => expandActionPattern(catalogue, p).unknown)).toEqual([]);
  });
});

describe("glob relations", () => {
  it("overlap of two wildcarded patterns", () => {
    expect(globsOverlap("table/dev-*", "table/*-orders")).toBe(true);
    expect(globsOverlap("table/dev-*", "table/prod-*")).toBe(false);
    expect(globsOverlap("repo:*:ref:refs/heads/copilot/*", "repo:acme/app:*")).toBe(true);
    expect(globsOverlap("a?c", "abc")).toBe(true);
  });

  it("cover is sound: a ? does not cover a *", () => {
    expect(globCovers("table/*", "table/orders-*")).toBe(true);
    expect(globCovers("table/x?", "table/x*")).toBe(false);
    expect(globCovers("table/orders-prod", "table/*")).toBe(false);
  });
});

describe("naive expansion (benchmark baseline)", () => {
  it("gives the same findings as the indexed matching", () => {
    const cases = [
      [allow("*")],
      [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }, deny("s3:Delete*")],
      [allow(["s3:*Object", "kms:*KeyDeletion", "newservice:DeleteAll", "retired:*", "dynamodb:DeleteTab?"])],
      [allow(["iam:PassRole", "lambda:Create*"]), allow("sts:AssumeRole", "arn:aws:iam::111111111111:role/cdk-*")],
    ];
    for (const statements of cases) {
      const principal = role(statements);
      const naive = evaluateIam({ principals: [principal] }, policy, naiveCatalogue(catalogue));
      expect(naive).toEqual(evaluate(principal));
    }
  });
});
