// `-- strata:ignore <rule>[,<rule>…] <reason>` on the comment line(s) directly above a
// statement silences those rules for that statement. The reason is required: a reviewer
// must be able to see why a blocking statement was accepted.

export interface IgnoreDirective {
  readonly line: number;
  readonly rules: readonly string[];
  readonly reason: string;
}

export type IgnoreParse =
  | { readonly ok: true; readonly directive: IgnoreDirective }
  | { readonly ok: false; readonly line: number; readonly message: string };

const MARKER = '-- strata:ignore';

/** undefined when the comment is not an ignore directive at all. */
export function parseIgnore(comment: string, line: number): IgnoreParse | undefined {
  const text = comment.trim();
  if (!text.startsWith(MARKER)) return undefined;
  const rest = text.slice(MARKER.length);
  if (rest !== '' && !/^\s/.test(rest)) return undefined; // `-- strata:ignored…`: some other comment
  const words = rest
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const [ruleList, ...reasonWords] = words;
  if (ruleList === undefined)
    return { ok: false, line, message: `'${MARKER}' names no rule: write '${MARKER} <rule> <reason>'` };
  const rules = ruleList.split(',').filter((r) => r !== '');
  const reason = reasonWords.join(' ');
  if (reason === '')
    return {
      ok: false,
      line,
      message: `'${MARKER} ${ruleList}' gives no reason: a suppression must say why the risk is accepted`,
    };
  return { ok: true, directive: { line, rules, reason } };
}

export class Suppressions {
  private readonly used = new Set<IgnoreDirective>();

  constructor(private readonly directives: readonly IgnoreDirective[]) {}

  /** Whether `rule` is silenced; marks the directive as used. */
  silences(rule: string): boolean {
    const d = this.directives.find((x) => x.rules.includes(rule));
    if (d) this.used.add(d);
    return d !== undefined;
  }

  unused(): { directive: IgnoreDirective; rules: string[] }[] {
    return this.directives.filter((d) => !this.used.has(d)).map((d) => ({ directive: d, rules: [...d.rules] }));
  }
}
