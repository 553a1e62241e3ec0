/**
 * Parses `--name=<whole number>` options over `defaults`. `other` may take an argument of its own
 * shape first (true: handled). Anything else is an error naming the known options.
 */
export function parseNumberOptions<T extends { [K in keyof T]: number }>(
  args: readonly string[],
  defaults: T,
  other: (arg: string) => boolean = () => false,
): T {
  const options: Record<string, number> = { ...defaults };
  for (const arg of args) {
    if (other(arg)) continue;
    const match = /^--(\w+)=(\d+)$/.exec(arg);
    const key = match?.[1];
    if (!match || key === undefined || !(key in options))
      throw new Error(`Unknown option ${arg} (known: ${Object.keys(defaults).join(', ')})`);
    options[key] = Number(match[2]);
  }
  return options as T;
}
