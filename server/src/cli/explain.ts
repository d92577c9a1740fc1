import { printable } from '../report/text';
import { parseFlags, UsageError } from './args';
import { activePackFor, Io } from './scan';

/** `vigil explain RULE-ID`: the rule's tip (or a topic tip) from the packs in force, as terminal text. */
export async function explainCommand(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { pack: 'multi' } as const);
  const [id] = args.positional;
  if (!id) throw new UsageError('explain needs a rule id, for example: vigil explain crypto.weak-hash');
  const { pack } = await activePackFor(process.cwd(), args.values.get('pack') ?? [], []);
  const rule = pack.rules.find((r) => r.id === id);
  const topic = Object.hasOwn(pack.tips, id) ? pack.tips[id] : undefined;
  if (!rule && !topic) {
    const near = pack.rules
      .map((r) => r.id)
      .filter((r) => r.includes(id) || id.includes(r.split('.').pop() ?? r))
      .slice(0, 5);
    throw new UsageError(`no rule or tip "${printable(id)}" in the packs in force${near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''}`);
  }
  const head = rule ? `${rule.id} · ${rule.category} · ${rule.severity} · confidence ${rule.confidence}${rule.cwe.length > 0 ? ` · ${rule.cwe.join(', ')}` : ''}` : id;
  io.stdout(`${printable(head)}\n\n${terminalText(rule ? rule.tip : topic!.markdown)}\n`);
  return 0;
}

/** Markdown as plain terminal text: headings underlined, emphasis and code marks dropped, links as "text (url)". */
export function terminalText(markdown: string): string {
  return markdown
    .split('\n')
    .map((raw) => {
      const line = printable(raw);
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return `${heading[1]}\n${'─'.repeat(Math.min(heading[1].length, 72))}`;
      return line
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
    })
    .join('\n')
    .trim();
}
