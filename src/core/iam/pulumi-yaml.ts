/**
 * Pulumi YAML programs (`Pulumi.yaml` with `runtime: yaml`, or its `Main.yaml`) declare AWS
 * resources by Pulumi type token under `resources` (`type: aws:iam:Role`, `aws:iam/rolePolicy:RolePolicy`,
 * `aws-native:iam:Role`), with `${...}` interpolations and `fn::` functions Pulumi resolves at
 * deployment. They are not read here, and Pulumi writes no template to scan in their place: a
 * program that declares AWS IAM resources is an input error at the first (fail closed), never a
 * file skipped while its agent role goes unjudged. Its other resources change no IAM verdict.
 */
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";

/** An AWS IAM type token, short (`aws:iam:Role`) or full (`aws:iam/role:Role`), of the classic or native provider. */
const AWS_IAM_TOKEN = /^aws(-native)?:iam(\/[^:]*)?:[A-Za-z]/;

/**
 * Where a Pulumi YAML program declares AWS IAM resources (the first one's pointer) and which it
 * declares; undefined for any other value. A program is a mapping whose `resources` are named
 * mappings each with a `type` (a token of any package: `aws:s3:BucketV2`, `docker:Image`,
 * `kubernetes:core/v1:Service`), so a Kubernetes object's or a serverless.yml's `resources` is none.
 */
export function unreadPulumiYamlIam(value: unknown): { pointer: string; resources: string[] } | undefined {
  if (!isRecord(value) || !isRecord(value["resources"])) return undefined;
  const resources = Object.entries(value["resources"]);
  const typed = resources.filter(([, r]) => isRecord(r) && typeof r["type"] === "string");
  // Every resource of a program names its type; one entry without one makes this something else.
  if (typed.length === 0 || typed.length !== resources.length) return undefined;
  const iam = typed.filter(([, r]) => AWS_IAM_TOKEN.test((r as Record<string, unknown>)["type"] as string));
  const first = iam[0];
  if (!first) return undefined;
  return { pointer: childPointer("/resources", first[0]), resources: iam.map(([name, r]) => `${name} (${String((r as Record<string, unknown>)["type"])})`) };
}
