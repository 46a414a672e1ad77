import Handlebars from 'handlebars';
import { ValidationError } from '../../errors.js';
import { BUILTIN_HELPERS } from './helpers.js';
import type { Schema } from './variables.js';

type Node = hbs.AST.Node & { loc?: hbs.AST.SourceLocation };
type Scope = { schema: Schema; parent?: Scope };

interface Problem {
  line: number;
  column: number;
  message: string;
}

function at(node: Node, message: string): Problem {
  return { line: node.loc?.start.line ?? 1, column: (node.loc?.start.column ?? 0) + 1, message };
}

/**
 * Checks a template before it is saved: it must compile, and every variable and helper it uses
 * must exist. Errors name the line and column, so the editor can point at them.
 */
export function checkTemplate(
  source: string,
  options: { schema?: Schema; helpers: string[]; field?: string },
): void {
  const field = options.field ?? 'body';
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
    Handlebars.precompile(source, { strict: true });
  } catch (error) {
    const e = error as Error & {
      lineNumber?: number;
      column?: number;
      hash?: { loc?: { first_line: number; first_column: number } };
    };
    const line = e.lineNumber ?? e.hash?.loc?.first_line ?? Number(/line (\d+)/.exec(e.message)?.[1] ?? 1);
    const column = (e.column ?? e.hash?.loc?.first_column ?? 0) + 1;
    const got = /got '([^']+)'/.exec(e.message)?.[1];
    const reason = got
      ? got === 'EOF'
        ? 'syntax error: the template ends inside an open {{#block}}, or a {{ is not closed'
        : `syntax error near ${got.toLowerCase().replaceAll('_', ' ')}`
      : `syntax error: ${e.message
          .split('\n')[0]!
          .replace(/^Parse error on line \d+:?\s*/, '')
          .replace(/ - \d+:\d+$/, '')}`;
    throw new ValidationError(field, `line ${line}, column ${column}: ${reason}`);
  }
  const problems: Problem[] = [];
  const helpers = new Set([...BUILTIN_HELPERS, ...options.helpers]);
  walkProgram(ast, options.schema ? { schema: options.schema } : undefined);
  if (problems.length) {
    const first = problems[0]!;
    throw new ValidationError(field, `line ${first.line}, column ${first.column}: ${first.message}`);
  }

  function walkProgram(program: hbs.AST.Program | undefined, scope: Scope | undefined) {
    for (const statement of program?.body ?? []) walkStatement(statement as Node, scope);
  }

  function walkStatement(node: Node, scope: Scope | undefined) {
    switch (node.type) {
      case 'MustacheStatement':
      case 'SubExpression': {
        const call = node as hbs.AST.MustacheStatement;
        const isCall =
          call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
        checkCallee(call.path as Node, isCall, scope);
        walkParams(call, scope);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const name = (block.path as hbs.AST.PathExpression).original;
        walkParams(block, scope);
        if (name === 'each' || name === 'with') {
          const target = block.params[0] ? resolve(block.params[0] as Node, scope) : undefined;
          const inner =
            name === 'each' && target && typeof target === 'object' && 'array' in target
              ? target.array
              : target;
          walkProgram(block.program, scope && inner ? { schema: inner, parent: scope } : undefined);
        } else {
          if (!helpers.has(name)) problems.push(at(block.path as Node, `unknown helper "${name}"`));
          walkProgram(block.program, scope);
        }
        walkProgram(block.inverse, scope);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        problems.push(at(node, 'partials are not available in letters and emails'));
        return;
      default:
        return;
    }
  }

  function walkParams(call: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scope: Scope | undefined) {
    for (const param of [...call.params, ...(call.hash?.pairs.map((p) => p.value) ?? [])]) {
      if (param.type === 'SubExpression') walkStatement(param as Node, scope);
      else if (param.type === 'PathExpression') resolve(param as Node, scope);
    }
  }

  function checkCallee(path: Node, isCall: boolean, scope: Scope | undefined) {
    if (path.type !== 'PathExpression') return;
    const original = (path as hbs.AST.PathExpression).original;
    if (isCall) {
      if (!helpers.has(original)) problems.push(at(path, `unknown helper "${original}"`));
      return;
    }
    if (helpers.has(original) && !original.includes('.')) return;
    resolve(path, scope);
  }

  /** The schema at a path, or a problem when the path does not exist. */
  function resolve(node: Node, scope: Scope | undefined): Schema | undefined {
    if (node.type !== 'PathExpression' || !scope) return undefined;
    const path = node as hbs.AST.PathExpression;
    if (path.data) return 'scalar';
    let current: Scope | undefined = scope;
    for (let i = 0; i < path.depth; i++) current = current?.parent;
    if (!current) {
      problems.push(at(node, `"${path.original}" goes above the template's top level`));
      return undefined;
    }
    let schema: Schema = current.schema;
    for (const part of path.parts) {
      if (part === 'length' && typeof schema === 'object' && 'array' in schema) return 'scalar';
      if (typeof schema === 'object' && 'object' in schema && part in schema.object) {
        schema = schema.object[part]!;
        continue;
      }
      problems.push(at(node, `unknown variable "${path.original}"`));
      return undefined;
    }
    return schema;
  }
}
