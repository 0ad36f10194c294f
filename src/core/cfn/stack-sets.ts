/**
 * The templates a template's stack sets deploy (AWS::CloudFormation::StackSet `TemplateBody`):
 * CloudFormation creates a stack of it in every target account and Region, so a role it makes is
 * a role of each of those accounts. Each body is judged as a template of its own, in the stack
 * set's stacks (`StackSet-<StackSetName>`, in the one account its instances list, else in accounts
 * the template cannot name: production unless the configuration says otherwise), and cited in the
 * management template at its TemplateBody, with the path inside the body. A body that cannot be
 * read is an input error there: its resources would otherwise go unjudged (fail closed).
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import { inputErrorAt } from "../finding.js";
import { isRecord } from "../is-record.js";
import { parseEmbeddedText } from "../source/json.js";
import { detectFormat, withoutByteOrderMark } from "../source/source.js";
import { childPointer } from "../source/pointer.js";
import { intrinsicKey } from "./intrinsics.js";
import { isCloudFormationTemplate, templateLabel, type TemplateInput } from "./template.js";
import { STACK_SET_TYPE } from "./changeset.js";


/** Where a body's findings are cited: its file marker, and the management template's place for it. */
interface BodySite {
  file: string;
  pointer: string;
  line?: number;
}

export interface StackSetTemplates {
  /** The inputs given, each followed by the bodies of its stack sets. */
  templates: TemplateInput[];
  errors: InputError[];
  /** Evidence and errors of a body, moved to the management template's file and TemplateBody. */
  relocate: <T extends Finding | InputError>(item: T) => T;
}

export function withStackSetTemplates(inputs: readonly TemplateInput[]): StackSetTemplates {
  const errors: InputError[] = [];
  const sites = new Map<string, BodySite>();
  const templates: TemplateInput[] = [];
  // A body may hold stack sets of its own (a delegated administrator's): read to a few levels.
  const depthOf = new Map<TemplateInput, number>();
  const queue = [...inputs];
  for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
    templates.push(input);
    const depth = depthOf.get(input) ?? 0;
    const resources = isRecord(input.value) && isRecord(input.value["Resources"]) ? input.value["Resources"] : {};
    for (const [id, resource] of Object.entries(resources)) {
      if (!isRecord(resource) || resource["Type"] !== STACK_SET_TYPE) continue;
      const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
      const body = props["TemplateBody"];
      if (body === undefined) continue;
      const pointer = childPointer("/Resources", id, "Properties", "TemplateBody");
      const fail = (why: string) =>
        errors.push(relocate(inputErrorAt(input.file, pointer, input.lineOf, `stack set ${id}: its TemplateBody ${why}, so the resources it deploys to the stack set's accounts are not evaluated (fail closed)`)));
      if (depth >= MAX_BODY_DEPTH) {
        fail(`is a stack set's body ${depth} levels deep, which is not read`);
        continue;
      }
      if (typeof body !== "string") {
        const key = intrinsicKey(body);
        // JSON's form of YAML's `!Rain::Embed file` (a tag, refused when parsed).
        const rain = isRecord(body) ? Object.keys(body).find((k) => k.startsWith("Rain::")) : undefined;
        fail(key ? `is built with ${key}, which is not resolved here` : rain ? `is a Rain directive (${rain}): \`rain pkg\` writes the template there before deployment; scan the template it writes` : "is not text");
        continue;
      }
      const read = parseEmbeddedText(body);
      if ("why" in read) {
        fail(read.why);
        continue;
      }
      const { parsed } = read;
      if (!isCloudFormationTemplate(parsed.value)) {
        fail("is not a CloudFormation template");
        continue;
      }
      const line = input.lineOf?.(pointer);
      const site: BodySite = { file: input.file, pointer, ...(line !== undefined ? { line } : {}) };
      // A file name no other input has: the body's evidence is told apart from its parent's.
      const marker = `${input.file}#${pointer}`;
      sites.set(marker, site);
      const nested = bodyInput(input, id, props, marker, parsed.value, site);
      depthOf.set(nested, depth + 1);
      queue.push(nested);
    }
  }
  return { templates, errors, relocate };

  // Up through every body a place is in, to the file given: pointers joined, the outermost line.
  function moved(e: Evidence): Evidence {
    let out = e;
    for (let site = siteOf(out.file); site !== undefined; site = siteOf(out.file)) {
      const { line: _line, ...rest } = out;
      out = { ...rest, file: site.file, pointer: `${site.pointer}${out.pointer ?? ""}`, ...(site.line !== undefined ? { line: site.line } : {}) };
    }
    return out;
  }

  function relocate<T extends Finding | InputError>(item: T): T {
    if ("evidence" in item) return { ...item, evidence: item.evidence.map(moved) };
    const at = moved({ file: item.file });
    if (at.file === item.file) return item;
    return { ...item, file: at.file, ...(at.line !== undefined ? { line: at.line } : {}), message: `stack set body ${at.pointer ?? ""}: ${item.message}` };
  }

  function siteOf(file: string | undefined): BodySite | undefined {
    return file === undefined ? undefined : sites.get(file);
  }
}

