// What the machine's Python says about handlers and clocks: its classes and methods, and every
// call with its place (class, method, enclosing `for` loops) and what its result is kept in.
// Built from @lezer/python's syntax tree, so a string or a comment that looks like code is never
// taken for it. Lezer recovers from any syntax error; a file with one is reported, not guessed at.

import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { lineStarts, lineOf } from './lines.js';

/** One argument of a call as written. */
export interface PythonArgument {
  /** the source text with runs of white space made one space */
  text: string;
  /**
   * the value when the argument is a plain string literal (no f-string, no concatenation), or a
   * name bound to one and to nothing else: a local of the function, else a module constant (`ev`),
   * or a constant of the class (`self.EVENT`, `Class.EVENT`)
   */
  string: string | null;
  /** for `partial(f, …)` / `functools.partial(f, …)`: the text of f */
  partialOf: string | null;
}

/** A call expression of the machine's code. */
export interface PythonCall {
  /** 1-based line where the call starts */
  line: number;
  /** the called expression as dotted text (`self.machine.events.add_handler`, `Clock.schedule_interval`) */
  callee: string;
  /** the last name of the callee (`add_handler`) */
  name: string;
  positional: PythonArgument[];
  keywords: Map<string, PythonArgument>;
  /** the class whose body holds the call (innermost), null at module level */
  className: string | null;
  /** the function or method that holds the call (innermost), null outside one */
  functionName: string | null;
  /** the target when the call's value is assigned (`self._orbit_key = …` gives `self._orbit_key`) */
  assignedTo: string | null;
  /** X when the call is the argument of `X.append(…)` or `X.add(…)` */
  appendedTo: string | null;
  /** the iterables of the `for` loops around the call, innermost first */
  loopsOver: string[];
  /** the loop variables of those loops, in the same order */
  loopVariables: string[];
}

/** A `def` of the machine's code. */
export interface PythonFunction {
  name: string;
  line: number;
  /** the class the def is a method of, null for a module-level or nested function */
  className: string | null;
  /** names X of the `super().X(…)` calls in its body */
  superCalls: Set<string>;
}

/** A `class` of the machine's code. */
export interface PythonClass {
  name: string;
  line: number;
  /** the base classes as written (`Mode`, `mpf.core.mode.Mode`, `TargetBonus`) */
  bases: string[];
  /** its methods by name */
  methods: Map<string, PythonFunction>;
}

/** One Python file of the machine, indexed. */
export interface PythonModule {
  classes: PythonClass[];
  calls: PythonCall[];
  /** every plain string literal, with its line */
  strings: { value: string; line: number }[];
  /** the file's lines, for quoting */
  lines: string[];
}

/** Where a file stopped being Python. */
export interface PythonSyntaxError {
  line: number;
  message: string;
}

