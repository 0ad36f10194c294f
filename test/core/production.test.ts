import { isProductionResource, isProductionStack, nameTokens } from "../../src/core/production.js";
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";

const scope = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: ['111111111111']\n  nonProductionAccounts: ['222222222222']\n")).production;
const prod = (pattern: string, account?: string) => isProductionResource({ pattern }, { account }, scope);

describe("production scope", () => {
  it("tokenizes camelCase, kebab and ARNs", () => {
    expect(nameTokens("OrdersProdTable")).toEqual(["orders", "prod", "table"]);
    expect(nameTokens("arn:aws:dynamodb:us-east-1:1:table/dev-orders")).toContain("dev");
  });

  it("treats dev-* as non-production but *-orders and * as production (fail closed)", () => {
    expect(prod("arn:aws:dynamodb:us-east-1:333333333333:table/dev-*")).toBe(false);
    expect(prod("arn:aws:dynamodb:us-east-1:333333333333:table/*-orders")).toBe(true);
    expect(prod("*")).toBe(true);
    expect(prod("arn:aws:dynamodb:*:*:table/dev*")).toBe(true);
  });

  it("lets a production token win over a non-production one", () => {
    expect(prod("arn:aws:s3:::staging-to-prod-copy")).toBe(true);
  });

  it("uses the account lists", () => {
    expect(prod("arn:aws:s3:::dev-bucket", "111111111111")).toBe(true);
    expect(prod("*", "222222222222")).toBe(false);
    expect(prod("arn:aws:dynamodb:us-east-1:111111111111:table/dev-x", "222222222222")).toBe(true);
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
