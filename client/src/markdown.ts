import MarkdownIt from 'markdown-it';

// Markdown rendering for the tips panel, bundled on its own (dist/markdown.js) and loaded when the
// panel first shows a tip: markdown-it is most of the UI code, and activation should not load it.
// Raw HTML is off: tips come from team packs, and the panel's CSP allows no inline script anyway.

const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function renderMarkdown(text: string): string {
  return renderer.render(text);
}
