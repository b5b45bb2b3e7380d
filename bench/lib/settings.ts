/**
 * A numeric bench setting from the environment: `fallback` when unset, otherwise a number within
 * [min, max], or the bench stops before starting anything, naming the variable and its range.
 */
export function benchNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(value >= min && value <= max)) throw new Error(`${name} must be ${min}–${max}, got '${raw}'`);
  return value;
}
