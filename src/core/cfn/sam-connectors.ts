/**
 * SAM connectors (`AWS::Serverless::Connector`, and `Connectors` embedded in a resource) written
 * into the template as the SAM transform writes them (samtranslator `SamConnector`, connector.py):
 * a connector whose profile makes a role's policy becomes an `AWS::IAM::ManagedPolicy`
 * (`<Connector>Policy`, or `<Connector>PolicyDestination<i>` for a list of destinations) with the
 * statements of its `Permissions`, on the role of the source (or, for a queue or stream read by a
 * function, of the destination); one whose profile makes a resource policy (a Lambda permission,
 * an SQS queue or SNS topic policy) grants a service, never a role, and adds nothing the rules read.
 * The template reader then judges those policies like any other, on whichever role they name.
 *
 * A connector stays as written, and the transform check reports it (fail closed), when any of its
 * destinations is not modelled: a reference SAM refuses (no `Id` nor `Type`, an `Id` the template
 * lacks), a pair of types no profile joins, `Permissions` SAM rejects, a role SAM cannot name
 * (none in the resource, or not a `Ref`/`Fn::GetAtt`), or a logical id the template already uses.
 */
import { isRecord } from "../is-record.js";
import { childPointer } from "../source/pointer.js";
import { sourcePointer } from "./foreach.js";
import { referencedLogicalId } from "./intrinsics.js";
import { CONNECTOR_RESOURCE_PROPERTIES, RESOURCE_POLICY_PROFILES, ROLE_POLICY_PROFILES } from "./sam-connector-profiles.js";

/** SAM resource types as the connector sees them once translated (connector.py `_SAM_TO_CFN_RESOURCE_TYPE`). */
const SAM_TO_CFN: Record<string, string> = {
  "AWS::Serverless::Function": "AWS::Lambda::Function",
  "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
  "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
  "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
  "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
};

/** What a connector knows of one end (connector.py `ConnectorResourceReference`): its type, the values its profile fills in, its role's name. */
interface End {
  type: string;
  arn?: unknown;
  name?: unknown;
  resourceId?: unknown;
  queueUrl?: unknown;
  qualifier?: unknown;
  roleName?: unknown;
}

interface Connector {
  id: string;
  /** Where it is written: its resource, or its entry under the source's `Connectors`. */
  pointer: string;
  properties: Record<string, unknown>;
  /** An embedded connector: the resource that holds it, and its name there. */
  embedded?: { in: string; name: string };
}

const withLogicalId = (value: unknown, id: string): unknown =>
  typeof value === "string" ? value.replaceAll("%{logicalId}", id) : Array.isArray(value) ? value.map((v) => withLogicalId(v, id)) : isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLogicalId(v, id)])) : value;

const nonBlank = (value: unknown): value is string => typeof value === "string" && value !== "";

/** One end of a connector (connector.py `get_resource_reference`), or undefined where SAM refuses it. */
function endOf(reference: unknown, other: unknown, resources: Record<string, unknown>): End | undefined {
  if (!isRecord(reference)) return undefined;
  const hasId = "Id" in reference;
  if (hasId === Object.keys(reference).some((k) => k !== "Id" && k !== "Qualifier")) return undefined;
  if (!hasId) {
    if (!nonBlank(reference["Type"])) return undefined;
    return {
      type: SAM_TO_CFN[reference["Type"]] ?? reference["Type"],
      arn: reference["Arn"],
      name: reference["Name"],
      resourceId: reference["ResourceId"],
      queueUrl: reference["QueueUrl"],
      qualifier: reference["Qualifier"],
      roleName: reference["RoleName"],
    };
  }
  const id = reference["Id"];
  const resource = nonBlank(id) ? resources[id] : undefined;
  if (!nonBlank(id) || !isRecord(resource) || !nonBlank(resource["Type"])) return undefined;
  const samType = resource["Type"] in SAM_TO_CFN;
  const type = SAM_TO_CFN[resource["Type"]] ?? resource["Type"];
  const known = CONNECTOR_RESOURCE_PROPERTIES[type] ?? {};
  const props = isRecord(resource["Properties"]) ? resource["Properties"] : {};
  // A SAM function or state machine names its role `Role` (its made role, once sam-roles.ts wrote it in).
  const roleProperty = samType ? "Role" : known.roleProperty;
  const role = roleProperty === null ? eventsRuleRole(props, isRecord(other) ? other : {}) : roleProperty === undefined ? undefined : props[roleProperty];
  const roleId = referencedLogicalId(role);
  return {
    type,
    arn: withLogicalId(known.arn, id),
    name: withLogicalId(known.name, id),
    resourceId: withLogicalId(known.id, id),
    queueUrl: withLogicalId(known.url, id),
    qualifier: "Qualifier" in reference ? reference["Qualifier"] : known.qualifier,
    roleName: roleId === undefined ? undefined : { Ref: roleId },
  };
}

