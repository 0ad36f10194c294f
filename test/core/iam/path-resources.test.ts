/**
 * Paths limited to named resources (escalation-paths.yaml `resources`): writing where a workload
 * reads what it later runs. The CDK bootstrap's asset bucket (cdk-<qualifier>-assets-<account>-
 * <region>) holds templates and function code under their content hash, and CDK skips an asset
 * already there, so an object an agent writes there first is deployed as the CloudFormation
 * execution role; Glue runs the script at its ScriptLocation (Glue Studio: aws-glue-assets-…) at
 * every run, as the job's role.
 *
 * Expected before running: s3:PutObject on `*`, on `arn:aws:s3:::*` objects, on `cdk-*` or on the
 * bootstrap bucket escalates; on the agent's own bucket, on cdk.out-looking names of another
 * bucket, or with a Deny (or a NotResource, or the generated boundary) taking those buckets out,
 * it does not; reading the bucket does not.
 */
import { generateBoundary } from "../../../src/core/boundary/generate.js";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { allow, catalogue, deny, escalation, flaggedPaths, policy, PROD_ACCOUNT, role, source } from "./helpers.js";

const CDK_ASSETS = `arn:aws:s3:::cdk-hnb659fds-assets-${PROD_ACCOUNT}-us-east-1`;
const GLUE_ASSETS = `arn:aws:s3:::aws-glue-assets-${PROD_ACCOUNT}-us-east-1`;
const ids = (statements: Parameters<typeof flaggedPaths>[0]) => flaggedPaths(statements).ids.filter((id) => id.startsWith("s3-")).sort();

