/**
 * Evaluation that fails closed per input: what one input's unexpected failure becomes, shared by
 * `scan`, `audit`, the App's checks and the CDK Aspect.
 */
import { errorMessage, isTooDeep } from "./error-message.js";
import type { Finding, InputError } from "./finding.js";

export interface Evaluated {
  findings: Finding[];
  errors: InputError[];
}

/**
 * A failure nobody foresaw while evaluating one input (a bug, a shape no rule expected) is that
 * input's error, never a pass and never the end of the run: the caller still fails (exit 2, a
 * failing check, a synth error) and still evaluates and reports its other inputs.
 */
export function guardedEvaluation(file: string, evaluate: () => Evaluated): Evaluated {
  try {
    return evaluate();
  } catch (error) {
    // Evaluating, the stack also runs out on a loop a rule followed: both are said.
    const cause = isTooDeep(error) ? "ran out of stack: the input nests tens of thousands of levels deep, or a reference loop was followed" : `internal error: ${errorMessage(error)}`;
    return { findings: [], errors: [{ file, message: `could not be evaluated (${cause}); nothing in it was checked` }] };
  }
}

/**
 * Templates that belong together (exports and imports across stacks) are evaluated together. If
 * that fails, each is evaluated alone, so the failure names its template and the others are
 * judged (their imports from the others then unresolved: the worst case).
 */
export function evaluateTemplateSet<T extends { file: string }>(templates: readonly T[], evaluate: (templates: T[]) => Evaluated): Evaluated {
  try {
    return evaluate([...templates]);
  } catch {
    const findings: Finding[] = [];
    const errors: InputError[] = [];
    for (const template of templates) {
      const evaluated = guardedEvaluation(template.file, () => evaluate([template]));
      findings.push(...evaluated.findings);
      errors.push(...evaluated.errors);
    }
    return { findings, errors };
  }
}
