/**
 * aws-custom-resource.ts: reading an AwsCustomResource's SDK calls as aws-cdk-lib writes them and
 * its handler reads them, and naming their IAM actions as aws-cdk-lib does. The shapes are those
 * of aws-cdk-lib 2.276 synths and of aws/aws-cdk's integration snapshots (Apache-2.0):
 * test/custom-resources/test/aws-custom-resource/integ.aws-custom-resource.js.snapshot (a
 * `Custom::SNSPublisher` and `Custom::SSMParameter` on the same handler, calls joined with Refs).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { callsThatRun, customResourceCalls, isAwsCustomResource, readSdkCall, sdkIamAction, type SdkCall } from "../../../src/core/cfn/aws-custom-resource.js";
import { SDK_V2_TO_V3, SDK_V3_COMMANDS, SDK_V3_IAM_PREFIX } from "../../../src/core/cfn/sdk-services.js";
import { destructiveTiers } from "../../../src/core/cfn/aws-custom-resource.js";
import { tierIndex } from "../../../src/core/iam/tiers.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const require = createRequire(import.meta.url);
const HELPERS = "aws-cdk-lib/custom-resources/lib/helpers-internal";
const cdk = require(HELPERS) as { awsSdkToIamAction(service: string, action: string): string };
// The package's exports do not list its JSON files: read beside the module that reads them.
const data = <T>(file: string): T => JSON.parse(readFileSync(path.join(path.dirname(require.resolve(HELPERS)), file), "utf8")) as T;
const at = { file: "t.json", pointer: "/Resources/R/Properties/Create" };
const HANDLER = { "Fn::GetAtt": ["AWS679f53fac002430cb0da5b7982bd22872D164C4C", "Arn"] };
// The resources the calls below name, as the integration snapshot's template types them.
const RESOURCES = { TopicBFC7AF6E: { Type: "AWS::SNS::Topic" }, Db: { Type: "AWS::RDS::DBCluster" }, Site: { Type: "AWS::S3::Bucket" } };
const callOf = (value: unknown): SdkCall => {
  const read = readSdkCall(value, at, RESOURCES);
  if (!("call" in read)) throw new Error(read.why);
  return read.call;
};

describe("the IAM action of a call, as aws-cdk-lib names it", () => {
  test("the copied service data is the installed aws-cdk-lib's (regenerate sdk-services.ts when it moves)", () => {
    const v2 = data<Record<string, string>>("sdk-v2-to-v3.json");
    const v3 = data<Record<string, { iamPrefix?: string; commands?: string[] }>>("sdk-v3-metadata.json");
    expect(SDK_V2_TO_V3).toEqual(v2);
    expect(SDK_V3_IAM_PREFIX).toEqual(Object.fromEntries(Object.entries(v3).filter(([k, v]) => v.iamPrefix !== undefined && v.iamPrefix !== k).map(([k, v]) => [k, v.iamPrefix])));
    expect(SDK_V3_COMMANDS).toEqual(Object.fromEntries(Object.entries(v3).filter(([, v]) => v.commands).map(([k, v]) => [k, v.commands])));
  });

  test("every service, in every spelling a call takes, names what awsSdkToIamAction names", () => {
    const v3 = data<Record<string, { commands?: string[] }>>("sdk-v3-metadata.json");
    const services = [...Object.keys(SDK_V2_TO_V3), ...Object.keys(v3), "DynamoDB", "CloudWatchLogs", "@aws-sdk/client-s3", "S3Control", "unknownservice"];
    const actions = ["deleteTable", "DeleteTable", "DeleteTableCommand", "deleteTableCommand", "ExecuteCommand", "SendCommand", "Command"];
    for (const service of services) for (const action of actions) expect(`${service} ${action} ${sdkIamAction(service, action)}`).toBe(`${service} ${action} ${cdk.awsSdkToIamAction(service, action)}`);
    // A service name that is an Object property is no service: read as written (aws-cdk-lib's
    // lookup reads the prototype, "function Object() { [native code] }:ToString").
    expect(sdkIamAction("constructor", "toString")).toBe("constructor:ToString");
  });
});

describe("reading a call", () => {
  test("JSON text (CDK 2), a Join with Refs inside its strings, as the integration snapshot writes it", () => {
    const join = {
      "Fn::Join": ["", ['{"service":"SNS","action":"publish","parameters":{"Message":"hello","TopicArn":"', { Ref: "TopicBFC7AF6E" }, '"},"physicalResourceId":{"id":"', { Ref: "TopicBFC7AF6E" }, '"}}']],
    };
    expect(callOf(join)).toEqual({
      service: "SNS",
      action: "publish",
      iamAction: "sns:Publish",
      text: 'SNS.publish {"Message":"hello","TopicArn":"${Ref TopicBFC7AF6E}"}',
      literals: ["hello"],
      computed: ["Ref TopicBFC7AF6E"],
      // The parameter that names what it acts on, made of a Ref alone.
      targets: [{ parameter: "TopicArn", resources: ["TopicBFC7AF6E"] }],
      physicalId: { unknown: "a value known at deployment" },
    });
    expect(callOf('{"service":"SSM","action":"getParameter","parameters":{"Name":"/x"},"physicalResourceId":{"responsePath":"Parameter.ARN"}}')).toMatchObject({ iamAction: "ssm:GetParameter", physicalId: { unknown: "the call's answer (Parameter.ARN)" } });
  });

  test("a token that stands for a whole value, a Sub, and the CDK 1 object with intrinsics in it", () => {
    // toJsonString writes a number or list token outside quotes.
    expect(callOf({ "Fn::Join": ["", ['{"service":"RDS","action":"modifyDBCluster","parameters":{"DBClusterIdentifier":"a","Port":', { "Fn::GetAtt": ["Db", "Endpoint.Port"] }, "}}"]] })).toMatchObject({
      text: 'RDS.modifyDBCluster {"DBClusterIdentifier":"a","Port":"${Fn::GetAtt Db.Endpoint.Port}"}',
      computed: ["Fn::GetAtt Db.Endpoint.Port"],
    });
    expect(callOf({ "Fn::Sub": ['{"service":"S3","action":"deleteBucket","parameters":{"Bucket":"${Name}-${AWS::Region}","Note":"${!Literal}"}}', { Name: "orders" }] })).toMatchObject({
      iamAction: "s3:DeleteBucket",
      literals: ["-", "${Literal}"],
      computed: ['"orders"', "Ref AWS::Region"],
    });
    expect(callOf({ service: "DynamoDB", action: "deleteTable", parameters: { TableName: { "Fn::ImportValue": "OrdersTableName" } } })).toMatchObject({ iamAction: "dynamodb:DeleteTable", computed: ["Fn::ImportValue OrdersTableName"], targets: [{ parameter: "TableName" }] });
    expect(callOf({ service: "S3", action: "deleteObjects", parameters: { Bucket: { Ref: "Site" }, Delete: {} } }).targets).toEqual([{ parameter: "Bucket", resources: ["Site"] }]);
    // The role it assumes names the account it acts in.
    expect(callOf({ service: "S3", action: "deleteBucket", parameters: { Bucket: "b" }, assumedRoleArn: "arn:aws:iam::222222222222:role/r" }).literals).toEqual(["b", "arn:aws:iam::222222222222:role/r"]);
  });

  test("what its handler cannot read either is said, not guessed", () => {
    const why = (value: unknown): string => {
      const read = readSdkCall(value, at, RESOURCES);
      return "why" in read ? read.why : "read";
    };
    expect(why("{not json")).toMatch(/is not the JSON text of an SDK call/);
    expect(why('{"service":"S3"}')).toBe("names no service and action (a string each)");
    expect(why({ "Fn::If": ["C", "{}", "{}"] })).toBe("is written with Fn::If: which call it makes is known only at deployment");
    expect(why({ "Fn::Join": [",", "not a list"] })).toBe("is written with Fn::Join: which call it makes is known only at deployment");
    // An action (or service) CloudFormation fills in may be any call, a delete included.
    expect(why({ "Fn::Join": ["", ['{"service":"DynamoDB","action":"', { Ref: "Action" }, '","parameters":{"TableName":"orders"}}']] })).toBe("names its service or action with a value known only at deployment: which call it makes cannot be told");
    expect(why({ "Fn::Sub": '{"service":"${Service}","action":"deleteTable"}' })).toBe("names its service or action with a value known only at deployment: which call it makes cannot be told");
    expect(why({ service: { Ref: "Service" }, action: "deleteTable" })).toBe("names no service and action (a string each)");
  });
});

describe("a value CloudFormation fills into the call's JSON text", () => {
  // aws-cdk-lib's handler (custom-resource-handlers/dist/custom-resources/aws-custom-resource-handler)
  // runs `JSON.parse(event.ResourceProperties.Create)` on the text CloudFormation wrote: a value
  // with a quote in it closes its string, and the last of two same keys wins.
  const lookup = (fill: unknown) => ({ "Fn::Join": ["", ['{"service":"DynamoDB","action":"describeTable","parameters":{"TableName":"', fill, '"}}']] });
  const why = (value: unknown, resources: Record<string, unknown> = {}): string => {
    const read = readSdkCall(value, at, resources);
    return "why" in read ? read.why : `read ${read.call.iamAction}`;
  };
  const template = {
    Orders: { Type: "AWS::DynamoDB::Table" },
    Name: { Type: "AWS::SSM::Parameter" },
    Lookup: { Type: "Custom::AWS" },
    Data: { Type: "AWS::CloudFormation::Stack" },
    Product: { Type: "AWS::ServiceCatalog::CloudFormationProvisionedProduct" },
    Registry: { Type: "Acme::Orders::Table" },
  };

  test("the attack is real: a parameter's value rewrites the action the handler calls", () => {
    const attack = 'x"},"action":"deleteTable","parameters":{"TableName":"orders';
    const handlerSees = JSON.parse(`{"service":"DynamoDB","action":"describeTable","parameters":{"TableName":"${attack}"}}`) as { action: string; parameters: unknown };
    expect(handlerSees).toEqual({ service: "DynamoDB", action: "deleteTable", parameters: { TableName: "orders" } });
    expect(why(lookup({ Ref: "TableName" }), template)).toBe(
      "fills Ref TableName into the call's JSON text at deployment: a quote or backslash in its value can close the string and name another call (the handler's JSON.parse keeps the last of two same keys), so which call runs cannot be told",
    );
  });

  test("any text fails closed: a parameter, an import, a custom resource's or a stack's value, free-text attributes, a dynamic reference", () => {
    const unread = [
      lookup({ Ref: "TableName" }),
      lookup({ "Fn::ImportValue": "OrdersTableName" }),
      lookup({ "Fn::GetAtt": ["Lookup", "Parameter.Value"] }),
      lookup({ Ref: "Lookup" }),
      lookup({ "Fn::GetAtt": ["Data", "Outputs.TableName"] }),
      lookup({ "Fn::GetAtt": ["Product", "Outputs.TableName"] }),
      lookup({ "Fn::GetAtt": ["Name", "Value"] }),
      lookup({ Ref: "Registry" }),
      lookup({ "Fn::FindInMap": ["Tables", "prod", "name"] }),
      lookup({ "Fn::Select": [0, { "Fn::Split": [",", { Ref: "TableNames" }] }] }),
      lookup({ "Fn::Sub": ["${T}", { T: { "Fn::ImportValue": "x" } }] }),
      lookup({ "Fn::Join": ["-", ["orders", { Ref: "Stage" }]] }),
      lookup({ "Fn::Sub": ["${T}", { T: 'x"},"action":"deleteTable' }] }),
      // A token outside quotes (toJsonString's numbers and lists) too.
      { "Fn::Join": ["", ['{"service":"DynamoDB","action":"describeTable","parameters":{"TableName":"orders","Limit":', { Ref: "Limit" }, "}}"]] },
    ];
    for (const value of unread) expect(why(value, template)).toMatch(/^fills .* into the call's JSON text at deployment/);
    const resolve = '{"service":"DynamoDB","action":"describeTable","parameters":{"TableName":"{{resolve:ssm:/orders/table}}"}}';
    expect(why(resolve)).toBe("holds a dynamic reference ({{resolve:...}}): CloudFormation writes its value into the call's JSON text, where a quote in it can name another call");
    expect(why({ "Fn::Join": ["", ['{"service":"DynamoDB","action":"describeTable","parameters":{"TableName":"{{resolve:secretsmanager:', { Ref: "AWS::Region" }, '}}"}}']] })).toMatch(/^holds a dynamic reference/);
    expect(why('{"service":"DynamoDB","action":"{{resolve:ssm:/action}}"}')).toBe("names its service or action with a value known only at deployment: which call it makes cannot be told");
    // CDK 1's object: CloudFormation fills a value into one string, which no quote in it can leave.
    expect(why({ service: "DynamoDB", action: "describeTable", parameters: { TableName: { Ref: "TableName" } } })).toBe("read dynamodb:DescribeTable");
  });

  test("identifiers are read: pseudo parameters, an AWS resource's physical id or identifier attribute, functions made of them", () => {
    const read = [
      lookup({ Ref: "Orders" }),
      lookup({ Ref: "Name" }),
      lookup({ "Fn::GetAtt": ["Orders", "Arn"] }),
      lookup({ "Fn::GetAtt": "Orders.StreamArn" }),
      lookup({ Ref: "AWS::AccountId" }),
      lookup({ "Fn::Select": [1, { "Fn::Split": ["/", { "Fn::GetAtt": ["Orders", "Arn"] }] }] }),
      lookup({ "Fn::Sub": "${Orders}-${AWS::Region}" }),
      lookup({ "Fn::Join": ["-", ["orders", { Ref: "AWS::StackName" }]] }),
    ];
    for (const value of read) expect(why(value, template)).toBe("read dynamodb:DescribeTable");
  });

  test("a key filled in at deployment fails closed, even an identifier: a table named action repeats the action", () => {
    const keyed = { "Fn::Join": ["", ['{"service":"DynamoDB","action":"describeTable","', { Ref: "Orders" }, '":"deleteTable","parameters":{"TableName":"orders"}}']] };
    expect(JSON.parse('{"service":"DynamoDB","action":"describeTable","action":"deleteTable"}')).toEqual({ service: "DynamoDB", action: "deleteTable" });
    expect(why(keyed, { Orders: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "action" } } })).toBe(
      "names a key of its JSON text with a value known only at deployment: it may repeat service, action or parameters, and the last one is called",
    );
    expect(why({ "Fn::Join": ["", ['{"service":"S3","action":"getObject","parameters":{"Bucket":"b","', { Ref: "AWS::Region" }, '":"x"}}']] })).toMatch(/^names a key of its JSON text/);
  });

  test("an AWS resource's Ref or ARN carries its name: a name with a quote, or filled with any text, fails closed", () => {
    const alarm = (name: unknown) => ({ Watch: { Type: "AWS::CloudWatch::Alarm", Properties: { AlarmName: name, Threshold: 1 } } });
    const describeAlarms = (fill: unknown) => ({ "Fn::Join": ["", ['{"service":"CloudWatch","action":"describeAlarms","parameters":{"AlarmNames":["', fill, '"]}}']] });
    // CloudWatch allows any UTF-8 in an alarm's name: the template writes the other call itself.
    expect(why(describeAlarms({ Ref: "Watch" }), alarm('x"]},"action":"deleteAlarms","parameters":{"AlarmNames":["orders-prod'))).toMatch(/^fills Ref Watch \(named by the text .*\) into the call's JSON text/);
    expect(why(describeAlarms({ "Fn::GetAtt": ["Watch", "Arn"] }), alarm({ Ref: "AlarmName" }))).toMatch(/^fills Fn::GetAtt Watch.Arn \(named by Ref AlarmName\) into/);
    expect(why(describeAlarms({ Ref: "Watch" }), alarm({ "Fn::Join": ["-", [{ Ref: "AWS::StackName" }, "latency"]] }))).toBe("read cloudwatch:DescribeAlarms");
    expect(why(describeAlarms({ Ref: "Watch" }), { Watch: { Type: "AWS::CloudWatch::Alarm", Properties: {} } })).toBe("read cloudwatch:DescribeAlarms");
    // IAM paths allow any printable ASCII, a quote too, and a role's ARN holds its path.
    const role = { Ops: { Type: "AWS::IAM::Role", Properties: { Path: '/x"},"action":"deleteRole","parameters":{"RoleName":"admin/', RoleName: "ops" } } };
    expect(why({ "Fn::Join": ["", ['{"service":"IAM","action":"getRole","parameters":{"RoleName":"', { "Fn::GetAtt": ["Ops", "Arn"] }, '"}}']] }, role)).toMatch(/^fills Fn::GetAtt Ops.Arn \(named by the text/);
  });

  // aws-cdk-lib 2.276's route53.VpcEndpointServiceDomainName, as synthesized here: StartVerification's
  // physical id is the TXT record EC2 generated, read by GetNames (describeVpcEndpointServiceConfigurations).
  test("another AwsCustomResource's answer: an identifier AWS generates is read; any other answer, or lookups naming each other, fail closed", () => {
    const handler = { ServiceToken: HANDLER };
    const getNames = (call: string) => ({ Type: "Custom::AWS", Properties: { ...handler, Create: { "Fn::Join": ["", [call, { Ref: "EndpointService" }, '"]}}']] } } });
    const describeConfigs = '{"service":"EC2","action":"describeVpcEndpointServiceConfigurations","parameters":{"ServiceIds":["';
    const names = { EndpointService: { Type: "AWS::EC2::VPCEndpointService" }, GetNames: getNames(describeConfigs), ReadParam: getNames('{"service":"SSM","action":"getParameters","parameters":{"Names":["') };
    const answer = (id: string, path: string) => ({ "Fn::GetAtt": [id, path] });
    const startVerification = (fill: unknown[]) => ({
      "Fn::Join": ["", ['{"service":"EC2","action":"startVpcEndpointServicePrivateDnsVerification","parameters":{"ServiceId":"', { Ref: "EndpointService" }, '"},"physicalResourceId":{"id":"', { "Fn::Join": [":", fill] }, '"}}']],
    });
    const generated = [answer("GetNames", "ServiceConfigurations.0.PrivateDnsNameConfiguration.Name"), answer("GetNames", "ServiceConfigurations.0.PrivateDnsNameConfiguration.Value")];
    expect(why(startVerification(generated), names)).toBe("read ec2:StartVpcEndpointServicePrivateDnsVerification");
    expect(why(startVerification([answer("GetNames", "ServiceConfigurations.0.Tags.0.Value")]), names)).toMatch(/^fills Fn::GetAtt GetNames.ServiceConfigurations.0.Tags.0.Value into/);
    expect(why(startVerification([answer("ReadParam", "Parameters.0.Value")]), names)).toMatch(/^fills Fn::GetAtt ReadParam.Parameters.0.Value into/);
    // The lookup's own call filled with a parameter: its answer is whatever that call reads.
    const onParameter = { ...names, GetNames: { Type: "Custom::AWS", Properties: { ...handler, Create: { "Fn::Join": ["", [describeConfigs, { Ref: "ServiceIdParameter" }, '"]}}']] } } } };
    expect(why(startVerification(generated), onParameter)).toMatch(/^fills Fn::GetAtt GetNames/);
    const cycle = { A: getNames(describeConfigs), B: getNames(describeConfigs) };
    (cycle.A.Properties.Create["Fn::Join"][1] as unknown[])[1] = answer("B", "ServiceConfigurations.0.ServiceId");
    (cycle.B.Properties.Create["Fn::Join"][1] as unknown[])[1] = answer("A", "ServiceConfigurations.0.ServiceId");
    expect(why(lookup(answer("A", "ServiceConfigurations.0.ServiceId")), cycle)).toMatch(/^fills Fn::GetAtt A.ServiceConfigurations.0.ServiceId into/);
  });
});

describe("which resources, and which calls run", () => {
  test("any resource type on AwsCustomResource's handler is one; the same calls behind another handler are not", () => {
    const props = { ServiceToken: HANDLER, Create: '{"service":"SNS","action":"listTopics"}' };
    expect(isAwsCustomResource({ Type: "Custom::SNSPublisher", Properties: props })).toBe(true);
    expect(isAwsCustomResource({ Type: "AWS::CloudFormation::CustomResource", Properties: { ...props, ServiceToken: { "Fn::GetAtt": "AWS679f53fac002430cb0da5b7982bd22872D164C4C.Arn" } } })).toBe(true);
    expect(isAwsCustomResource({ Type: "Custom::AWS", Properties: { ...props, ServiceToken: { "Fn::GetAtt": ["MyHandler", "Arn"] } } })).toBe(false);
    expect(isAwsCustomResource({ Type: "Custom::AWS", Properties: { ...props, ServiceToken: { "Fn::ImportValue": "handler" } } })).toBe(false);
    expect(isAwsCustomResource({ Type: "AWS::SNS::Topic", Properties: props })).toBe(false);
    const calls = customResourceCalls({ Type: "Custom::AWS", Properties: props }, (pointer) => ({ file: "t.json", pointer }), "/Resources/R", {});
    expect(Object.keys(calls ?? {})).toEqual(["Create"]);
    expect(calls?.Create?.evidence).toEqual({ file: "t.json", pointer: "/Resources/R/Properties/Create" });
  });

  test("an Update without a physicalResourceId keeps the id, so the old Delete does not run", () => {
    const read = (o: object) => readSdkCall(JSON.stringify(o), at, {});
    const del = read({ service: "S3", action: "deleteBucket" });
    const phases = (before: object, after: object) => callsThatRun("Modify", { Create: read(before), Delete: del }, { Update: read(after), Delete: del }).map((c) => c.phase);
    expect(phases({ service: "SSM", action: "getParameter" }, { service: "SSM", action: "getParameter" })).toEqual(["Update"]);
    expect(phases({ service: "SSM", action: "getParameter", physicalResourceId: { id: "a" } }, { service: "SSM", action: "getParameter", physicalResourceId: { id: "a" } })).toEqual(["Update"]);
    expect(phases({ service: "SSM", action: "getParameter", physicalResourceId: { id: "a" } }, { service: "SSM", action: "getParameter", physicalResourceId: { id: "b" } })).toEqual(["Update", "Delete"]);
    expect(callsThatRun("Add", undefined, { Delete: del })).toEqual([]);
    expect(callsThatRun("Remove", { Create: read({ service: "SSM", action: "getParameter" }) }, undefined)).toEqual([]);
  });
});

describe("aws-cdk's integration snapshots (test/fixtures/cfn/aws-custom-resources, Apache-2.0)", () => {
  // Verdicts in the fixture's README, decided before running: every call read, none destructive.
  test("each call is read, names the action its snapshot's policy grants, and destroys nothing", () => {
    const template = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../fixtures/cfn/aws-custom-resources/aws-cdk-integ-calls.template.json"), "utf8")) as { Resources: Record<string, unknown> };
    const index = tierIndex(loadCatalogue(), resolvePolicy().destructive);
    // The fixture holds the custom resources alone; what their Refs and GetAtts name, as the
    // snapshots' constructs type it (sns.Topic, ssm.StringParameter, dynamodb.Table, kms.Key):
    // identifiers, so filling them into the JSON text cannot name another call.
    const REFERENCED = { TopicBFC7AF6E: { Type: "AWS::SNS::Topic" }, Utf8Parameter6C885A19: { Type: "AWS::SSM::Parameter" }, myTableA48C5C70: { Type: "AWS::DynamoDB::Table" }, TestKey4CACAF33: { Type: "AWS::KMS::Key" } };
    const seen = Object.entries(template.Resources).map(([id, resource]) => {
      const calls = customResourceCalls(resource, (pointer) => ({ pointer }), `/Resources/${id}`, { ...template.Resources, ...REFERENCED }) ?? {};
      return [id, Object.values(calls).map((read) => ("call" in read ? `${read.call.iamAction}${destructiveTiers(read.call, index).length ? " destructive" : ""}` : read.why))];
    });
    expect(Object.fromEntries(seen)).toEqual({
      Publish2E9BDF73: ["sns:Publish", "sns:Publish"],
      ListTopicsCE1E0341: ["sns:ListTopics", "sns:ListTopics"],
      GetParameter42B0A00E: ["ssm:GetParameter", "ssm:GetParameter"],
      DescribeCluster6ADE1BC3: ["eks:DescribeCluster", "eks:DescribeCluster"],
      myCRE89CE839: ["dynamodb:PutItem", "dynamodb:PutItem"],
      myMemoryDbCustomResourceB5F95C30: ["memorydb:DescribeClusters", "memorydb:DescribeClusters"],
      KmsTestCrE0AD3F17: ["kms:GetPublicKey"],
      CrossAccountCR497957DE: ["sts:GetCallerIdentity"],
    });
  });
});
