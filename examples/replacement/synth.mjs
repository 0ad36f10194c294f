// node examples/replacement/synth.mjs OUTDIR [key=value ...]: synthesize the orders app into OUTDIR
// with context values, like `cdk synth -c key=value -o OUTDIR`.
import { buildApp } from "./app.mjs";

const [outdir, ...pairs] = process.argv.slice(2);
if (!outdir || pairs.some((p) => !p.includes("="))) {
  console.error("usage: node examples/replacement/synth.mjs OUTDIR [key=value ...]");
  process.exit(2);
}
const context = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
buildApp(outdir, context).synth();
console.log(`synthesized ${outdir}${pairs.length ? ` with ${pairs.join(" ")}` : ""}`);
