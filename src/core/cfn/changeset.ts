/**
 * Change-set classification (DESIGN.md "Change sets and stacks"): plain data describing a
 * CloudFormation change set (as DescribeChangeSet returns it, nested change sets included) and
 * the template facts that decide whether a removal really destroys anything (DeletionPolicy /
 * UpdateReplacePolicy). Pure: the AWS adapter and the template diff both produce this shape.
 */
import type { Evidence } from "../finding.js";
import type { ResourceTags } from "../production.js";
import type { RemovedInstances } from "./stack-set-instances.js";
import type { CustomResourceCalls } from "./aws-custom-resource.js";

export type ChangeAction = "Add" | "Modify" | "Remove" | "Import" | "Dynamic" | "SyncWithActual";
export type Replacement = "True" | "False" | "Conditional";

export interface ChangeDetail {
  /** Target.Attribute (Properties, Metadata, Tags, ...). */
  attribute?: string;
  /** Target.Name: the property that changed. */
  name?: string;
  /** Target.RequiresRecreation: Never | Conditionally | Always. */
  requiresRecreation?: string;
  causingEntity?: string;
  /**
   * ChangeSource: DirectModification, ResourceReference, ResourceAttribute, ParameterReference or
   * Automatic. Says what causingEntity is: a parameter (ParameterReference) is not a resource.
   * Template diffs also use TEMPLATE_INPUT: a condition or mapping whose definition changes.
   */
  changeSource?: string;
  /**
   * Template diffs only: the change impact `@aws-cdk/cloudformation-diff` read from the
   * CloudFormation registry schema (WILL_REPLACE, MAY_REPLACE, WILL_UPDATE), or "UNKNOWN" when
   * the schema has no entry for the property (or the type): the rule then fails closed.
   */
  impact?: string;
  /**
   * Template diffs only, for a property of a custom resource: its value in the base and in the
   * head, as written (intrinsics unresolved), for the handlers judged by what changes inside it.
   */
  values?: { before: unknown; after: unknown };
}

/**
 * ChangeSource of a template diff's change caused by a condition or mapping entry whose definition
 * changes while the resource's text stays (causingEntity: `condition IsProd`, `mapping Names`).
 * Not a CloudFormation value: a live change set has the values resolved.
 */
export const TEMPLATE_INPUT = "TemplateInput";

export interface ResourceChange {
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  action: string;
  replacement?: string;
  /**
   * Live change sets: ResourceChange.PolicyAction, what CloudFormation will do to the physical
   * resource (Delete, Retain, Snapshot, ReplaceAndDelete, ReplaceAndRetain, ReplaceAndSnapshot),
   * from the policies it will apply. When present it, not the deployed template, decides.
   */
  policyAction?: string;
  details: ChangeDetail[];
  /** Where this change came from (change-set ARN + pointer, or template file + line). */
  evidence: Evidence;
  /** For AWS::CloudFormation::Stack: the nested change set, when one was read. */
  nested?: ChangeSetFacts;
  /** Template diffs, on a Remove: logical ids of the same type added in the head (a renamed logical id). */
  addedSameType?: string[];
  /**
   * Template diffs, on a Remove: resources of the same type the head adds in a nested stack of
   * this stack (`Data/OrdersTable`): moved there, it is deleted here and created empty there.
   */
  addedInNestedStack?: string[];
  /**
   * Template diffs, on a Remove of a stateful type: resources of the same type the head adds in another
   * stack of the assembly (`orders-data/OrdersTable`): moved there, it is deleted (or left) here and created empty there.
   */
  addedInOtherStack?: string[];
  /**
   * Template diffs, on a Modify of a stack set: the stack instances its StackInstancesGroup no
   * longer lists, which CloudFormation deletes with every resource in them.
   */
  removedInstances?: RemovedInstances;
  /**
   * An AwsCustomResource's SDK calls (aws-custom-resource.ts), read from the deployed (base)
   * template and the one the change deploys (head, or the change set's own): the calls that run
   * are judged. `unread`: a template the calls are in could not be read (fail closed).
   */
  customCalls?: { before?: CustomResourceCalls; after?: CustomResourceCalls; unread?: string };
}

