/**
 * removedStackInstances: which of a stack set's instances an update deletes. Verdicts decided
 * from CloudFormation's model (one stack per deployment target and Region of each group).
 */
import { removedStackInstances } from "../../../src/core/cfn/stack-set-instances.js";

const never = () => false;
const group = (targets: unknown, regions: unknown) => ({ DeploymentTargets: targets, Regions: regions });

describe("removedStackInstances", () => {
  it("a Region or account dropped from a group is removed; added ones, reordered lists and moves between groups are not", () => {
    const base = [group({ Accounts: ["111111111111", "222222222222"] }, ["us-east-1", "us-west-2"])];
    expect(removedStackInstances(base, [group({ Accounts: ["111111111111", "222222222222"] }, ["us-east-1"])], never)?.instances).toEqual(["account 111111111111 in us-west-2", "account 222222222222 in us-west-2"]);
    expect(removedStackInstances(base, [group({ Accounts: ["222222222222"] }, ["us-west-2", "us-east-1"])], never)?.instances).toEqual(["account 111111111111 in us-east-1", "account 111111111111 in us-west-2"]);
    expect(removedStackInstances(base, [group({ Accounts: ["222222222222", "111111111111", "333333333333"] }, ["us-west-2", "us-east-1", "eu-west-1"])], never)).toBeUndefined();
    expect(removedStackInstances(base, [group({ Accounts: ["111111111111"] }, ["us-east-1", "us-west-2"]), group({ Accounts: ["222222222222"] }, ["us-east-1", "us-west-2"])], never)).toBeUndefined();
  });

  it("a group removed, or the whole property removed, removes its instances", () => {
    const base = [group({ OrganizationalUnitIds: ["ou-a"] }, ["us-east-1"]), group({ Accounts: ["111111111111"] }, ["eu-west-1"])];
    expect(removedStackInstances(base, [base[0]], never)?.instances).toEqual(["account 111111111111 in eu-west-1"]);
    expect(removedStackInstances(base, undefined, never)?.instances).toEqual(["OU ou-a in us-east-1", "account 111111111111 in eu-west-1"]);
  });

  it("a filtering DeploymentTargets is one target: any change to it may remove accounts", () => {
    const filtered = (filter: string) => [group({ OrganizationalUnitIds: ["ou-a"], Accounts: ["111111111111"], AccountFilterType: filter }, ["us-east-1"])];
    expect(removedStackInstances(filtered("DIFFERENCE"), filtered("DIFFERENCE"), never)).toBeUndefined();
    expect(removedStackInstances(filtered("UNION"), filtered("DIFFERENCE"), never)?.instances).toHaveLength(1);
    // The same targets written in another key order are the same targets.
    const reordered = [group({ AccountFilterType: "DIFFERENCE", Accounts: ["111111111111"], OrganizationalUnitIds: ["ou-a"] }, ["us-east-1"])];
    expect(removedStackInstances(filtered("DIFFERENCE"), reordered, never)).toBeUndefined();
  });

  it("computed values: the same intrinsic on both sides is the same, unless what it reads changes; a new one may remove anything", () => {
    const base = [group({ OrganizationalUnitIds: [{ Ref: "OUID" }] }, ["us-east-1", "us-west-2"])];
    expect(removedStackInstances(base, base, never)).toBeUndefined();
    const changedOu = removedStackInstances(base, base, (v) => JSON.stringify(v).includes("OUID"));
    expect(changedOu?.instances).toHaveLength(2);
    expect(changedOu?.computed).toEqual(['{"Ref":"OUID"} (its input changes)']);
    const regions = removedStackInstances(base, [group({ OrganizationalUnitIds: [{ Ref: "OUID" }] }, { Ref: "StackSetRegions" })], never);
    expect(regions?.instances).toEqual(['OU {"Ref":"OUID"} in us-east-1', 'OU {"Ref":"OUID"} in us-west-2']);
    expect(regions?.computed).toEqual(['{"Ref":"StackSetRegions"}']);
  });
});
