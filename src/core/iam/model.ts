/**
 * What the IAM rules evaluate: principals with their policy documents, already resolved by an
 * adapter (CloudFormation template, cdk.out, account authorization details, live account).
 * Every document keeps the evidence that locates it, so each statement can be cited.
 */
import type { Evidence } from "../finding.js";

/**
 * A resource as a policy names it. Adapters resolve intrinsics to text; where a token pointed
 * at a resource whose production status is known (a `GetAtt` to a table of a staging stack),
 * they set `production` and it wins over the pattern. Unresolvable text becomes `*`.
 */
export interface ResourceRef {
  pattern: string;
  production?: boolean;
  /** Why `production` was set, for messages ("table Orders of stack ProdStack"). */
  origin?: string;
  /**
   * A template's secret: whether it holds a database administrator's login (its master secret),
   * known from the template; undefined elsewhere (then judged by its ARN: database-logins.ts).
   */
  adminSecret?: boolean;
  /**
   * A resource the template itself creates (its Ref or Arn): none of the resources AWS or another
   * tool made (the CDK asset bucket of an escalation path's `resources`) unless its name says so,
   * though a name CloudFormation makes up, or one a parameter gives, reads `*`.
   */
  createdHere?: boolean;
}

/** A policy document as found, not yet parsed: `parsePolicyDocument` validates it. */
export interface PolicySource {
  /** Policy name, managed policy ARN, or logical id. */
  name: string;
  /** The raw document (object), as it appears in the input (a string is URL-decoded/parsed first). */
  document: unknown;
  /** Locates the document itself; statements extend `pointer` with `/Statement/N`. */
  evidence: Evidence;
  /** Line of a pointer below `evidence.pointer` (absolute pointer), when the input has lines. */
  lineOf?: (pointer: string) => number | undefined;
  /**
   * Resolves a non-string Resource/NotResource element (a CloudFormation intrinsic).
   * Without it, any non-string element is a wildcard (fail closed).
   */
  resolveResource?: (raw: unknown) => ResourceRef;
  /**
   * Where each statement of `document` really is, by position, when the document was rebuilt from
   * another one (a resource-based policy's statements that grant one principal).
   */
  statementOrigins?: readonly { pointer: string; index: number }[];
  /**
   * A trust policy's AWS principals written with what the input does not resolve (`Ref
   * TrustedPrincipal`, an attribute of a custom resource), which `document` holds as `*` (fail
   * closed): a finding names them rather than saying the policy trusts everyone.
   */
  unresolvedPrincipals?: readonly string[];
}

export type PrincipalKind = "role" | "user" | "group";

/** A name a template may deploy a principal with, and what says so ("the defaults of its parameters"). */
export interface PossibleName {
  name: string;
  from: string;
}

/**
 * Kubernetes access an EKS access entry of the input gives a principal (kubernetes-access.ts):
 * access policies and groups are Kubernetes RBAC, not IAM, so no statement holds them.
 */
export interface KubernetesAccess {
  /** The cluster as the input names it (its name, or the expression it could not resolve). */
  cluster: string;
  /** The access policy's name (AmazonEKSClusterAdminPolicy), its ARN when not AWS's, or `group system:masters`. */
  policy: string;
  /** What gives it: `access entry`, `aws-auth ConfigMap`. */
  via: string;
  /** `cluster`, or the namespaces it is limited to. */
  scope: string;
  /** Whether the cluster is production: the access entry lives in the cluster's account and stack. */
  production: boolean;
  /** The access policy (or group) in the input. */
  evidence: Evidence;
}

export interface Principal {
  kind: PrincipalKind;
  /** What findings name: an ARN when known, else a logical id or construct path. */
  subject: string;
  /** Role/user name as AWS sees it (a logical id when CloudFormation generates the name). */
  name: string;
  /**
   * Names a template may deploy it with when its name is not literal (a parameter's default, a
   * pattern such as `*-claude-runner`): each is judged as its name would be.
   */
  possibleNames?: PossibleName[];
  arn?: string;
  /**
   * How trust policies of the same input name it when `arn` is not known: a template's role by
   * `!GetAtt` reads as `arn:aws:iam::*:role/*Runtime*` (account or name left to deployment). A
   * trust naming exactly this admits it as one naming its ARN would (trust.ts).
   */
  trustKey?: string;
  /** Account the principal lives in, when known: its `*` resources are in this account. */
  account?: string;
  /** Production status of the stack/account that holds the principal, when known. */
  production?: boolean;
  tags: Record<string, string>;
  trustPolicy?: PolicySource;
  /** Identity policies: inline and attached managed, and (for users) those of their groups. */
  policies: PolicySource[];
  /**
   * The permission boundary: a document, or "unresolved" when one is set but its content is
   * unknown (an imported managed policy): then the boundary cannot be proven to restrict.
   */
  boundary?: PolicySource | "unresolved";
  /**
   * The ARN of an "unresolved" boundary, when known: an AWS managed policy's published document
   * (the catalogue's) then limits as it does.
   */
  boundaryArn?: { arn: string; evidence: Evidence };
  /**
   * Managed policies attached by ARN whose documents are not in the input. They are reported
   * as not verifiable (fail closed), except the AWS managed policies the catalogue knows.
   */
  unresolvedPolicies?: { arn: string; evidence: Evidence }[];
  /**
   * Service control policies that apply, when given; otherwise results say "SCPs not verified".
   * Read as one set (AWS needs an Allow at each level of the organization; a level's SCPs allow
   * what any of them allows): an action is allowed when one of them allows it, and every Deny applies.
   */
  serviceControlPolicies?: PolicySource[];
  evidence: Evidence;
  /**
   * Set by an adapter that knows this principal must be treated as an agent whatever its name
   * (a bare policy document is evaluated as if attached to an agent role): the reason.
   */
  assumeAgent?: string;
  /** How messages name the principal instead of "Role <name>" (e.g. "Policy p.json, if attached to an agent role,"). */
  label?: string;
  /**
   * This is a copy of a role another template of the input defines (its stand-in or its name
   * here): the role's principal there holds this copy's policies too and is judged, once, for
   * both (cross-stack-roles.ts). The subject of that principal. The copy is not judged as an
   * agent, though other principals of its input may still reach it.
   */
  judgedWith?: string;
  /** Kubernetes access EKS access entries of the input give it (kubernetes-access.ts). */
  kubernetesAccess?: KubernetesAccess[];
  /**
   * Policies of the one role of another template this principal may be (its literal name there,
   * accounts not known), held in `policies` too so that what both grant counts together; what
   * they grant alone is that role's, and reported there (cross-stack-roles.ts).
   */
  mayBeHeldBy?: { subject: string; policies: readonly PolicySource[] };
}

/** One evaluation unit: all principals of a template, a cdk.out, an account snapshot. */
export interface IamInput {
  principals: Principal[];
  /** Production status of the whole input when known (stack tags/name, account lists). */
  production?: boolean;
  account?: string;
  /**
   * Every role of `account` is in `principals`: the account's authorization details, read to the
   * end with every entry readable. A role ARN or pattern of that account then names only roles the
   * input holds, and each is judged by what it can do (reach.ts).
   */
  wholeAccount?: boolean;
  /**
   * Roles of other inputs evaluated with this one (the other stacks of one app or scan): a
   * principal of this input may become them (a trust naming it, a role it passes or assumes), so
   * the search for whom it can become meets them, but they are judged in their own input.
   */
  reachable?: Principal[];
}
