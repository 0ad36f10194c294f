import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  isRecord
} from "./chunk-ERERLVZB.js";

// src/core/cfn/assembly.ts
import path from "node:path";
function environment(env) {
  const m = typeof env === "string" ? /^aws:\/\/([^/]+)\/(.+)$/.exec(env) : null;
  if (!m) return {};
  const account = m[1] && /^\d{12}$/.test(m[1]) ? m[1] : void 0;
  const region = m[2] && !m[2].startsWith("unknown-") ? m[2] : void 0;
  return { ...account ? { account } : {}, ...region ? { region } : {} };
}
function readAssemblyManifest(manifest, dir) {
  const file = path.join(dir, "manifest.json");
  const stacks = [];
  const nestedAssemblies = [];
  const errors = [];
  if (!isRecord(manifest) || !isRecord(manifest["artifacts"])) {
    return { stacks, nestedAssemblies, errors: [{ file, message: "not a cloud assembly manifest: no artifacts" }] };
  }
  for (const [artifactId, artifact] of Object.entries(manifest["artifacts"])) {
    if (!isRecord(artifact)) continue;
    const props = isRecord(artifact["properties"]) ? artifact["properties"] : {};
    if (artifact["type"] === "cdk:cloud-assembly") {
      if (typeof props["directoryName"] === "string") nestedAssemblies.push(path.join(dir, props["directoryName"]));
      else errors.push({ file, message: `nested assembly ${artifactId} has no directoryName` });
      continue;
    }
    if (artifact["type"] !== "aws:cloudformation:stack") continue;
    if (typeof props["templateFile"] !== "string") {
      errors.push({ file, message: `stack ${artifactId} has no templateFile` });
      continue;
    }
    const tags = isRecord(props["tags"]) ? Object.fromEntries(Object.entries(props["tags"]).filter((e) => typeof e[1] === "string")) : {};
    const env = environment(artifact["environment"]);
    stacks.push({
      artifactId,
      stackName: typeof props["stackName"] === "string" ? props["stackName"] : artifactId,
      templateFile: path.join(dir, props["templateFile"]),
      tags,
      ...env,
      // CDK writes the property only when protection is on.
      terminationProtection: props["terminationProtection"] === true,
      ...typeof artifact["displayName"] === "string" ? { stagePath: artifact["displayName"] } : {}
    });
  }
  return { stacks, nestedAssemblies, errors };
}

export {
  readAssemblyManifest
};
