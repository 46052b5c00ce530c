import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "dist/**", "app/generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "data/**", ".tmp/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "smart"],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      // On SQLite the write client's connection is shared by every transaction of the process: a query run on it
      // outside a transaction lands in whichever transaction is open and is lost when that one rolls back.
      "no-restricted-syntax": [
        "error",
        {
          // Allowed: $transaction itself, and the statements of a batch transaction ($transaction([...])).
          selector:
            "MemberExpression[object.type='MemberExpression'][object.property.name='write'][property.name!='$transaction']:not(CallExpression[callee.property.name='$transaction'] > ArrayExpression *)",
          message: "Use database.write only through $transaction (app/db.server.ts says why).",
        },
      ],
    },
  },
);
