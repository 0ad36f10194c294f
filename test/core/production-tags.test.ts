/**
 * A production tag wins over every non-production signal, whatever the order of the tags (a
 * mutant that let the last tag decide survived the suite before this file). Fail closed: the
 * stack is production when any of its tags says so.
 */
import { isProductionStack, productionVerdict, type ResourceTags } from "../../src/core/production.js";
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

describe("a CDK stack's resources' tags (Tags.of(stack) under @aws-cdk/core:explicitStackTags)", () => {
  const listed = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n")).production;
  const verdict = (tags: Record<string, string>, resourceTags: ResourceTags[], account?: string) =>
    productionVerdict({ names: ["OrdersService"], tags, resourceTags, ...(account ? { account } : {}) }, listed);
  const r = (resource: string, tags: Record<string, string>): ResourceTags => ({ resource, tags });

  it("one resource tagged with a production value makes a stack in an unlisted account production, and says which", () => {
    const v = verdict({}, [r("Bucket", { Team: "orders" }), r("Table", { Environment: "Prod" })], "222222222222");
    expect(v).toMatchObject({ production: true, failClosed: false });
    expect(v.reason).toContain("its resource Table is tagged Environment=Prod");
    // A production stack tag of its own says it first; a non-production one does not stop the resource's.
    expect(verdict({ Environment: "dev" }, [r("Table", { Stage: "live" })], "222222222222").production).toBe(true);
  });

  it("every tagged resource naming a non-production environment makes an env-agnostic stack not production", () => {
    const v = verdict({}, [r("Table", { Environment: "dev" }), r("Role", { Environment: "staging", Team: "orders" })]);
    expect(v).toMatchObject({ production: false });
    expect(v.reason).toContain("resources' environment tags");
  });

  it("one tagged resource without it, a value the template does not resolve, a stack tag of its own or no tagged resource: production (fail closed)", () => {
    expect(verdict({}, [r("Table", { Environment: "dev" }), r("Bucket", { Team: "orders" })]).production).toBe(true);
    expect(verdict({}, [r("Table", { Environment: "dev" }), r("Queue", {})]).production).toBe(true);
    expect(verdict({ Environment: "shared" }, [r("Table", { Environment: "dev" })]).production).toBe(true);
    expect(verdict({}, []).production).toBe(true);
    expect(verdict({}, [r("Table", { Environment: "staging-to-prod" })]).production).toBe(true);
  });

  it("a resource tag the policy does not know decides nothing", () => {
    expect(verdict({}, [r("Table", { Owner: "prod-team" })], "222222222222").production).toBe(false);
  });
});
