import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-5HVCDFU6.js";
import {
  parseJson
} from "./chunk-VOIQVE24.js";
import {
  errorMessage
} from "./chunk-UOL4YUVM.js";
import {
  SourceParseError,
  detectFormat,
  withoutByteOrderMark
} from "./chunk-ORPBBT7N.js";
import {
  compareText
} from "./chunk-UWV76DWW.js";

// src/cli/inputs.ts
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
var CANDIDATE_EXTENSIONS = /* @__PURE__ */ new Set([".json", ".yaml", ".yml", ".template"]);
var SKIPPED_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git"]);
function describeFsError(error) {
  const code = error.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory (or a broken link)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    default:
      return code ?? errorMessage(error);
  }
}
async function isCloudAssembly(dir) {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
    return typeof manifest === "object" && manifest !== null && typeof manifest.artifacts === "object";
  } catch (error) {
    if (error.code === "ENOENT") return false;
    return true;
  }
}
async function readParsedFile(file, maxBytes, explicit) {
  try {
    const info = await stat(file);
    if (info.size > maxBytes) {
      const mb = (n) => (n / (1024 * 1024)).toFixed(1);
      return { file, message: `file is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB limit (raise it with --max-file-size)` };
    }
    const text = await readFile(file, "utf8");
    if (text.trim() === "") return { file, message: "file is empty" };
    const body = withoutByteOrderMark(text);
    const parsed = detectFormat(body) === "json" ? parseJson(body) : (await import("./chunk-E3WOZMT6.js")).parseYaml(body);
    return { ...parsed, file, explicit };
  } catch (error) {
    if (error instanceof SourceParseError) return { file, ...error.line ? { line: error.line } : {}, message: error.message };
    return { file, message: `cannot read: ${describeFsError(error)}` };
  }
}
async function collectInputs(paths, maxBytes = DEFAULT_MAX_FILE_BYTES) {
  const out = { files: [], assemblies: [], errors: [] };
  const visit = async (target, explicit) => {
    let info;
    try {
      info = await stat(target);
    } catch (error) {
      out.errors.push({ file: target, message: `cannot read: ${describeFsError(error)}` });
      return;
    }
    if (info.isDirectory()) {
      if (await isCloudAssembly(target)) {
        out.assemblies.push(target);
        return;
      }
      let entries;
      try {
        entries = await readdir(target, { withFileTypes: true });
      } catch (error) {
        out.errors.push({ file: target, message: `cannot list directory: ${describeFsError(error)}` });
        return;
      }
      for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        const child = path.join(target, entry.name);
        if (entry.isDirectory()) await visit(child, false);
        else if (CANDIDATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) await visit(child, false);
      }
      return;
    }
    const parsed = await readParsedFile(target, maxBytes, explicit);
    if ("value" in parsed) out.files.push(parsed);
    else out.errors.push(parsed);
  };
  for (const p of paths) await visit(p, true);
  return out;
}

export {
  isCloudAssembly,
  readParsedFile,
  collectInputs
};
