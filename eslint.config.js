// ESLint with typescript-eslint's strict, type-aware rules; Prettier owns formatting.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "demo-output/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
      "@typescript-eslint/no-unnecessary-condition": ["error", { allowConstantLoopConditions: true }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  // The house's walls (docs/architecture.md). The decision and the statistics are pure; providers know
  // nothing of GitHub; only runtime.ts touches the process, the clock and the runner.
  {
    files: ["src/**/*.ts"],
    ignores: ["src/runtime.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "process", message: "Take env, the clock and output from the Runtime (src/runtime.ts)." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Take the clock from the Runtime (src/runtime.ts)." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Take the clock from the Runtime (src/runtime.ts).",
        },
      ],
    },
  },
  {
    files: ["src/rollout/**/*.ts", "src/stats/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../io/*", "../store/*", "../gates/*", "../report/*", "../runtime.ts", "../main.ts"],
              message:
                "rollout/ and stats/ are pure: they may use each other and ../format.ts, nothing with I/O.",
            },
            { group: ["node:*", "@actions/*", "@octokit/*"], message: "rollout/ and stats/ do no I/O." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/gates/providers/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../../store/*", "../../io/*", "../../report/*", "../../main.ts", "@octokit/*"],
              message: "A provider talks to its monitoring API only: no GitHub, inputs or reports.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["test/**", "harness/**", "scripts/**", "bench/**", "demo/**"],
    rules: {
      // Tests read parsed JSON and fixtures freely; the checks are the assertions themselves.
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-floating-promises": "off",
      "@typescript-eslint/no-confusing-void-expression": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/restrict-plus-operands": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/no-unnecessary-condition": "off",
      "@typescript-eslint/no-misused-promises": "off",
      "@typescript-eslint/no-misused-spread": "off",
      "@typescript-eslint/no-unnecessary-type-parameters": "off",
      "@typescript-eslint/no-unnecessary-type-conversion": "off",
      "preserve-caught-error": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
