/**
 * A stage a CDK Pipelines pipeline stack adds as its child (`Prod-Test-Stack/Staging/…`, as
 * GuiPimenta-Dev/demo-lambda-forge's ProdStack does) is judged by its own names; the pipeline
 * stack's names speak only when the stage's name none (test/cdk/pipeline-stage-scope.test.ts).
 */
import { enclosingStackPath } from "../../src/core/cfn/assembly.js";
import { cdkStackNames, productionVerdict } from "../../src/core/production.js";
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";

const unconfigured = resolvePolicy().production;
const accounts = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n")).production;

describe("the stack that holds a stage", () => {
  it("splits the construct path at the stack holding the stage", () => {
    expect(cdkStackNames("Staging-Api", "Prod-Pipeline/Staging/Api", "Prod-Pipeline")).toEqual({ names: ["Staging-Api", "Staging/Api"], outerNames: ["Prod-Pipeline"] });
    // Not a prefix at a path boundary, or no stack holding the stage: the whole path is the stack's own.
    expect(cdkStackNames("Staging-Api", "Prod-PipelineX/Staging/Api", "Prod-Pipeline")).toEqual({ names: ["Staging-Api", "Prod-PipelineX/Staging/Api"] });
    expect(cdkStackNames("Prod-Api", "Prod/Api", undefined)).toEqual({ names: ["Prod-Api", "Prod/Api"] });
    expect(cdkStackNames(undefined, undefined, "Prod-Pipeline")).toEqual({ names: [] });
  });

  it("finds the innermost enclosing stack of the enclosing assemblies", () => {
    expect(enclosingStackPath("P/Outer/Q/Inner/Api", ["P", "P/Outer/Q", "Other"])).toBe("P/Outer/Q");
    expect(enclosingStackPath("P/Outer/Q/Inner/Api", ["P/Outer/Q", "P"])).toBe("P/Outer/Q");
    expect(enclosingStackPath("PX/Staging/Api", ["P"])).toBeUndefined();
    expect(enclosingStackPath(undefined, ["P"])).toBeUndefined();
    expect(enclosingStackPath("Prod/Api", [])).toBeUndefined();
  });

  it("lets the stage's own environment word decide over the pipeline stack's", () => {
    expect(productionVerdict({ names: ["Staging-Api", "Staging/Api"], outerNames: ["Prod-Pipeline"], tags: {} }, unconfigured)).toEqual({
      production: false,
      failClosed: false,
      reason: "its name Staging-Api names a non-production environment",
    });
    expect(productionVerdict({ names: ["Prod-Api", "Prod/Api"], outerNames: ["Dev-Pipeline"], tags: {} }, unconfigured).production).toBe(true);
  });

  it("takes the pipeline stack's word when the stage's own names name no environment", () => {
    expect(productionVerdict({ names: ["Deploy-Api", "Deploy/Api"], outerNames: ["Prod-Pipeline"], tags: {} }, unconfigured)).toEqual({
      production: true,
      failClosed: false,
      reason: "the stack holding its stage, Prod-Pipeline, has a production token (production.nameTokens) and its own names name no environment",
    });
    expect(productionVerdict({ names: ["Deploy-Api", "Deploy/Api"], outerNames: ["Dev-Pipeline"], tags: {} }, unconfigured)).toEqual({
      production: false,
      failClosed: false,
      reason: "the stack holding its stage, Dev-Pipeline, names a non-production environment and its own names name none",
    });
  });

  it("keeps accounts and tags first", () => {
    // A production account or tag wins over any name; a listed-accounts verdict comes before the pipeline's non-production word.
    expect(productionVerdict({ names: ["Staging-Api"], outerNames: ["Prod-Pipeline"], tags: {}, account: "111111111111" }, accounts).production).toBe(true);
    expect(productionVerdict({ names: ["Staging-Api"], outerNames: ["Prod-Pipeline"], tags: { Environment: "prod" } }, unconfigured).production).toBe(true);
    expect(productionVerdict({ names: ["Deploy-Api"], outerNames: ["Prod-Pipeline"], tags: {}, account: "222222222222" }, accounts).production).toBe(true);
    expect(productionVerdict({ names: ["Deploy-Api"], outerNames: ["Dev-Pipeline"], tags: {}, account: "222222222222" }, accounts).reason).toBe("account 222222222222 is not in production.accounts");
    // Neither says anything: production, fail closed.
    expect(productionVerdict({ names: ["Deploy-Api"], outerNames: ["Pipeline"], tags: {} }, unconfigured)).toMatchObject({ production: true, failClosed: true });
  });
});
