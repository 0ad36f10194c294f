/**
 * Every principal's documents are read, agent or not: a broken inline policy or permissions
 * boundary of a role no rule evaluates is still an input error (the run exits 2, fail closed),
 * so an account dump cannot hide an unreadable document behind a role that is not an agent.
 */
import { analyzeInput } from "../../../src/core/iam/analysis.js";
import { allow, catalogue, policy, role, source } from "./helpers.js";

describe("input errors of principals that are not agents", () => {
  it("reports an unreadable statement of a non-agent role's inline policy and of its boundary", () => {
    const billing = role([{ Effect: "Perhaps", Action: "s3:GetObject", Resource: "*" }], {
      name: "billing-reports",
      boundary: source("Boundary", [allow("s3:*"), { Effect: "Allow", Action: 7, Resource: "*" }], "boundary.json"),
    });
    const plain = role([allow("s3:GetObject")], { name: "reporting" });
    const analysis = analyzeInput({ principals: [plain, billing] }, policy, catalogue, { now: 0 });
    expect(analysis.agents).toEqual([]);
    expect(analysis.errors.map((e) => e.file).sort()).toEqual(["boundary.json", "policy.json"]);
  });

  it("reads nothing more for an unresolved boundary (reported where the boundary is checked)", () => {
    const billing = role([allow("s3:GetObject")], { name: "billing-reports", boundary: "unresolved" });
    expect(analyzeInput({ principals: [billing] }, policy, catalogue, { now: 0 }).errors).toEqual([]);
  });
});
