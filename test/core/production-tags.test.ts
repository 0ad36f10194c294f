/**
 * A production tag wins over every non-production signal, whatever the order of the tags (a
 * mutant that let the last tag decide survived the suite before this file). Fail closed: the
 * stack is production when any of its tags says so.
 */
import { isProductionStack } from "../../src/core/production.js";
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";

const scope = resolvePolicy(parseUserConfig("c.yml", "production:\n  nonProductionAccounts: ['222222222222']\n")).production;
const stack = (tags: Record<string, string>, names = ["OrdersService"], account?: string) => isProductionStack({ names, tags, ...(account ? { account } : {}) }, scope);

describe("a production tag", () => {
  it("wins over a non-production tag, in either order", () => {
    expect(stack({ Environment: "staging", Stage: "prod" })).toBe(true);
    expect(stack({ Stage: "prod", Environment: "staging" })).toBe(true);
    expect(stack({ Environment: "prod", Stage: "staging" })).toBe(true);
    expect(stack({ Env: "dev", environment: "Production" })).toBe(true);
  });

  it("wins over a non-production name and a non-production account", () => {
    expect(stack({ Environment: "live" }, ["orders-dev"])).toBe(true);
    expect(stack({ Environment: "prd" }, ["Sandbox/Orders"], "222222222222")).toBe(true);
  });

  it("a non-production tag alone is not production; a tag naming both is (fail closed)", () => {
    expect(stack({ Environment: "staging" })).toBe(false);
    expect(stack({ Environment: "staging", Stage: "qa" })).toBe(false);
    expect(stack({ Environment: "staging-to-prod" })).toBe(true);
  });

  it("a tag the policy does not know decides nothing: the name does", () => {
    expect(stack({ Team: "prod-platform" }, ["orders-staging"])).toBe(false);
    expect(stack({ Team: "dev-platform" }, ["orders"])).toBe(true);
  });
});