/** The role of the rule's target that is the other end (connector.py `_get_events_rule_role`). */
function eventsRuleRole(props: Record<string, unknown>, other: Record<string, unknown>): unknown {
  const targets = Array.isArray(props["Targets"]) ? props["Targets"] : [];
  for (const target of targets) {
    if (!isRecord(target)) continue;
    const targetId = referencedLogicalId(target["Arn"]);
    if ((targetId !== undefined && targetId === other["Id"]) || (other["Arn"] !== undefined && JSON.stringify(target["Arn"]) === JSON.stringify(other["Arn"]))) return target["RoleArn"];
  }
  return undefined;
}

/** `%{Source.Arn}` and the like filled in, as profile.py `profile_replace` does (a partial match becomes `Fn::Sub`). */
function fill(value: unknown, replacements: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => fill(v, replacements));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, replacements)]));
  if (typeof value !== "string") return value;
  let text = value;
  const variables: Record<string, unknown> = {};
  for (const [key, replacement] of Object.entries(replacements)) {
    const pattern = `%{${key}}`;
    if (text === pattern) return replacement;
    if (!text.includes(pattern)) continue;
    const variable = key.replace(/[^A-Za-z0-9]/g, "");
    text = text.replaceAll(pattern, `\${${variable}}`);
    variables[variable] = replacement;
  }
  if (!/\$\{.+\}/.test(text)) return text;
  return Object.keys(variables).length ? { "Fn::Sub": [text, variables] } : { "Fn::Sub": text };
}

/** The connectors of the template, standalone and embedded (translator.py `_get_embedded_connectors`). */
function connectorsOf(resources: Record<string, unknown>): Connector[] {
  const out: Connector[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource)) continue;
    if (resource["Type"] === "AWS::Serverless::Connector") {
      out.push({ id, pointer: childPointer("/Resources", id), properties: isRecord(resource["Properties"]) ? resource["Properties"] : {} });
    }
    if (!isRecord(resource["Connectors"])) continue;
    for (const [name, connector] of Object.entries(resource["Connectors"])) {
      const written = isRecord(connector) && isRecord(connector["Properties"]) ? connector["Properties"] : undefined;
      const pointer = childPointer(`${childPointer("/Resources", id)}/Connectors`, name);
      if (!written) continue; // SAM refuses it: left to the transform check
      const { SourceReference: reference, ...rest } = written;
      // `Id` in SourceReference is refused: the source is the resource that holds the connector.
      if (reference !== undefined && (!isRecord(reference) || "Id" in reference)) continue;
      out.push({ id: `${id}${name}`, pointer, properties: { ...rest, Source: { Id: id, ...(isRecord(reference) ? reference : {}) } }, embedded: { in: id, name } });
    }
  }
  return out;
}

/** What a connector writes for one destination: the policy resource, with the access category of each of its statements. */
interface Written {
  policy?: [string, Record<string, unknown>];
  categories: string[];
}

