/**
 * DevOps is a practice, not a dev environment: `DevOpsStack` (camelCase splits it into dev, ops)
 * named the production stage of Terraleaves/canary_cicd (test/cdk/pipeline-stage-scope.test.ts),
 * and read as `dev` it made that stage non-production (fail open).
 */
import { hasNonProductionToken, isProductionResource, productionVerdict } from "../../src/core/production.js";
import { resolvePolicy } from "../../src/policy/load.js";

const scope = resolvePolicy().production;
const production = (name: string) => productionVerdict({ names: [name], tags: {} }, scope).production;

describe("DevOps and DevSecOps", () => {
  it("name no environment, however written", () => {
    for (const name of ["DevOpsStack", "DEPLOY-DevOpsStack", "dev-ops-tools", "Dev_Ops", "DevSecOpsPipeline", "dev-sec-ops", "AzureDevOpsAgentRole"]) {
      expect([name, hasNonProductionToken(name, scope)]).toEqual([name, false]);
      expect([name, production(name)]).toEqual([name, true]);
    }
  });

  it("leave a dev environment written beside them a dev environment", () => {
    for (const name of ["DevOpsStack-dev", "DevStack", "dev-orders", "DevOpsDev", "Dev-DevOps-Tools", "STAGE-DevOpsStack"]) {
      expect([name, hasNonProductionToken(name, scope)]).toEqual([name, true]);
    }
    // Words that only start like it stay what they were.
    expect(hasNonProductionToken("Dev-Operations", scope)).toBe(true);
  });

  it("make a resource named for them production, as any other name (fail closed)", () => {
    expect(isProductionResource({ pattern: "arn:aws:s3:::acme-DevOps-artifacts/*" }, {}, scope)).toBe(true);
    expect(isProductionResource({ pattern: "arn:aws:s3:::acme-dev-artifacts/*" }, {}, scope)).toBe(false);
  });
});
