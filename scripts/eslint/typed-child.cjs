// @ts-check
/**
 * The called workflow owns how it is called: `executeChild(serviceOrder, serviceOrderStart(…))`,
 * with the workflow function itself as first argument, so TypeScript checks the arguments
 * against the called workflow's own signature. A workflow named by a string, or a signature
 * written by hand (`executeChild<(r: X) => Promise<Y>>('serviceProblem', …)`), drifts from
 * the workflow silently; both are errors.
 */
const CHILD_CALLS = new Set(['executeChild', 'startChild']);

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'executeChild/startChild take the workflow function, not a name or a hand-written type' },
    schema: [],
    messages: {
      notFunction:
        '{{call}} must take the workflow function itself as first argument (import it from its file), not {{what}}',
      typeArguments:
        '{{call}} must not be given a type argument: the workflow function passed first carries its signature',
    },
  },
  create(context) {
    return {
      /** @param {any} node */
      CallExpression(node) {
        const callee = node.callee;
        const call =
          callee.type === 'Identifier'
            ? callee.name
            : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
              ? callee.property.name
              : null;
        if (!call || !CHILD_CALLS.has(call)) return;
        if (node.typeArguments ?? node.typeParameters) {
          context.report({ node, messageId: 'typeArguments', data: { call } });
        }
        const first = node.arguments[0];
        if (!first || first.type !== 'Identifier') {
          const what = !first
            ? 'nothing'
            : first.type === 'Literal' || first.type === 'TemplateLiteral'
              ? 'a workflow name'
              : `a ${first.type}`;
          context.report({ node: first ?? node, messageId: 'notFunction', data: { call, what } });
        }
      },
    };
  },
};
