// @ts-check
/**
 * Keeps workflow code deterministic by construction: a file under workflows/ may import
 * values only from @temporalio/workflow and from other workflow files. Anything else
 * (Node built-ins, adapters, activity implementations) may be imported as a type only, which
 * the compiler erases, so it never reaches the workflow sandbox. The one exception is the
 * domain's zod schemas (src/domain, and zod itself): pure and deterministic, they let a
 * workflow check its own input with the very schema its callers are checked against (#16).
 */
const path = require('node:path');

const ALLOWED_PACKAGES = new Set(['@temporalio/workflow', 'zod']);

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'workflow files import @temporalio/workflow, workflow files and types only' },
    schema: [{ type: 'object', properties: { workflowsDir: { type: 'string' } }, additionalProperties: false }],
    messages: {
      forbidden:
        "workflow code may import values only from @temporalio/workflow and other workflow files; '{{source}}' must be imported with `import type`",
      dynamic: 'workflow code may not use require() or dynamic import()',
    },
  },
  create(context) {
    const option = context.options[0] ?? {};
    const workflowsDir = path.resolve(context.cwd, option.workflowsDir ?? 'workflows');
    const domainDir = path.resolve(context.cwd, 'src', 'domain');
    const file = context.filename;

    /** @param {string} source */
    const allowed = (source) => {
      if (ALLOWED_PACKAGES.has(source)) return true;
      if (!source.startsWith('.')) return false;
      const target = path.resolve(path.dirname(file), source);
      return [workflowsDir, domainDir].some((dir) => target === dir || target.startsWith(dir + path.sep));
    };

    /** @param {any} node */
    const typeOnly = (node) =>
      node.importKind === 'type' ||
      node.exportKind === 'type' ||
      (node.specifiers?.length > 0 &&
        node.specifiers.every((/** @type {any} */ s) => s.importKind === 'type' || s.exportKind === 'type'));

    /** @param {any} node */
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      if (typeOnly(node) || allowed(node.source.value)) return;
      context.report({ node, messageId: 'forbidden', data: { source: node.source.value } });
    };

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: (node) => context.report({ node, messageId: 'dynamic' }),
      /** @param {any} node */
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          context.report({ node, messageId: 'dynamic' });
        }
      },
    };
  },
};
