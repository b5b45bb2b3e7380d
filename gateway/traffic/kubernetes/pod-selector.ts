/** One `key=value` requirement of a pod selector. */
interface Requirement {
  key: string;
  value: string;
}

/** A parsed selector: every requirement must hold (AND). */
export type PodSelector = readonly Requirement[];

// A label key: an optional DNS-subdomain prefix and `/`, then a name of up to 63 characters;
// a value: up to 63 characters, possibly empty (Kubernetes "Labels and Selectors",
// "Syntax and character set").
const KEY = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Parses an equality-based selector (`app=redis tier=backend`). Requirements are separated by
 * whitespace or commas: Kubernetes writes `app=redis,tier=backend`, but an ELBv2 tag value may
 * hold only letters, digits, spaces and `_.:/=+-@` (API reference, Tag), so through the API the
 * separator is a space. `!key`, `key!=v` and `key in (a,b)` need `!`, `(` and `,`, which a tag
 * value cannot carry, so they are not offered. Returns undefined for a selector that is empty or
 * malformed: selecting every pod of the cluster by mistake is worse than selecting none.
 */
export function parsePodSelector(text: string): PodSelector | undefined {
  const terms = text.split(/[\s,]+/).filter((term) => term !== '');
  const requirements: Requirement[] = [];
  for (const term of terms) {
    const match = /^([^=]+)==?([^=]*)$/.exec(term);
    if (!match || !KEY.test(match[1]) || !VALUE.test(match[2])) return undefined;
    requirements.push({ key: match[1], value: match[2] });
  }
  return requirements.length > 0 ? requirements : undefined;
}

/** Whether the labels satisfy every requirement. */
export function matchesSelector(selector: PodSelector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every(({ key, value }) => labels[key] === value);
}
