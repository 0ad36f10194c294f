/**
 * What a template may deploy where it writes `Fn::If`: either branch, so both count (fail
 * closed), and `Ref: AWS::NoValue` removes the element that holds it. Used for the list
 * properties that attach policies (Roles, ManagedPolicyArns, ...) and for the statements of the
 * policy documents a template holds.
 */
import { childPointer } from "../source/pointer.js";
import { isRecord } from "../is-record.js";
import { intrinsicKey } from "./intrinsics.js";

export interface Deployed {
  value: unknown;
  pointer: string;
}

const MAX_DEPTH = 30;

/**
 * The values a list property may hold once deployed, each with its pointer: both branches of
 * every Fn::If, without `Ref: AWS::NoValue`. Anything else is kept as written.
 */
export function deployedValues(value: unknown, pointer: string, depth = 0): Deployed[] {
  const branches = intrinsicKey(value) === "Fn::If" && isRecord(value) ? value["Fn::If"] : undefined;
  if (Array.isArray(branches) && branches.length === 3 && depth < MAX_DEPTH) {
    return [1, 2].flatMap((i) => deployedValues(branches[i], childPointer(pointer, "Fn::If", i), depth + 1));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => deployedValues(v, childPointer(pointer, i), depth + 1));
  if (isRecord(value) && intrinsicKey(value) === "Ref" && value["Ref"] === "AWS::NoValue") return [];
  return value === undefined ? [] : [{ value, pointer }];
}

/**
 * Whether a value holds an `Fn::If` or a `Ref: AWS::NoValue` anywhere: what a deployed value
 * may differ by. (`[dynamodb:DeleteTable, !Ref AWS::NoValue]` outside any Fn::If is a list of one.)
 */
function holdsIf(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (Array.isArray(value)) return value.some((v) => holdsIf(v, depth + 1));
  if (!isRecord(value)) return false;
  const key = intrinsicKey(value);
  if (key === "Fn::If" || (key === "Ref" && value["Ref"] === "AWS::NoValue")) return true;
  return Object.values(value).some((v) => holdsIf(v, depth + 1));
}

/** Statement elements whose lists may hold an Fn::If (each branch is another deployable statement). */
const LIST_ELEMENTS = ["Action", "NotAction", "Resource", "NotResource"] as const;

/**
 * More variants than this for one statement: it is left as written, and the parser reads what it
 * cannot as its widest Allow with an input error (fail closed).
 */
const MAX_VARIANTS = 64;

export interface DeployedStatement extends Deployed {
  /** Position of the statement in the document's Statement list as written. */
  index: number;
}

/**
 * The statements a policy document may deploy, when it writes Fn::If in its Statement list or in
 * a statement's Action/NotAction/Resource/NotResource/Principal; undefined when it writes none
 * (the document is read as it is). Each way a statement may be deployed is a statement of its
 * own: for an Allow, any of them may grant. A Deny that the template may or may not deploy in
 * that form protects nothing (fail closed), so it is left out.
 */
export function deployedStatements(document: unknown, pointer: string): DeployedStatement[] | undefined {
  if (!isRecord(document) || !holdsIf(document["Statement"])) return undefined;
  const raw = document["Statement"];
  const written: DeployedStatement[] = Array.isArray(raw)
    ? raw.map((value, index) => ({ value, pointer: childPointer(pointer, "Statement", index), index }))
    : [{ value: raw, pointer: childPointer(pointer, "Statement"), index: 0 }];
  const out: DeployedStatement[] = [];
  for (const statement of written) {
    const branched = intrinsicKey(statement.value) === "Fn::If";
    for (const deployed of deployedValues(statement.value, statement.pointer)) {
      const variants = statementVariants(deployed.value);
      // Under a statement-level Fn::If, or in one of several forms: it may not be deployed as it is.
      const conditional = branched || variants.length > 1;
      for (const value of variants) {
        if (conditional && isRecord(value) && value["Effect"] === "Deny") continue;
        out.push({ value, pointer: deployed.pointer, index: statement.index });
      }
    }
  }
  return out;
}

/** A statement's deployable forms: one per combination of the branches of its lists. */
function statementVariants(statement: unknown): unknown[] {
  if (!isRecord(statement)) return [statement];
  let variants: Record<string, unknown>[] = [statement];
  const principal = statement["Principal"];
  const elements: [string, unknown][] = LIST_ELEMENTS.map((key) => [key, statement[key]]);
  for (const [key, value] of elements) {
    if (!holdsIf(value)) continue;
    // An empty Action or Resource list is a policy IAM rejects: that form is never deployed.
    const all = listForms(value);
    const forms = all.some((f) => f.length > 0) ? all.filter((f) => f.length > 0) : all;
    if (forms.length * variants.length > MAX_VARIANTS) return [statement];
    variants = variants.flatMap((v) => forms.map((form) => ({ ...v, [key]: form })));
  }
  // Who a resource policy admits: a list of principals, whichever branch is deployed (an Allow's union).
  if (isRecord(principal) && holdsIf(principal["AWS"])) {
    const aws = deployedValues(principal["AWS"], "").map((d) => d.value);
    variants = variants.map((v) => ({ ...v, Principal: { ...principal, AWS: aws } }));
  }
  return variants;
}

/**
 * The lists one element may be deployed as: the elements outside any Fn::If in every form, and
 * each Fn::If's branch in turn. `[A, If(c, B, NoValue)]` is `[A, B]` or `[A]`.
 */
function listForms(value: unknown, depth = 0): unknown[][] {
  if (depth > MAX_DEPTH) return [[value]];
  if (intrinsicKey(value) === "Fn::If" && isRecord(value)) {
    const branches = value["Fn::If"];
    if (!Array.isArray(branches) || branches.length !== 3) return [[value]];
    return [1, 2].flatMap((i) => listForms(branches[i], depth + 1));
  }
  if (isRecord(value) && intrinsicKey(value) === "Ref" && value["Ref"] === "AWS::NoValue") return [[]];
  if (!Array.isArray(value)) return [[value]];
  let forms: unknown[][] = [[]];
  for (const item of value) {
    const itemForms = listForms(item, depth + 1);
    if (forms.length * itemForms.length > MAX_VARIANTS) return [value];
    forms = forms.flatMap((f) => itemForms.map((g) => [...f, ...g]));
  }
  return forms;
}
