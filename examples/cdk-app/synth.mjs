// node examples/cdk-app/synth.mjs OUTDIR: synthesize in-process into OUTDIR and print what
// AgentGuardrails reported (exit 0: the demo then runs `agent-guardrail scan OUTDIR`).
import { buildApp } from "./service.mjs";

const outdir = process.argv[2];
if (!outdir) {
  console.error("usage: node examples/cdk-app/synth.mjs OUTDIR");
  process.exit(2);
}

function messages(assembly) {
  const own = assembly.stacks.flatMap((stack) => stack.messages);
  return own.concat(assembly.nestedAssemblies.flatMap((nested) => messages(nested.nestedAssembly)));
}

const assembly = buildApp(outdir).synth();
for (const m of messages(assembly)) {
  if (m.level === "error" || m.level === "warning") console.log(`[${m.level}] ${m.id}: ${m.entry.data}`);
}
