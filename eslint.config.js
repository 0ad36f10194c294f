import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "action/cli/**", "node_modules/**", "coverage/**", "reports/**", ".stryker-tmp/**", "examples/**/cdk.out/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  // The command-line bundle turns each chunk's exports into plain values once it has run
  // (scripts/bundle.js, withPlainExports): an exported binding must never be reassigned.
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "ExportNamedDeclaration > VariableDeclaration[kind!='const']", message: "Export a const: the CLI bundle reads exports as plain values (scripts/bundle.js)." }],
    },
  },
  // Jest plugins for Stryker runs (stryker/): CommonJS, because Stryker's environment wrapper require()s them.
  {
    files: ["stryker/**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", globalThis: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
