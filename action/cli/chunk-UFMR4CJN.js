import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-UOL4YUVM.js";

// src/core/guarded.ts
function guardedEvaluation(file, evaluate) {
  try {
    return evaluate();
  } catch (error) {
    return { findings: [], errors: [{ file, message: `could not be evaluated (internal error: ${errorMessage(error)}); nothing in it was checked` }] };
  }
}
function evaluateTemplateSet(templates, evaluate) {
  try {
    return evaluate([...templates]);
  } catch {
    const findings = [];
    const errors = [];
    for (const template of templates) {
      const evaluated = guardedEvaluation(template.file, () => evaluate([template]));
      findings.push(...evaluated.findings);
      errors.push(...evaluated.errors);
    }
    return { findings, errors };
  }
}

export {
  guardedEvaluation,
  evaluateTemplateSet
};
