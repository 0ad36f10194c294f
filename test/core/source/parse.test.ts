import { parseSource, SourceParseError } from "../../../src/core/source/parse.js";

describe("parseSource", () => {
  it("finds lines of JSON pointers lazily", () => {
    const text = '{\n  "Resources": {\n    "A": {"Type": "x"},\n    "B": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {"P": [1, {"k": "v"}]}\n    }\n  }\n}\n';
    const parsed = parseSource(text);
    expect(parsed.format).toBe("json");
    expect(parsed.lineOf("/Resources/B")).toBe(4);
    expect(parsed.lineOf("/Resources/B/Properties/P/1/k")).toBe(6);
    expect(parsed.lineOf("/Resources/A/Type")).toBe(3);
  });

  it("answers repeated lookups in any order the same as fresh ones (memoized offsets)", () => {
    const text = JSON.stringify({ panels: [{ a: 1 }, { "x/y": { "t~": [1, 2, { deep: true }] } }, { c: 3 }], z: "last" }, null, 2);
    const pointers = ["/panels/1/x~1y/t~0/2/deep", "/panels/0/a", "/panels/2", "/panels/1", "/z", "/panels/2/c", "/panels/1/x~1y/t~0/1"];
    const lines = pointers.map((p) => parseSource(text).lineOf(p));
    const shared = parseSource(text);
    expect(pointers.map((p) => shared.lineOf(p))).toEqual(lines);
    expect([...pointers].reverse().map((p) => shared.lineOf(p))).toEqual([...lines].reverse());
    expect(lines).toEqual([12, 4, 17, 6, 21, 18, 10]);
  });

  it("reports the line of a JSON syntax error", () => {
    expect.assertions(2);
    try {
      parseSource('{\n  "a": 1,\n  "b": \n}\n');
    } catch (error) {
      expect(error).toBeInstanceOf(SourceParseError);
      expect((error as SourceParseError).line).toBe(4);
    }
  });

  it("turns CloudFormation short forms into long forms, keeping lines", () => {
    const text = [
      "Resources:",
      "  Role:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      RoleName: !Sub '${Env}-agent'",
      "      Arn: !GetAtt Table.Arn",
      "      Parts: !Join ['', [!Ref Bucket, '/*']]",
    ].join("\n");
    const parsed = parseSource(text);
    const role = (parsed.value as { Resources: { Role: { Properties: Record<string, unknown> } } }).Resources.Role;
    expect(role.Properties.RoleName).toEqual({ "Fn::Sub": "${Env}-agent" });
    expect(role.Properties.Arn).toEqual({ "Fn::GetAtt": ["Table", "Arn"] });
    expect(role.Properties.Parts).toEqual({ "Fn::Join": ["", [{ Ref: "Bucket" }, "/*"]] });
    expect(parsed.lineOf("/Resources/Role/Properties/Arn/Fn::GetAtt")).toBe(6);
    expect(parsed.lineOf("/Resources/Role/Properties/Parts/Fn::Join/1/0")).toBe(7);
  });

  it("reads !Equals in a Conditions block as Fn::Equals, keeping its line", () => {
    const text = ["Parameters:", "  Env:", "    Type: String", "Conditions:", "  IsProd: !Equals [!Ref Env, prod]"].join("\n");
    const parsed = parseSource(text);
    expect((parsed.value as { Conditions: Record<string, unknown> }).Conditions["IsProd"]).toEqual({ "Fn::Equals": [{ Ref: "Env" }, "prod"] });
    expect(parsed.lineOf("/Conditions/IsProd/Fn::Equals/1")).toBe(5);
  });

  it("reads a key written twice as its last value, as CloudFormation deploys it, with the last one's line", () => {
    // A copy-pasted property, as published templates have them (aws-samples/serverless-patterns
    // appsync-dynamodb-singletable: AuthenticationType twice); and a logical id written twice.
    const text = [
      "Resources:",
      "  Api:",
      "    Type: AWS::AppSync::GraphQLApi",
      "    Properties:",
      "      AuthenticationType: AMAZON_COGNITO_USER_POOLS",
      "      AuthenticationType: API_KEY",
      "  AgentRole:",
      "    Type: AWS::IAM::Role",
      "    Properties: { ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }",
      "  AgentRole:",
      "    Type: AWS::IAM::Role",
      "    Properties: { ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess] }",
      "",
    ].join("\n");
    const parsed = parseSource(text);
    expect(parsed.value).toEqual({
      Resources: {
        Api: { Type: "AWS::AppSync::GraphQLApi", Properties: { AuthenticationType: "API_KEY" } },
        AgentRole: { Type: "AWS::IAM::Role", Properties: { ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
      },
    });
    expect(parsed.lineOf("/Resources/Api/Properties/AuthenticationType")).toBe(6);
    expect(parsed.lineOf("/Resources/AgentRole/Properties/ManagedPolicyArns/0")).toBe(12);
    expect(() => parseSource("a: 1\n'a': 2\n")).not.toThrow();
    expect(() => parseSource("a: 1\n1: 2\n'1': 3\n")).toThrow(SourceParseError);
  });
});