export function indexPython(source: string): PythonModule | PythonSyntaxError {
  const tree = parser.parse(source);
  const starts = lineStarts(source);
  let firstError: number | null = null;
  tree.iterate({
    enter(node) {
      if (firstError !== null) return false;
      if (node.type.isError) {
        firstError = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (firstError !== null) {
    return { line: lineOf(starts, firstError), message: 'not valid Python here' };
  }
  const module: PythonModule = { classes: [], calls: [], strings: [], lines: source.split(/\r?\n/) };
  const walker = new Walker(source, starts, module);
  walker.visit(tree.topNode, { className: null, classRecord: null, functionRecord: null, loops: [] });
  walker.resolveNames();
  return module;
}

export function isSyntaxError(value: PythonModule | PythonSyntaxError): value is PythonSyntaxError {
  return 'message' in value;
}

interface Scope {
  className: string | null;
  classRecord: PythonClass | null;
  functionRecord: PythonFunction | null;
  loops: { over: string; variable: string }[];
}

/**
 * What the names of one scope are bound to: the string constant when every binding of the name in
 * the scope binds that same constant, null when any binds something else (a call, a parameter,
 * a loop variable): then the name's value is not known from the code alone.
 */
type Bindings = Map<string, string | null>;

/** A call argument that is a name, to be read once every binding of the file is known. */
interface NamedArgument {
  argument: PythonArgument;
  node: SyntaxNode;
  scope: Scope;
}

/** Names that stand for the object of the method they are used in: `self.EVENT`, `cls.EVENT`. */
const OWN_OBJECT = new Set(['self', 'cls']);

class Walker {
  private readonly moduleBindings: Bindings = new Map();
  private readonly classBindings = new Map<PythonClass, Bindings>();
  private readonly functionBindings = new Map<PythonFunction, Bindings>();
  private readonly namedArguments: NamedArgument[] = [];

  constructor(
    private readonly source: string,
    private readonly starts: number[],
    private readonly module: PythonModule,
  ) {}

  /**
   * The string value of each call argument that is a name bound to one constant. Python binds a
   * name assigned anywhere in a function for the whole function, so the order of the lines does not
   * matter: a local first, else the module's; an attribute of `self`, `cls` or a class of the file
   * is the class body's constant, unless a method assigns that attribute too.
   */
  resolveNames(): void {
    for (const { argument, node, scope } of this.namedArguments) {
      if (node.name === 'VariableName') {
        const name = this.text(node);
        // A name bound in the function (a parameter too) or the class body is its own, never the module's.
        const own = scope.functionRecord !== null ? this.functionBindings.get(scope.functionRecord)
          : scope.classRecord !== null ? this.classBindings.get(scope.classRecord) : undefined;
        const bindings = own?.has(name) === true ? own : this.moduleBindings;
        argument.string = bindings.get(name) ?? null;
        continue;
      }
      const object = node.firstChild;
      const property = node.lastChild;
      if (object?.name !== 'VariableName' || property?.name !== 'PropertyName') continue;
      const objectName = this.text(object);
      const owner = OWN_OBJECT.has(objectName) ? scope.classRecord : this.module.classes.find((one) => one.name === objectName) ?? null;
      if (owner !== null) argument.string = this.classBindings.get(owner)?.get(this.text(property)) ?? null;
    }
  }

  visit(node: SyntaxNode, scope: Scope): void {
    switch (node.name) {
      case 'ClassDefinition':
        this.visitClass(node, scope);
        return;
      case 'FunctionDefinition':
        this.visitFunction(node, scope);
        return;
      case 'ForStatement':
        this.visitFor(node, scope);
        return;
      case 'CallExpression':
        this.visitCall(node, scope, null, null);
        return;
      case 'AssignStatement':
        this.visitAssign(node, scope);
        return;
      case 'UpdateStatement':
        // `ev += '_x'`: no longer the constant it was bound to.
        if (node.firstChild?.name === 'VariableName') bind(this.bindingsOf(scope), this.text(node.firstChild), null);
        this.visitChildren(node, scope);
        return;
      case 'String':
        this.recordString(node);
        return;
      default:
        this.visitChildren(node, scope);
    }
  }

  private visitChildren(node: SyntaxNode, scope: Scope): void {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) this.visit(child, scope);
  }

  private visitClass(node: SyntaxNode, scope: Scope): void {
    const name = node.getChild('VariableName');
    const argList = node.getChild('ArgList');
    const body = node.getChild('Body');
    const record: PythonClass = {
      name: name === null ? '' : this.text(name),
      line: this.line(node.from),
      bases: argList === null ? [] : splitArguments(argList).filter((group) => group.length === 1).map((group) => this.text(group[0]!)),
      methods: new Map(),
    };
    this.module.classes.push(record);
    if (argList !== null) this.visitChildren(argList, scope);
    if (body !== null) this.visitChildren(body, { className: record.name, classRecord: record, functionRecord: null, loops: [] });
  }

  private visitFunction(node: SyntaxNode, scope: Scope): void {
    const name = node.getChild('VariableName');
    const record: PythonFunction = {
      name: name === null ? '' : this.text(name),
      line: this.line(node.from),
      className: scope.functionRecord === null ? scope.className : null,
      superCalls: new Set(),
    };
    if (scope.classRecord !== null && scope.functionRecord === null && !scope.classRecord.methods.has(record.name)) {
      scope.classRecord.methods.set(record.name, record);
    }
    const params = node.getChild('ParamList');
    if (params !== null) {
      this.visitChildren(params, scope);
      const bindings = this.bindingsOf({ ...scope, functionRecord: record });
      for (let child = params.firstChild; child !== null; child = child.nextSibling) {
        // A parameter's default value follows its `=`: only the names before are parameters.
        if (child.name === 'VariableName' && child.prevSibling?.name !== 'AssignOp') bind(bindings, this.text(child), null);
      }
    }
    const body = node.getChild('Body');
    if (body !== null) this.visitChildren(body, { ...scope, functionRecord: record, loops: [] });
  }

  private visitFor(node: SyntaxNode, scope: Scope): void {
    // for TARGET in ITERABLE BODY: the iterable is the expression after `in`.
    let variable = '';
    let over = '';
    let seenIn = false;
    let body: SyntaxNode | null = null;
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.name === 'Body') body = child;
      else if (child.name === 'in') seenIn = true;
      else if (child.name !== 'for' && child.name !== 'async') {
        if (seenIn) over = this.text(child);
        else variable = this.text(child);
        this.visit(child, scope);
      }
    }
    for (const name of variable.split(',')) if (/^\s*\w+\s*$/.test(name)) bind(this.bindingsOf(scope), name.trim(), null);
    if (body !== null) this.visitChildren(body, { ...scope, loops: [{ over, variable }, ...scope.loops] });
  }

  private visitAssign(node: SyntaxNode, scope: Scope): void {
    const children: SyntaxNode[] = [];
    for (let child = node.firstChild; child !== null; child = child.nextSibling) children.push(child);
    this.recordBindings(children, scope);
    const value = children.at(-1);
    const firstTarget = children[0];
    const hasAssign = children.some((child) => child.name === 'AssignOp');
    for (const child of children) {
      if (child === value && hasAssign && child.name === 'CallExpression' && firstTarget !== undefined && firstTarget !== value) {
        // `a = b = call()`: the attribute target tells more than a local name.
        const targets = children.filter((one) => one !== value && one.name !== 'AssignOp' && one.name !== 'TypeDef');
        const target = targets.find((one) => one.name === 'MemberExpression') ?? targets[0]!;
        this.visitCall(child, scope, this.text(target), null);
      } else {
        this.visit(child, scope);
      }
    }
  }

  /**
   * The names an assignment binds: `NAME = 'constant'` (and `a = b = '…'`) to the constant; any
   * other value, or a tuple of targets, to something unknown. In a method, `self.NAME = …` binds
   * the attribute of the class's objects, so a class constant of that name is no longer sure.
   */
  private recordBindings(children: readonly SyntaxNode[], scope: Scope): void {
    const lastAssign = children.map((child) => child.name).lastIndexOf('AssignOp');
    if (lastAssign === -1) return;
    const targets = children.slice(0, lastAssign).filter((child) => child.name !== 'AssignOp' && child.name !== 'TypeDef');
    const values = children.slice(lastAssign + 1);
    const value = values.length === 1 && values[0]!.name === 'String' ? stringValue(this.source.slice(values[0]!.from, values[0]!.to)) : null;
    const tuple = targets.some((target) => target.name === ',');
    for (const target of targets) {
      if (target.name === 'VariableName') {
        bind(this.bindingsOf(scope), this.text(target), tuple ? null : value);
      } else if (target.name === 'MemberExpression' && scope.classRecord !== null && scope.functionRecord !== null) {
        const object = target.firstChild;
        const property = target.lastChild;
        if (object?.name === 'VariableName' && OWN_OBJECT.has(this.text(object)) && property?.name === 'PropertyName') {
          bind(this.classBindings.get(scope.classRecord) ?? this.newClassBindings(scope.classRecord), this.text(property), tuple ? null : value);
        }
      }
    }
  }

  /** The bindings of the innermost scope: the function, else the class body, else the module. */
  private bindingsOf(scope: Scope): Bindings {
    if (scope.functionRecord !== null) {
      let bindings = this.functionBindings.get(scope.functionRecord);
      if (bindings === undefined) this.functionBindings.set(scope.functionRecord, (bindings = new Map()));
      return bindings;
    }
    if (scope.classRecord !== null) return this.classBindings.get(scope.classRecord) ?? this.newClassBindings(scope.classRecord);
    return this.moduleBindings;
  }

  private newClassBindings(record: PythonClass): Bindings {
    const bindings: Bindings = new Map();
    this.classBindings.set(record, bindings);
    return bindings;
  }

  private visitCall(node: SyntaxNode, scope: Scope, assignedTo: string | null, appendedTo: string | null): void {
    const calleeNode = node.firstChild;
    const argList = node.getChild('ArgList');
    const callee = calleeNode === null || calleeNode === argList ? '' : this.text(calleeNode);
    const name = callee.slice(callee.lastIndexOf('.') + 1);
    const positional: PythonArgument[] = [];
    const keywords = new Map<string, PythonArgument>();
    const groups = argList === null ? [] : splitArguments(argList);
    for (const group of groups) {
      const first = group[0]!;
      if (group.length >= 3 && group[1]!.name === 'AssignOp' && first.name === 'VariableName') {
        keywords.set(this.text(first), this.argument(group[2]!, scope));
      } else if (group.length === 1) {
        positional.push(this.argument(first, scope));
      }
    }
    if (scope.functionRecord !== null && calleeNode !== null && isSuperMember(calleeNode, this.source)) {
      scope.functionRecord.superCalls.add(name);
    }
    this.module.calls.push({
      line: this.line(node.from),
      callee,
      name,
      positional,
      keywords,
      className: scope.className,
      functionName: scope.functionRecord?.name ?? null,
      assignedTo,
      appendedTo,
      loopsOver: scope.loops.map((loop) => loop.over),
      loopVariables: scope.loops.map((loop) => loop.variable),
    });
    if (calleeNode !== null && calleeNode !== argList) this.visit(calleeNode, scope);
    // `self.keys.append(add_handler(…))`: the inner call's key is kept in self.keys.
    const collects = (name === 'append' || name === 'add') && calleeNode?.name === 'MemberExpression';
    for (const group of groups) {
      for (const part of group) {
        if (collects && group.length === 1 && part.name === 'CallExpression') {
          this.visitCall(part, scope, null, callee.slice(0, callee.lastIndexOf('.')));
        } else {
          this.visit(part, scope);
        }
      }
    }
  }

  private recordString(node: SyntaxNode): void {
    const value = stringValue(this.source.slice(node.from, node.to));
    if (value !== null) this.module.strings.push({ value, line: this.line(node.from) });
  }

  private argument(node: SyntaxNode, scope: Scope): PythonArgument {
    const string = node.name === 'String' ? stringValue(this.source.slice(node.from, node.to)) : null;
    const argument = { text: this.text(node), string, partialOf: this.partialOf(node) };
    if (node.name === 'VariableName' || node.name === 'MemberExpression') this.namedArguments.push({ argument, node, scope });
    return argument;
  }

  private partialOf(node: SyntaxNode): string | null {
    if (node.name !== 'CallExpression') return null;
    const callee = node.firstChild;
    if (callee === null || !['partial', 'functools.partial'].includes(this.text(callee))) return null;
    const argList = node.getChild('ArgList');
    const first = argList === null ? undefined : splitArguments(argList)[0];
    return first?.length === 1 ? this.text(first[0]!) : null;
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to).replace(/\s+/g, ' ');
  }

  private line(offset: number): number {
    return lineOf(this.starts, offset);
  }
}

