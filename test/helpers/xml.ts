/**
 * A strict well-formedness check for the XML 1.0 subset the profile card uses (no DTD, no comments, no CDATA, no
 * processing instructions): every character is an XML 1.0 `Char`, tags nest and match, attribute values are quoted
 * and hold no `<`, `&` starts only the five predefined entity references or a character reference to a legal `Char`,
 * and no attribute repeats within a tag. Returns the problems found (empty: well-formed).
 */
export function xmlProblems(document: string): string[] {
  const problems: string[] = [];
  for (const char of document) {
    const c = char.codePointAt(0)!;
    const legal =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff);
    if (!legal) problems.push(`illegal character U+${c.toString(16).padStart(4, "0")}`);
  }
  const badReference = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
  const checkText = (text: string, where: string) => {
    if (badReference.test(text)) problems.push(`bare & in ${where}`);
    if (text.includes("<")) problems.push(`< in ${where}`);
  };

  const stack: string[] = [];
  let i = 0;
  let sawRoot = false;
  while (i < document.length) {
    const open = document.indexOf("<", i);
    const text = document.slice(i, open === -1 ? document.length : open);
    if (text !== "") {
      if (stack.length === 0 && text.trim() !== "") problems.push("text outside the root element");
      checkText(text, "character data");
      if (text.includes("]]>")) problems.push("]]> in character data");
    }
    if (open === -1) break;
    const close = findTagEnd(document, open);
    if (close === -1) {
      problems.push("unterminated tag");
      break;
    }
    const tag = document.slice(open + 1, close);
    i = close + 1;
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) problems.push(`mismatched </${name}>`);
      continue;
    }
    const selfClosing = tag.endsWith("/");
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^([A-Za-z_][\w.:-]*)/.exec(body);
    if (nameMatch === null) {
      problems.push(`bad tag <${tag.slice(0, 20)}>`);
      continue;
    }
    if (stack.length === 0 && sawRoot) problems.push("second root element");
    sawRoot = true;
    let rest = body.slice(nameMatch[1].length);
    const seen = new Set<string>();
    const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/;
    for (let m = attribute.exec(rest); m !== null; m = attribute.exec(rest)) {
      if (seen.has(m[1])) problems.push(`repeated attribute ${m[1]}`);
      seen.add(m[1]);
      checkText(m[3] ?? m[4], `attribute ${m[1]}`);
      rest = rest.slice(m[0].length);
    }
    if (rest.trim() !== "") problems.push(`bad attributes in <${nameMatch[1]}>: ${rest.slice(0, 20)}`);
    if (!selfClosing) stack.push(nameMatch[1]);
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join("><")}>`);
  if (!sawRoot) problems.push("no root element");
  return problems;
}

/** The `>` that ends the tag opened at `open`, skipping quoted attribute values; -1 when there is none. */
function findTagEnd(document: string, open: number): number {
  let quote: string | null = null;
  for (let j = open + 1; j < document.length; ++j) {
    const ch = document[j];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ">") {
      return j;
    } else if (ch === "<") {
      return -1;
    }
  }
  return -1;
}
