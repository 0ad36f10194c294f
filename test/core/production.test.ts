import { arnAccount, hasProductionToken, isNonProductionAccount, isProductionResource, isProductionStack, nameTokens, productionVerdict } from "../../src/core/production.js";
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";

const scope = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n  nonProductionAccounts: ['222222222222']\n")).production;
const unconfigured = resolvePolicy().production;
const prod = (pattern: string, account?: string) => isProductionResource({ pattern }, { account }, scope);

describe("production scope", () => {
  it("tokenizes camelCase, kebab and ARNs", () => {
    expect(nameTokens("OrdersProdTable")).toEqual(["orders", "prod", "table"]);
    expect(nameTokens("arn:aws:dynamodb:us-east-1:1:table/dev-orders")).toContain("dev");
  });

  it("treats dev-* as non-production but *-orders and * as production (fail closed)", () => {
    expect(prod("arn:aws:dynamodb:us-east-1:333333333333:table/dev-*")).toBe(false);
    // 333333333333 is not among the listed production accounts: not production (DESIGN "Production scope").
    expect(prod("arn:aws:dynamodb:us-east-1:333333333333:table/*-orders")).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:333333333333:table/*-orders" }, {}, unconfigured)).toBe(true);
    expect(prod("*")).toBe(true);
    expect(prod("arn:aws:dynamodb:*:*:table/dev*")).toBe(true);
    // With no account lists the words decide: each literal word of the pattern is read on its own.
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:333333333333:table/dev-*" }, {}, unconfigured)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:s3:::staging-assets/*" }, {}, unconfigured)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:333333333333:table/dev*" }, {}, unconfigured)).toBe(true);
  });

  it("lets a production token win over a non-production one", () => {
    expect(prod("arn:aws:s3:::staging-to-prod-copy")).toBe(true);
  });

  it("a non-production environment written as separate words (PreProd, NonProd, pre-prod) is not production", () => {
    // The CDK Pipelines docs name their pre-production stage `PreProd`; CDK names its stacks `PreProd-<id>`.
    for (const name of ["PreProd-Service", "PreProd/Service", "NonProd-Orders", "non-prod-orders", "pre_prod", "PRE-PROD", "Pre-Production/Api", "NonProduction"]) {
      expect([name, isProductionStack({ names: [name], tags: {} }, scope)]).toEqual([name, false]);
      expect([name, isProductionStack({ names: [name], tags: {}, account: "444444444444" }, scope)]).toEqual([name, false]);
    }
    expect(isProductionStack({ names: ["Service"], tags: { Environment: "Pre-Prod" } }, scope)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:333333333333:table/pre-prod-orders" }, {}, unconfigured)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:s3:::NonProdAssets/*" }, {}, unconfigured)).toBe(false);
    // A production token elsewhere in the name still wins, and the words stay words of their own.
    expect(isProductionStack({ names: ["PreProd-to-Prod-Copy"], tags: {} }, scope)).toBe(true);
    expect(isProductionStack({ names: ["Prod/Service"], tags: {} }, scope)).toBe(true);
    expect(isProductionStack({ names: ["ProductionOrders"], tags: {} }, scope)).toBe(true);
    expect(hasProductionToken("PreviewProd", scope)).toBe(true);
  });

  it("a CDK Stage's id ending in Stage (MainStage, UsEastStage) names the construct, not the staging environment", () => {
    // CDK names a stage's stacks `<stage id>-<stack id>`; ids like `UsEastStage` are the Stage class
    // written after a word. Read as `stage`, they made a production stage non-production (fail open).
    for (const name of ["MainStage-OrdersStack", "UsEastStage/Orders", "AlphaStage-OrdersStack", "ordersStage", "Orders2Stage"]) {
      expect([name, isProductionStack({ names: [name], tags: {} }, scope)]).toEqual([name, true]);
    }
    // The environment itself, and a Stage id naming a non-production environment, still are not production.
    for (const name of ["orders-stage", "Stage-Orders", "STAGE/Orders", "stage", "DevStage-Orders", "StagingStage/Api", "PreProdStage-Orders", "Orders_Stage"]) {
      expect([name, isProductionStack({ names: [name], tags: {} }, scope)]).toEqual([name, false]);
    }
    expect(isProductionResource({ pattern: "arn:aws:s3:::MainStage-assets/*" }, {}, unconfigured)).toBe(true);
    expect(isProductionResource({ pattern: "arn:aws:s3:::orders-stage-assets/*" }, {}, unconfigured)).toBe(false);
  });

  it("uses the account lists", () => {
    expect(prod("arn:aws:s3:::dev-bucket", "111111111111")).toBe(true);
    expect(prod("*", "222222222222")).toBe(false);
    expect(prod("arn:aws:dynamodb:us-east-1:111111111111:table/dev-x", "222222222222")).toBe(true);
  });

  it("a configured name token with no letter or digit matches no name: `*` of a non-production account stays there", () => {
    const punctuation = resolvePolicy(parseUserConfig("c.yml", "production:\n  nonProductionAccounts: ['222222222222']\n  nameTokens: [prod, '-']\n")).production;
    expect(hasProductionToken("*", punctuation)).toBe(false);
    expect(isProductionResource({ pattern: "*" }, { account: "222222222222" }, punctuation)).toBe(false);
    expect(hasProductionToken("orders-prod", punctuation)).toBe(true);
  });

  it("says which list made an account non-production", () => {
    expect(productionVerdict({ names: ["Orders-Service"], tags: {}, account: "222222222222" }, scope)).toEqual({
      production: false,
      failClosed: false,
      reason: "account 222222222222 is in production.nonProductionAccounts",
    });
  });

  it("honours a resolved production status", () => {
    expect(isProductionResource({ pattern: "*", production: false }, {}, scope)).toBe(false);
  });

  it("recognizes production stacks by tag, name and account", () => {
    expect(isProductionStack({ names: ["Service"], tags: { Environment: "Production" } }, scope)).toBe(true);
    expect(isProductionStack({ names: ["Staging/Service"], tags: {} }, scope)).toBe(false);
    expect(isProductionStack({ names: ["Prod/Service"], tags: {} }, scope)).toBe(true);
    expect(isProductionStack({ names: ["Service"], tags: {} }, scope)).toBe(true);
    expect(isProductionStack({ names: ["Service"], tags: {}, account: "222222222222" }, scope)).toBe(false);
    expect(isProductionStack({ names: ["Staging"], tags: {}, account: "111111111111" }, scope)).toBe(true);
  });
});

describe("production scope as users configure it (production.accounts)", () => {
  const accountsOnly = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n")).production;

  it("a stack in an unlisted concrete account, with no production tag or name, is not production", () => {
    const verdict = productionVerdict({ names: ["Orders-Service"], tags: {}, account: "444444444444" }, accountsOnly);
    expect(verdict).toEqual({ production: false, failClosed: false, reason: "account 444444444444 is not in production.accounts" });
  });

  it("a stack in a listed account is production, and the verdict says which list", () => {
    expect(productionVerdict({ names: ["Orders-Service"], tags: {}, account: "111111111111" }, accountsOnly)).toEqual({
      production: true,
      failClosed: false,
      reason: "account 111111111111 is in production.accounts",
    });
  });

  it("a production tag or name still wins in an unlisted account", () => {
    expect(isProductionStack({ names: ["Service"], tags: { Environment: "prod" }, account: "444444444444" }, accountsOnly)).toBe(true);
    expect(isProductionStack({ names: ["Prod/Service"], tags: {}, account: "444444444444" }, accountsOnly)).toBe(true);
  });

  it("`*` of a principal in an unlisted account reaches only that account; a listed account's ARN is production", () => {
    expect(isProductionResource({ pattern: "*" }, { account: "444444444444" }, accountsOnly)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:s3:::orders-artifacts/*" }, { account: "444444444444" }, accountsOnly)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:111111111111:table/orders" }, { account: "444444444444" }, accountsOnly)).toBe(true);
    expect(isProductionResource({ pattern: "*" }, { account: "111111111111" }, accountsOnly)).toBe(true);
    expect(isProductionResource({ pattern: "*" }, {}, accountsOnly)).toBe(true);
  });

  it("a production stack's principal (by tag or name) in an unlisted account: `*` and that account's ARNs are production, another unlisted account's are not", () => {
    const own = { account: "444444444444", production: true };
    expect(isProductionResource({ pattern: "*" }, own, accountsOnly)).toBe(true);
    expect(isProductionResource({ pattern: "arn:aws:s3:::orders-artifacts/*" }, own, accountsOnly)).toBe(true);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:444444444444:table/*" }, own, accountsOnly)).toBe(true);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:555555555555:table/*" }, own, accountsOnly)).toBe(false);
    expect(isProductionResource({ pattern: "arn:aws:dynamodb:us-east-1:444444444444:table/dev-*" }, own, accountsOnly)).toBe(false);
    expect(isProductionResource({ pattern: "*" }, { account: "444444444444", production: false }, accountsOnly)).toBe(false);
  });

  it("an env-agnostic stack stays production (fail closed) and says how to change it", () => {
    const verdict = productionVerdict({ names: ["Service"], tags: {} }, accountsOnly);
    expect(verdict.production).toBe(true);
    expect(verdict.failClosed).toBe(true);
    expect(verdict.reason).toContain("env: { account }");
  });

  it("with no production signal configured: production, with the config line that changes it", () => {
    const verdict = productionVerdict({ names: ["Service"], tags: {}, account: "444444444444" }, unconfigured);
    expect(verdict.production).toBe(true);
    expect(verdict.failClosed).toBe(true);
    expect(verdict.reason).toContain("list 444444444444 under production.nonProductionAccounts");
    expect(verdict.reason).toContain("production.accounts");
  });

  it("an env-agnostic stack with no production accounts configured: the advice is to configure them, not to give the stack an account", () => {
    const verdict = productionVerdict({ names: ["Service"], tags: {} }, unconfigured);
    expect(verdict).toEqual({
      production: true,
      failClosed: true,
      reason: "no production signal is configured, so every stack counts as production (fail closed); to change it, list your production accounts under production.accounts in the agent-guardrail config",
    });
  });
});

describe("arnAccount", () => {
  it("reads the fifth field of an ARN when it is a 12-digit account", () => {
    expect(arnAccount("arn:aws:iam::111122223333:role/deploy")).toBe("111122223333");
    expect(arnAccount("ARN:aws-cn:dynamodb:cn-north-1:444455556666:table/orders")).toBe("444455556666");
    expect(arnAccount("arn:aws:s3:::orders-prod/*")).toBeUndefined(); // S3 ARNs name no account
    expect(arnAccount("arn:aws:iam::aws:policy/AdministratorAccess")).toBeUndefined();
    expect(arnAccount("arn:aws:iam::*:role/x")).toBeUndefined();
    expect(arnAccount("arn:aws:iam::1111222233334:role/x")).toBeUndefined(); // 13 digits
    expect(arnAccount("arn:aws:iam::111122223333")).toBeUndefined(); // five fields only
    expect(arnAccount("arn:aws:iam::1111222233334")).toBeUndefined(); // five fields, the last 13 digits
    expect(arnAccount("arn:aws:iam::111122223333:")).toBe("111122223333");
    expect(arnAccount("*")).toBeUndefined();
    expect(arnAccount("arnx:aws:iam::111122223333:role/x")).toBeUndefined();
    expect(arnAccount("")).toBeUndefined();
  });
});

describe("production verdicts say which signal decided", () => {
  const tagged = resolvePolicy(parseUserConfig("c.yml", "production:\n  tags:\n    Environment: [Production]\n")).production;

  it.each<[string, Parameters<typeof productionVerdict>[0], boolean, string]>([
    ["a production tag, whatever its case", { names: ["Service"], tags: { Environment: "PRODUCTION" } }, true, "tag Environment=PRODUCTION"],
    ["a production name", { names: ["Orders", "ProdStack/Orders"], tags: {} }, true, "its name ProdStack/Orders has a production token (production.nameTokens)"],
    ["a non-production tag", { names: ["Service"], tags: { Environment: "staging" } }, false, "its environment tag names a non-production environment"],
    ["a non-production name", { names: ["Orders", "Sandbox/Orders"], tags: {} }, false, "its name Sandbox/Orders names a non-production environment"],
  ])("%s", (_, stack, production, reason) => {
    expect(productionVerdict(stack, tagged)).toEqual({ production, failClosed: false, reason });
  });

  it("a production tag value the config spells in capitals matches any case on the stack", () => {
    const primary = resolvePolicy(parseUserConfig("c.yml", "production:\n  tags:\n    Environment: [Primary]\n")).production;
    expect(productionVerdict({ names: ["Service"], tags: { Environment: "primary" } }, primary)).toEqual({ production: true, failClosed: false, reason: "tag Environment=primary" });
  });

  it("a stack without an account, where production accounts are listed, is production and says why", () => {
    expect(productionVerdict({ names: ["Service"], tags: {} }, scope)).toEqual({
      production: true,
      failClosed: true,
      reason: "it has no account (env-agnostic), so it may be deployed to a production account (fail closed); give it env: { account } or tag it with a non-production Environment",
    });
  });

  it("splits an upper-case word from the word after it", () => {
    expect(nameTokens("PRODOrdersTable")).toEqual(["prod", "orders", "table"]);
    expect(isProductionStack({ names: ["PRODOrders"], tags: {} }, resolvePolicy(parseUserConfig("c.yml", "production:\n  nonProductionAccounts: ['222222222222']\n")).production)).toBe(true);
  });
});

describe("isNonProductionAccount", () => {
  it("an account listed as production is production, even if also listed as non-production", () => {
    const both = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n  nonProductionAccounts: ['111111111111', '222222222222']\n")).production;
    expect(isNonProductionAccount("111111111111", both)).toBe(false);
    expect(isNonProductionAccount("222222222222", both)).toBe(true);
    expect(isNonProductionAccount("333333333333", both)).toBe(true); // production accounts are listed: another one is not
    expect(isNonProductionAccount(undefined, both)).toBe(false);
  });
});
