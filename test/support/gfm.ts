// The job summary read with a real GitHub-flavoured Markdown parser (micromark with its GFM extension, as
// remark uses), so a table or code block that GitHub would render differently fails the test.

import type { Code, Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export function parseGfm(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every node of a type, in document order. */
export function nodesOf<T extends Nodes["type"]>(tree: Nodes, type: T): Extract<Nodes, { type: T }>[] {
  const found: Extract<Nodes, { type: T }>[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === type) found.push(node as Extract<Nodes, { type: T }>);
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return found;
}

/** The fenced code blocks of a document: what a reader copies. */
export function codeBlocks(markdown: string): Code[] {
  return nodesOf(parseGfm(markdown), "code");
}
