import ts from 'typescript';

/** Attributes a person reads (or hears from a screen reader). */
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt']);
/** What stays the same in every language: the product's name. */
const UNTRANSLATED = new Set(['Lookover']);

export interface HardCoded {
  line: number;
  text: string;
}

const hasWords = (text: string) => /\p{L}/u.test(text);
const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
/** Text that needs a translation: words, other than the product's name or a code example. */
const needsTranslation = (text: string) => {
  const trimmed = text.trim();
  return hasWords(trimmed) && !UNTRANSLATED.has(trimmed) && !isJson(trimmed);
};

/**
 * The words in a TSX file's markup that do not come from the catalog: JSX text, string and template
 * literals shown as children (also as either side of `?:`, `||` and `??`), and string values of
 * the attributes in READ_ATTRIBUTES. Calls (`t(...)`) are not looked into: their result is the
 * catalog's.
 */
export function findHardCodedStrings(fileName: string, source: string): HardCoded[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardCoded[] = [];
  const report = (node: ts.Node, text: string) => {
    if (needsTranslation(text))
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim() });
  };
  /** The literal text an expression shows, looking through the ways markup picks one. */
  const shown = (expression: ts.Expression | undefined) => {
    if (!expression) return;
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
      return report(expression, expression.text);
    if (ts.isTemplateExpression(expression))
      return report(
        expression,
        [expression.head.text, ...expression.templateSpans.map((s) => s.literal.text)].join(' '),
      );
    if (ts.isParenthesizedExpression(expression)) return shown(expression.expression);
    if (ts.isConditionalExpression(expression)) {
      shown(expression.whenTrue);
      return shown(expression.whenFalse);
    }
    if (ts.isBinaryExpression(expression)) {
      const op = expression.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
        return shown(expression.right);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return shown(expression.right);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent)) shown(node.expression);
    else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(file))) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value)) report(value, value.text);
      else if (value && ts.isJsxExpression(value)) shown(value.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