// A name bound once more: to the same constant it stays known, to anything else it is not.
function bind(bindings: Bindings, name: string, value: string | null): void {
  const bound = bindings.get(name);
  bindings.set(name, bound === undefined || bound === value ? value : null);
}

// `super().X` or `super(Class, self).X`.
function isSuperMember(node: SyntaxNode, source: string): boolean {
  if (node.name !== 'MemberExpression') return false;
  const object = node.firstChild;
  if (object?.name !== 'CallExpression') return false;
  const callee = object.firstChild;
  return callee?.name === 'VariableName' && source.slice(callee.from, callee.to) === 'super';
}

// The arguments of an ArgList, each as its nodes between two commas, without the brackets.
function splitArguments(argList: SyntaxNode): SyntaxNode[][] {
  const groups: SyntaxNode[][] = [];
  let current: SyntaxNode[] = [];
  for (let child = argList.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === '(' || child.name === ')') continue;
    if (child.name === ',') {
      if (current.length > 0) groups.push(current);
      current = [];
    } else {
      current.push(child);
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

// A plain one-line string literal's value; escapes other than quotes and backslashes are kept as
// written (event and widget names have none). Prefixed strings other than u/r are not plain.
function stringValue(literal: string): string | null {
  const prefix = /^[uUrR]?/.exec(literal)![0];
  const body = literal.slice(prefix.length);
  for (const quote of ['"""', "'''", '"', "'"]) {
    if (body.length >= quote.length * 2 && body.startsWith(quote) && body.endsWith(quote)) {
      const inner = body.slice(quote.length, body.length - quote.length);
      return prefix === '' || prefix === 'u' || prefix === 'U' ? inner.replace(/\\(['"\\])/g, '$1') : inner;
    }
  }
  return null;
}