const MAX_BODY_DEPTH = 3;

/** The stacks' scope: named as CloudFormation names them, tagged with the stack set's tags, in its one listed account. */
function bodyInput(parent: TemplateInput, id: string, props: Record<string, unknown>, file: string, value: unknown, site: BodySite): TemplateInput {
  const name = typeof props["StackSetName"] === "string" ? props["StackSetName"] : `${templateLabel(parent)}.${id}`;
  const tags: Record<string, string> = {};
  for (const tag of Array.isArray(props["Tags"]) ? props["Tags"] : []) {
    if (isRecord(tag) && typeof tag["Key"] === "string" && typeof tag["Value"] === "string") tags[tag["Key"]] = tag["Value"];
  }
  const accounts = new Set<string>();
  let unnamed = false;
  for (const group of Array.isArray(props["StackInstancesGroup"]) ? props["StackInstancesGroup"] : [undefined]) {
    const targets = isRecord(group) && isRecord(group["DeploymentTargets"]) ? group["DeploymentTargets"] : {};
    const listed = Array.isArray(targets["Accounts"]) ? targets["Accounts"] : [];
    // Organizational units, an accounts file, a filter that excludes: accounts the template does not name.
    if (listed.length === 0 || targets["OrganizationalUnitIds"] !== undefined || targets["AccountFilterType"] !== undefined || targets["AccountsUrl"] !== undefined) unnamed = true;
    for (const account of listed) {
      if (typeof account === "string" && /^\d{12}$/.test(account)) accounts.add(account);
      else unnamed = true;
    }
  }
  const [account] = accounts;
  return {
    file,
    value,
    lineOf: () => site.line,
    stackName: `StackSet-${name}`,
    ...(Object.keys(tags).length ? { stackTags: tags } : {}),
    ...(account !== undefined && accounts.size === 1 && !unnamed ? { account } : {}),
    ...(parent.region !== undefined ? { region: parent.region } : {}),
    // CloudFormation deletes these stacks through the stack set (its DeletionPolicy, RetainStacks),
    // not as stacks of their own: no termination protection of theirs to ask for.
    nestedIn: templateLabel(parent),
  };
}

/** Whether a template holds a stack set whose TemplateBody is YAML text: its reader loads the YAML parser first. */
export function stackSetBodiesNeedYaml(inputs: readonly TemplateInput[]): boolean {
  return inputs.some((input) => {
    const resources = isRecord(input.value) && isRecord(input.value["Resources"]) ? input.value["Resources"] : {};
    return Object.values(resources).some((r) => {
      const body = isRecord(r) && r["Type"] === STACK_SET_TYPE && isRecord(r["Properties"]) ? r["Properties"]["TemplateBody"] : undefined;
      return typeof body === "string" && detectFormat(withoutByteOrderMark(body)) === "yaml";
    });
  });
}
