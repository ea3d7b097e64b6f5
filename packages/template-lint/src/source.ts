import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  Pair,
  parseDocument,
} from 'yaml';

/** A path into the template, e.g. `['spec', 'steps', 2, 'input', 'name']`. */
export type YamlPath = ReadonlyArray<string | number>;

/**
 * A template's YAML with positions: the parsed value for the rules, and the line and column of any
 * path for their messages (the `yaml` package's node ranges and line counter).
 */
export class TemplateSource {
  readonly value: any;
  readonly syntaxErrors: Array<{
    line: number;
    column: number;
    message: string;
  }>;
  private readonly lines = new LineCounter();
  private readonly doc;

  constructor(readonly file: string, text: string) {
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
    });
    this.syntaxErrors = this.doc.errors.map(e => {
      const pos = this.lines.linePos(e.pos[0]);
      return {
        line: pos.line,
        column: pos.col,
        message: e.message.split('\n')[0],
      };
    });
    this.value = this.syntaxErrors.length ? undefined : this.doc.toJS();
  }

  /** Line and column of the value at `path` (or of its key), else of its nearest existing parent. */
  position(
    path: YamlPath,
    options: { key?: boolean } = {},
  ): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let best: Node | undefined = node as Node;
    let pair: Pair | undefined;
    for (const segment of path) {
      pair = undefined;
      if (isMap(node)) {
        pair = node.items.find(
          p => (isScalar(p.key) ? p.key.value : p.key) === segment,
        ) as Pair | undefined;
        node = pair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        node = undefined;
      }
      if (!node && !pair) break;
      best = (options.key && pair?.key ? pair.key : node ?? pair?.key) as Node;
    }
    const offset = best?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** The exact source text of the scalar at `path` (to compare expressions as written). */
  text(path: YamlPath): string | undefined {
    const node = this.doc.getIn(path as Array<string | number>, true);
    if (!isScalar(node) || !node.range) return undefined;
    return String(node.source ?? node.value);
  }
}