function writtenFor(connector: Connector, destinationRef: unknown, index: number, many: boolean, resources: Record<string, unknown>): Written | undefined {
  const sourceRef = connector.properties["Source"];
  const destination = endOf(destinationRef, sourceRef, resources);
  const source = endOf(sourceRef, destinationRef, resources);
  const permissions = connector.properties["Permissions"];
  if (!destination || !source || !Array.isArray(permissions) || permissions.length === 0 || !permissions.every(nonBlank)) return undefined;
  const unique = [...new Set(permissions)];
  const profile = ROLE_POLICY_PROFILES[source.type]?.[destination.type] ?? RESOURCE_POLICY_PROFILES[source.type]?.[destination.type];
  if (!profile || !unique.every((p) => p in profile.categories)) return undefined;
  const sorted = [...unique].sort();
  if ("validCombinations" in profile && profile.validCombinations && !profile.validCombinations.some((c) => JSON.stringify([...c].sort()) === JSON.stringify(sorted))) return undefined;
  const replacements: Record<string, unknown> = {
    "Source.Arn": source.arn,
    "Destination.Arn": destination.arn,
    "Source.ResourceId": source.resourceId,
    "Destination.ResourceId": destination.resourceId,
    "Source.Name": source.name,
    "Destination.Name": destination.name,
    "Source.Qualifier": source.qualifier,
    "Destination.Qualifier": destination.qualifier,
  };
  // A value the profile needs that the reference does not give, in any category: SAM refuses the template ("… is missing").
  const needed = [...JSON.stringify(profile.categories).matchAll(/%\{([\w.]+)\}/g)].map((m) => m[1] as string);
  if (needed.some((key) => replacements[key] === undefined || replacements[key] === null)) return undefined;
  const holder = profile.sourcePolicy ? source : destination;
  if ("type" in profile) {
    // A queue's or topic's policy, or a Lambda permission: SAM needs the queue's URL or the ARN it names.
    const target = profile.type === "AWS_SQS_QUEUE_POLICY" ? holder.queueUrl : holder.arn;
    return target === undefined || target === null || target === "" ? undefined : { categories: [] };
  }
  if (holder.roleName === undefined || holder.roleName === null || holder.roleName === "") return undefined;
  const statements: unknown[] = [];
  const categories: string[] = [];
  for (const [category, written] of Object.entries(profile.categories)) {
    if (!unique.includes(category)) continue;
    statements.push(...written);
    categories.push(...written.map(() => category));
  }
  const document = fill({ Version: "2012-10-17", Statement: statements }, replacements);
  const id = many ? `${connector.id}PolicyDestination${index}` : `${connector.id}Policy`;
  return { policy: [id, { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: document, Roles: [holder.roleName] } }], categories };
}

/**
 * Writes the template's connectors in as SAM would (see the module comment), into `resources`;
 * each policy's lines are read at its connector. Returns whether anything changed.
 */
export function writeSamConnectors(resources: Record<string, unknown>, origins: Map<string, string>): boolean {
  let changed = false;
  for (const connector of connectorsOf(resources)) {
    const written = connector.properties["Destination"];
    const destinations = Array.isArray(written) ? written : [written];
    const results = destinations.map((d, i) => writtenFor(connector, d, i, Array.isArray(written), resources));
    if (destinations.length === 0 || results.some((r) => r === undefined || (r.policy !== undefined && r.policy[0] in resources))) continue;
    const permissions = connector.properties["Permissions"] as string[];
    for (const { policy, categories } of results as Written[]) {
      if (!policy) continue;
      const [id, resource] = policy;
      resources[id] = resource;
      const at = childPointer("/Resources", id);
      // A connector SAM writes itself (a GraphQL API's data source) is read where that was written.
      const from = (pointer: string): string => sourcePointer(pointer, origins);
      origins.set(at, from(connector.pointer));
      origins.set(`${at}/Properties/PolicyDocument`, from(`${connector.pointer}/Properties/Permissions`));
      // Each statement is read at the permission it comes from (`- Write`).
      categories.forEach((category, k) => origins.set(`${at}/Properties/PolicyDocument/Statement/${k}`, from(`${connector.pointer}/Properties/Permissions/${permissions.indexOf(category)}`)));
    }
    removeConnector(resources, connector);
    changed = true;
  }
  return changed;
}

/** The connector taken out of the template: its resource, or its entry (and an emptied `Connectors`). */
function removeConnector(resources: Record<string, unknown>, connector: Connector): void {
  if (!connector.embedded) {
    delete resources[connector.id];
    return;
  }
  const holder = resources[connector.embedded.in];
  if (!isRecord(holder) || !isRecord(holder["Connectors"])) return;
  const { [connector.embedded.name]: _removed, ...others } = holder["Connectors"];
  const { Connectors: _all, ...rest } = holder;
  resources[connector.embedded.in] = Object.keys(others).length ? { ...rest, Connectors: others } : rest;
}