describe("writing the code a workload runs, where AWS or CDK keeps it", () => {
  it("s3:PutObject on every bucket reaches the CDK asset bucket and Glue's script bucket", () => {
    expect(ids([allow("s3:PutObject")])).toEqual(["s3-overwrite-cdk-asset", "s3-overwrite-glue-script"]);
    expect(ids([allow("s3:PutObject", "arn:aws:s3:::*/*")])).toEqual(["s3-overwrite-cdk-asset", "s3-overwrite-glue-script"]);
    expect(ids([allow("s3:Put*", "arn:aws:s3:::*")])).toEqual(["s3-overwrite-cdk-asset", "s3-overwrite-glue-script"]);
  });

  it("a grant on the bootstrap bucket, or on cdk-* buckets, is the CDK path only; on Glue's bucket the Glue path only", () => {
    expect(ids([allow("s3:PutObject", `${CDK_ASSETS}/*`)])).toEqual(["s3-overwrite-cdk-asset"]);
    expect(ids([allow("s3:PutObject", "arn:aws:s3:::cdk-*/*")])).toEqual(["s3-overwrite-cdk-asset"]);
    expect(ids([allow("s3:PutObject", `${GLUE_ASSETS}/scripts/*`)])).toEqual(["s3-overwrite-glue-script"]);
  });

  it("the agent's own buckets, a bucket merely named like cdk.out, and reads are no escalation", () => {
    expect(ids([allow("s3:PutObject", "arn:aws:s3:::orders-dev-artifacts/*")])).toEqual([]);
    expect(ids([allow("s3:PutObject", "arn:aws:s3:::my-cdk-out/*")])).toEqual([]);
    expect(ids([allow(["s3:GetObject", "s3:ListBucket"], "*")])).toEqual([]);
    // The bucket itself (not its objects) is no place an object is written.
    expect(ids([allow("s3:PutObject", CDK_ASSETS)])).toEqual([]);
  });

  it("a Deny or NotResource that takes those buckets out takes the path away; one that takes out another bucket does not", () => {
    expect(ids([allow("s3:PutObject"), deny("s3:PutObject", ["arn:aws:s3:::cdk-*-assets-*/*", "arn:aws:s3:::aws-glue-*/*"])])).toEqual([]);
    expect(ids([allow("s3:PutObject"), deny("s3:PutObject", "arn:aws:s3:::cdk-*/*")])).toEqual(["s3-overwrite-glue-script"]);
    expect(ids([allow("s3:PutObject"), deny("s3:PutObject", "arn:aws:s3:::orders-prod/*")])).toEqual(["s3-overwrite-cdk-asset", "s3-overwrite-glue-script"]);
    expect(ids([{ Effect: "Allow", Action: "s3:PutObject", NotResource: ["arn:aws:s3:::cdk-*-assets-*/*"] }])).toEqual(["s3-overwrite-glue-script"]);
  });

  it("the generated boundary, with the parts attached beside it, takes both paths away", () => {
    // The boundary and the parts attached beside it (the Denies do not fit one managed policy).
    const [boundary, ...parts] = generateBoundary({ kind: "boundary", catalogue, catalogueVersion: "test", policy }).policies.map((p) => source(p.name, p.document.Statement as unknown as Record<string, unknown>[]));
    if (!boundary) throw new Error("no boundary generated");
    const bounded = role([], { boundary, policies: [source("Inline", [allow("s3:PutObject")]), ...parts] });
    expect(escalation(bounded).filter((f) => /\(path s3-/.test(f.message))).toEqual([]);
    // Unbounded, the same role escalates, and the finding names the bucket pattern's path and action.
    const [finding] = escalation(role([allow("s3:PutObject")])).filter((f) => /\(path s3-overwrite-cdk-asset\)/.test(f.message));
    expect(finding?.actions).toContain("s3:PutObject");
  });
});

describe("a grant that could meet those buckets only inside a wildcard", () => {
  it("a bucket pattern around a word (AWS service policies' *sagemaker*, *personalize*) is no CDK or Glue bucket; one starting with their names is", () => {
    // AmazonSageMakerFeatureStoreAccess, AmazonPersonalizeFullAccess, AWSMobileHub_FullAccess, AWSAppFabricServiceRolePolicy
    for (const resource of ["arn:aws:s3:::*sagemaker*", "arn:aws:s3:::*personalize*/*", "arn:aws:s3:::*-mobilehub-*/*", "arn:aws:s3:::*/AWSAppFabric/*"]) {
      expect([resource, ids([allow("s3:PutObject", resource)])]).toEqual([resource, []]);
    }
    expect(ids([allow("s3:PutObject", "arn:aws:s3:::cdk-myapp-assets-*")])).toEqual(["s3-overwrite-cdk-asset"]);
    expect(ids([allow("s3:PutObject", "arn:aws:s3:::aws-glue-*")])).toEqual(["s3-overwrite-glue-script"]);
    expect(ids([allow("s3:PutObject", "arn:aws-cn:s3:::cdk-*")])).toEqual(["s3-overwrite-cdk-asset"]);
  });
});

describe("in a template", () => {
  const template = (bucket: string, resource = '!Sub "${Bucket.Arn}/*"') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BucketName: { Type: String }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
${bucket}
  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: claude-code-agent
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: write
          PolicyDocument:
            Statement:
              - { Effect: Allow, Action: s3:PutObject, Resource: ${resource} }
`;
  const paths = (bucket: string, resource?: string) => {
    const parsed = parseSource(template(bucket, resource));
    const { findings, errors } = evaluateTemplates([{ file: "t.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "Orders", account: PROD_ACCOUNT }], policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule === "agent-privilege-escalation").flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1]));
  };

  it("the template's own bucket, named by CloudFormation after the stack (orders-bucket-…) or by a parameter, is none of those buckets", () => {
    expect(paths("")).toEqual([]);
    // By its name (`Ref`), as a SAM policy template or an ARN built with Fn::Sub names it.
    expect(paths("", '!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"')).toEqual([]);
    expect(paths("    Properties: { BucketName: orders-reports }")).toEqual([]);
    // A name a parameter gives: the bucket is created here, so it is not the one cdk bootstrap made.
    expect(paths("    Properties: { BucketName: !Ref BucketName }")).toEqual([]);
    expect(paths("    Properties: { BucketName: !Ref BucketName }", '!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"')).toEqual([]);
  });

  /**
   * The bucket made by another template of the input, read through its export (a CDK app's
   * `bucket.grantPut(agentRole)` across stacks, slashdevops/idp-scim-sync's SAM artifact bucket):
   * created there, so none of those buckets, unless named as the CDK bootstrap names its own.
   * Before: the import kept the bucket's ARN and stack but not that the input creates it, so the
   * agent's PutObject counted for both paths.
   */
  it("another template's bucket, read through its export, is none of those buckets either", () => {
    const pathsAcross = (bucket: string) => {
      const data = parseSource(`Parameters:\n  BucketName: { Type: String }\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${bucket}\nOutputs:\n  Arn: { Value: !GetAtt Bucket.Arn, Export: { Name: data-bucket-arn } }\n`);
      const agents = parseSource(template("", '[!ImportValue data-bucket-arn, !Sub ["${Arn}/*", { Arn: !ImportValue data-bucket-arn }]]').replace(/ {2}Bucket:\n {4}Type: AWS::S3::Bucket\n\n/, ""));
      const { findings, errors } = evaluateTemplates(
        [
          { file: "data.yaml", value: data.value, lineOf: data.lineOf, stackName: "Data", account: PROD_ACCOUNT },
          { file: "agents.yaml", value: agents.value, lineOf: agents.lineOf, stackName: "Agents", account: PROD_ACCOUNT },
        ],
        policy,
        catalogue,
      );
      expect(errors).toEqual([]);
      return findings.filter((f) => f.rule === "agent-privilege-escalation").flatMap((f) => [...f.message.matchAll(/\(path ([a-z0-9-]+)\)/g)].map((m) => m[1]));
    };
    expect(pathsAcross("")).toEqual([]);
    expect(pathsAcross("    Properties: { BucketName: !Ref BucketName }")).toEqual([]);
    expect(pathsAcross('    Properties: { BucketName: !Sub "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}" }')).toEqual(["s3-overwrite-cdk-asset"]);
  });

  it("a bucket named as the CDK bootstrap names its staging bucket is the CDK asset bucket (aws-cdk-cli bootstrap-template.yaml StagingBucket)", () => {
    expect(paths('    Properties: { BucketName: !Sub "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}" }')).toEqual(["s3-overwrite-cdk-asset"]);
  });
});