export interface StackProtections {
  /** undefined = not known (not read): reported as such. */
  terminationProtection?: boolean;
  stackPolicy?: boolean;
}

/** What decides whether a stack is production besides its name (DESIGN.md "Production scope"). */
export interface StackScope {
  tags: Record<string, string>;
  /** A CDK stack's resources' tags (StackFacts.resourceTags: `Tags.of(stack)` under `@aws-cdk/core:explicitStackTags`). */
  resourceTags?: ResourceTags[];
  account?: string;
  /** Where they are written (the head assembly's manifest). */
  evidence: Evidence;
}

export interface ChangeSetFacts {
  stackName: string;
  changeSetName: string;
  /** Change-set ARN or the template file: the subject prefix of findings. */
  id: string;
  account?: string;
  /** The stack's tags as deployed (DescribeStacks; the base assembly in a template diff). */
  tags: Record<string, string>;
  /** Template diffs of cloud assemblies: the base's resources' tags, which speak for a CDK stack (StackFacts.resourceTags). */
  resourceTags?: ResourceTags[];
  /**
   * Template diffs: the stack's tags and account in the head, when they differ from the deployed
   * ones. A change that makes a production stack non-production is judged with both: it cannot
   * make its own removals pass, nor the next change's unseen.
   */
  after?: StackScope;
  protections: StackProtections;
  /** From the stack's current template (GetTemplate): logical id → policy. undefined = unknown. */
  deletionPolicies?: Record<string, string>;
  updateReplacePolicies?: Record<string, string>;
  changes: ResourceChange[];
  /**
   * Template diffs: the whole stack is gone from the head assembly. Its stateful resources are
   * reported one by one, the rest in one finding for the stack.
   */
  removed?: boolean;
  /** Why a removed stack is gone, in words ("is no longer in the head assembly" when unset). */
  removedBecause?: string;
  /** Template diffs: where the stack itself is (its template's Resources). */
  stackEvidence?: Evidence;
  /**
   * The resources the change adds to this stack (logical id → type), when known: an
   * AwsCustomResource call that acts only on them destroys nothing that exists.
   */
  added?: Record<string, string>;
}

/** Resources that are a whole stack of their own: CloudFormation's, and SAM's application, which SAM makes one. */
export const NESTED_STACK_TYPES: ReadonlySet<string> = new Set(["AWS::CloudFormation::Stack", "AWS::Serverless::Application"]);

/** A stack set: one stack of its template (TemplateBody or TemplateURL) in each account and Region it lists. */
export const STACK_SET_TYPE = "AWS::CloudFormation::StackSet";

/**
 * A stack set's properties whose change reaches the resources in its stack instances: their
 * template, its parameters (and each group's ParameterOverrides), and which instances exist.
 */
export const STACK_SET_TEMPLATE_INPUTS: ReadonlySet<string> = new Set(["TemplateBody", "TemplateURL", "Parameters", "StackInstancesGroup"]);

/** Types whose delete/update effects CloudFormation cannot describe: fail closed on any change. */
export function isOpaqueResourceType(type: string): boolean {
  if (type === "AWS::CloudFormation::CustomResource") return true;
  // `Custom::Thing`, and registry (third-party or private) types: `Org::Service::Thing` outside AWS's namespaces.
  const ns = type.split("::")[0] ?? "";
  return !["AWS", "Alexa"].includes(ns);
}

/** Two sets of stack tags hold the same keys and values. */
export function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/** Resource changes in a change set, nested change sets included. */
export function countChanges(facts: ChangeSetFacts): number {
  return facts.changes.reduce((n, c) => n + 1 + (c.nested ? countChanges(c.nested) : 0), 0);
}
