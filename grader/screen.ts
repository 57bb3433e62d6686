/**
 * What the grader reads in a student's cell before running it (parsed with TypeScript, not matched as text):
 *  - whether it imports the library's answer to an exercise: a named import of one of the assignment's
 *    `library_answers` from 'wgan-lab', a namespace or default import of 'wgan-lab', an import of a file of the
 *    library or the project ('wgan-lab/...', a relative or absolute path), or a require()/import() of any of these or
 *    of a computed name. Such a cell is not run (its exercise earns nothing) and the feedback says why;
 *  - what in it reaches for the kernel's machinery (process, globalThis, eval, Node's fs/vm/inspector modules, ...):
 *    not refused (the sandbox and the tests' design defeat the attacks the README lists), but flagged for the
 *    instructor to read, since attacks on the machinery itself are out of the grader's scope.
 */
import ts from 'typescript';

/** The outcome of screening one cell. */
export interface Screening {
  /** Why the cell must not run (it imports an answer), or null. */
  rejected: string | null;
  /** What in it reaches for the kernel's machinery, for the instructor (empty for ordinary code). */
  flags: string[];
}

const LIBRARY = 'wgan-lab';
const MACHINERY_MODULES = new Set(['fs', 'fs/promises', 'vm', 'child_process', 'inspector', 'worker_threads', 'module', 'v8', 'net', 'http', 'https', 'os', 'process', 'cluster', 'repl']);
const MACHINERY_NAMES = new Set(['process', 'globalThis', 'global', 'eval', 'Function', '__tslab__', 'module', 'exports', 'Reflect']);

/** Why importing `specifier` is refused whatever is imported (a file of the library or the project), or null. */
function refusedPath(specifier: string): string | null {
  const bare = specifier.replace(/^node:/, '');
  if (bare.startsWith(`${LIBRARY}/`)) return `imports '${specifier}', a file of the library`;
  if (bare.startsWith('.') || bare.startsWith('/') || /^[A-Za-z]:[\\/]/.test(bare)) return `imports '${specifier}', a file by its path`;
  return null;
}

/** Screens one cell's code; `libraryAnswers` are the library's names that compute this assignment's answers. */
export function screenCell(code: string, libraryAnswers: readonly string[]): Screening {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const answers = new Set(libraryAnswers);
  let rejected: string | null = null;
  const flags = new Set<string>();
  const refuse = (why: string) => {
    rejected ??= why;
  };
  const moduleUse = (specifier: string, how: 'named' | 'whole' | 'side-effect', names: string[] = []) => {
    const bare = specifier.replace(/^node:/, '');
    if (MACHINERY_MODULES.has(bare)) flags.add(`loads Node's '${bare}' module`);
    if (/^(tslab|typescript|zeromq)(\/|$)/.test(bare)) flags.add(`loads the kernel's '${bare}'`);
    const byPath = refusedPath(specifier);
    if (byPath) return refuse(byPath);
    if (bare !== LIBRARY) return;
    if (how === 'whole') return refuse(`imports the whole of '${LIBRARY}' (a namespace, default or require import), which holds the answers`);
    const taken = names.filter((n) => answers.has(n));
    if (taken.length) refuse(`imports ${taken.join(', ')} from '${LIBRARY}', which compute${taken.length === 1 ? 's' : ''} an exercise's answer`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      if (!clause) moduleUse(node.moduleSpecifier.text, 'side-effect');
      else if (clause.name || (bindings && ts.isNamespaceImport(bindings))) moduleUse(node.moduleSpecifier.text, 'whole');
      else moduleUse(node.moduleSpecifier.text, 'named', bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => (e.propertyName ?? e.name).text) : []);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const names = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text) : null;
      moduleUse(node.moduleSpecifier.text, names ? 'named' : 'whole', names ?? []);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) moduleUse(e.text, 'whole');
      else refuse('loads a module whose name is computed');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      // require(...), and module.require(...), __tslab__.require(...) and the like.
      const isRequire = (ts.isIdentifier(callee) && callee.text === 'require') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'require');
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if (isRequire || isImport) {
        const arg = node.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) moduleUse(arg.text, 'whole');
        else refuse(`${isRequire ? 'require' : 'import'}s a module whose name is computed`);
      }
    }
    if (ts.isIdentifier(node) && MACHINERY_NAMES.has(node.text)) {
      const parent = node.parent;
      // A property called `process` (obj.process) or a declaration's own name is not the global.
      const isPropertyName = parent && (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) ||
        ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node;
      if (!isPropertyName) flags.add(`uses ${node.text}`);
    }
    const calledDirectly = node.parent && ts.isCallExpression(node.parent) && node.parent.expression === node;
    if (ts.isIdentifier(node) && node.text === 'require' && !calledDirectly && !(node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      refuse('passes require around (it could load the library under another name)');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { rejected, flags: [...flags].sort() };
}
