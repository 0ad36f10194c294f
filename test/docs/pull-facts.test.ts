/**
 * docs/two-person-review.md documents the facts file (`PullFacts`) that `review --facts` reads:
 * the TypeScript block there must name exactly the fields, optionality and allowed values of the
 * schema the command validates with (src/core/review/facts.ts), nested ones included.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { z } from "zod";
import { pullFactsSchema } from "../../src/core/review/facts.js";

const root = path.resolve(import.meta.dirname, "../..");
const doc = readFileSync(path.join(root, "docs/two-person-review.md"), "utf8");

/** The first ```ts block after the facts file's heading. */
function documentedBlock(): string {
  const heading = doc.indexOf("## The facts file (`PullFacts`)");
  if (heading < 0) throw new Error("docs/two-person-review.md has no facts file section");
  const block = /```ts\n([\s\S]*?)```/.exec(doc.slice(heading));
  if (!block?.[1]) throw new Error("the facts file section has no ts block");
  return block[1];
}

/**
 * Every field as a path (`commits[].author.login`, `teams?` for an optional one, `{}` for a
 * record's values) and every allowed string as `path=value`, from the documented interfaces.
 */
function documentedPaths(source: string): Set<string> {
  const file = ts.createSourceFile("facts.ts", source, ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  file.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const out = new Set<string>();
  const members = (list: ts.NodeArray<ts.TypeElement>, at: string): void => {
    for (const member of list) {
      if (!ts.isPropertySignature(member) || !member.type) throw new Error(`unexpected member in ${at || "PullFacts"}: ${member.getText()}`);
      const name = `${at}${member.name.getText()}`;
      out.add(member.questionToken ? `${name}?` : name);
      type(member.type, name);
    }
  };
  const type = (node: ts.TypeNode, at: string): void => {
    if (ts.isTypeLiteralNode(node)) members(node.members, `${at}.`);
    else if (ts.isArrayTypeNode(node)) type(node.elementType, `${at}[]`);
    else if (ts.isUnionTypeNode(node)) for (const t of node.types) type(t, at);
    else if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) out.add(`${at}=${node.literal.text}`);
    else if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      if (name === "Record") type(node.typeArguments?.[1] as ts.TypeNode, `${at}{}`);
      else {
        const declared = interfaces.get(name);
        if (!declared) throw new Error(`${at}: no interface ${name} in the block`);
        members(declared.members, `${at}.`);
      }
    }
  };
  const facts = interfaces.get("PullFacts");
  if (!facts) throw new Error("the block declares no PullFacts interface");
  members(facts.members, "");
  return out;
}

/** The same paths, from the zod schema. */
function schemaPaths(): Set<string> {
  const out = new Set<string>();
  const walk = (schema: z.core.$ZodType, at: string): void => {
    const def = schema._zod.def;
    switch (def.type) {
      case "object":
        for (const [key, field] of Object.entries((def as z.core.$ZodObjectDef).shape)) {
          const name = at === "" ? key : `${at}.${key}`;
          out.add(field._zod.def.type === "optional" ? `${name}?` : name);
          walk(field, name);
        }
        break;
      case "optional":
      case "nullable":
        walk((def as z.core.$ZodOptionalDef).innerType, at);
        break;
      case "array":
        walk((def as z.core.$ZodArrayDef).element, `${at}[]`);
        break;
      case "record":
        walk((def as z.core.$ZodRecordDef).valueType, `${at}{}`);
        break;
      case "enum":
        for (const value of Object.values((def as z.core.$ZodEnumDef).entries)) out.add(`${at}=${String(value)}`);
        break;
      default:
        break;
    }
  };
  walk(pullFactsSchema, "");
  return out;
}

describe("the documented facts file", () => {
  it("names every field of the schema, optional where the schema is, with the values it allows", () => {
    const documented = documentedPaths(documentedBlock());
    const schema = schemaPaths();
    expect({ missingFromDocs: [...schema].filter((p) => !documented.has(p)).sort(), notInSchema: [...documented].filter((p) => !schema.has(p)).sort() }).toEqual({
      missingFromDocs: [],
      notInSchema: [],
    });
    // Not vacuous: nested fields and enum values are compared too.
    expect(schema).toContain("commits[].author.login");
    expect(schema).toContain("triggers?");
    expect(schema).toContain("triggers[].kind=deleted-comment");
    expect(schema).toContain("permissions{}=maintain");
  });
});
