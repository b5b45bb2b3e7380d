import { validationError } from './errors.js';

/**
 * Input schemas that handlers export. The gateway runs `parseInput` before the handler: it turns
 * the codec's raw tree (strings from the query protocol, typed values from JSON) into typed input
 * and collects every violation into one AWS-style `ValidationError`, worded like AWS's:
 * `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …`.
 *
 * A schema also carries its TypeScript type: `T` is the value it produces and `R` whether the
 * member is required, so `InputOf<typeof input, SdkInput>` is the handler's input with every
 * required member present (no `req.X!`), checked against the SDK's input type.
 */
export interface Schema<T = unknown, R extends boolean = boolean> {
  readonly required: R;
  /** Returns the typed value, or undefined after pushing a violation to `errors`. */
  coerce(raw: unknown, path: string, errors: string[]): T | undefined;
}

/** The value a schema produces. */
export type ValueOf<S> = S extends Schema<infer T> ? T : never;

interface Common {
  required?: boolean;
}

/**
 * Whether options make a member required: only a literal `true` does. `arn(true)` passes its
 * parameter through, so `true | undefined` counts as true; a plain `boolean` does not.
 */
type RequiredOf<O> = O extends { required?: infer R }
  ? [Exclude<R, undefined>] extends [never] ? false : [Exclude<R, undefined>] extends [true] ? true : false
  : false;

function shown(raw: unknown): string {
  if (raw === null) return 'null';
  return typeof raw === 'string' ? `'${raw}'` : `'${JSON.stringify(raw)}'`;
}

function violation(errors: string[], raw: unknown, path: string, constraint: string): undefined {
  errors.push(`Value ${shown(raw)} at '${path}' failed to satisfy constraint: ${constraint}`);
  return undefined;
}

export interface StringOptions extends Common {
  min?: number;
  max?: number;
  pattern?: RegExp;
  enum?: readonly string[];
}

/** An `enum` option narrows the type to its values (pass them `as const`, or inline). */
type StringOf<O> = O extends { enum: readonly (infer E extends string)[] } ? E : string;

export function string<const O extends StringOptions = {}>(given?: O): Schema<StringOf<O>, RequiredOf<O>> {
  const options: StringOptions = given ?? {};
  return {
    required: isRequired(given),
    coerce(raw, path, errors) {
      if (typeof raw !== 'string') return violation(errors, raw, path, 'Member must be a string');
      // Visible characters only: AWS rejects control characters in every ELBv2 string member.
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(raw)) {
        return violation(errors, raw, path, 'Member must not contain control characters');
      }
      if (options.min !== undefined && raw.length < options.min) {
        return violation(errors, raw, path, `Member must have length greater than or equal to ${options.min}`);
      }
      if (options.max !== undefined && raw.length > options.max) {
        return violation(errors, raw, path, `Member must have length less than or equal to ${options.max}`);
      }
      if (options.enum && !options.enum.includes(raw)) {
        return violation(errors, raw, path, `Member must satisfy enum value set: [${options.enum.join(', ')}]`);
      }
      if (options.pattern && !options.pattern.test(raw)) {
        return violation(errors, raw, path, `Member must satisfy regular expression pattern: ${options.pattern.source}`);
      }
      return raw as StringOf<O>;
    },
  };
}

interface RangeOptions extends Common {
  min?: number;
  max?: number;
}

export function integer<const O extends RangeOptions = {}>(given?: O): Schema<number, RequiredOf<O>> {
  const options: RangeOptions = given ?? {};
  return {
    required: isRequired(given),
    coerce(raw, path, errors) {
      const value = typeof raw === 'string' && /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return violation(errors, raw, path, 'Member must be an integer');
      }
      if (options.min !== undefined && value < options.min) {
        return violation(errors, raw, path, `Member must have value greater than or equal to ${options.min}`);
      }
      if (options.max !== undefined && value > options.max) {
        return violation(errors, raw, path, `Member must have value less than or equal to ${options.max}`);
      }
      return value;
    },
  };
}

export function boolean<const O extends Common = {}>(given?: O): Schema<boolean, RequiredOf<O>> {
  return {
    required: isRequired(given),
    coerce(raw, path, errors) {
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return violation(errors, raw, path, 'Member must be a boolean');
    },
  };
}

export function list<I extends Schema, const O extends RangeOptions = {}>(item: I, given?: O): Schema<Array<ValueOf<I>>, RequiredOf<O>> {
  const options: RangeOptions = given ?? {};
  return {
    required: isRequired(given),
    coerce(raw, path, errors) {
      // The query protocol sends an empty list as `Name=` (an empty string).
      const items = raw === '' ? [] : raw;
      if (!Array.isArray(items)) return violation(errors, raw, path, 'Member must be a list');
      if (options.min !== undefined && items.length < options.min) {
        return violation(errors, raw, path, `Member must have length greater than or equal to ${options.min}`);
      }
      if (options.max !== undefined && items.length > options.max) {
        return violation(errors, raw, path, `Member must have length less than or equal to ${options.max}`);
      }
      const before = errors.length;
      // Array.from visits the holes a sparse `member.N` numbering leaves, so they are reported.
      const out = Array.from(items, (value, index) => {
        const itemPath = `${path}.${index + 1}.member`;
        if (value === undefined || value === null) return violation(errors, null, itemPath, 'Member must not be null');
        return item.coerce(value, itemPath, errors);
      });
      // An undefined item pushed a violation, so `out` is whole whenever it is returned.
      return errors.length === before ? out as Array<ValueOf<I>> : undefined;
    },
  };
}

/** A map of string keys to values of `value` (query protocol: `X.entry.N.key/value`). */
export function map<V extends Schema, const O extends Common = {}>(value: V, given?: O): Schema<Record<string, ValueOf<V>>, RequiredOf<O>> {
  return {
    required: isRequired(given),
    coerce(raw, path, errors) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return violation(errors, raw, path, 'Member must be a map');
      const before = errors.length;
      const out: Record<string, ValueOf<V>> = {};
      // An undefined value pushed a violation, and `out` is then discarded.
      for (const [key, item] of Object.entries(raw)) out[key] = value.coerce(item, `${path}.${key}`, errors) as ValueOf<V>;
      return errors.length === before ? out : undefined;
    },
  };
}

export type Members = Record<string, Schema>;

type RequiredKeys<M extends Members> = { [K in keyof M]: M[K] extends Schema<unknown, true> ? K : never }[keyof M];

/** The type of a structure of `members`: required members present, the others optional. */
export type Infer<M extends Members> = Simplify<
  { [K in RequiredKeys<M>]: ValueOf<M[K]> } & { [K in Exclude<keyof M, RequiredKeys<M>>]?: ValueOf<M[K]> }
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * Members that fit the SDK's type `S`: each names a member of `S` and produces a value `S`
 * accepts there (an enum's values among the SDK's). A member `S` lacks, at any depth of nested
 * structures and lists, is `never`, so a misspelt name fails to compile.
 */
export type Conforming<M extends Members, S> = { [K in keyof M]: K extends keyof S ? Schema<Fitting<ValueOf<M[K]>, S[K]>> : never };

/** `T` with each structure member that `S` has typed as in `S`, and each one it lacks as `never`. */
type Fitting<T, S> = T extends readonly (infer I)[]
  ? NonNullable<S> extends readonly (infer J)[] ? Array<Fitting<I, J>> : NonNullable<S>
  : T extends object
    ? NonNullable<S> extends object ? { [K in keyof T]: K extends keyof NonNullable<S> ? Fitting<T[K], NonNullable<S>[K]> : never } : NonNullable<S>
    : NonNullable<S>;

/**
 * The input a handler receives: the type of its exported `input` members, which must conform to
 * the SDK's input type `S`. Declare handlers as
 * `handler(req: InputOf<typeof input, CreateRuleInput>, ctx): Promise<CreateRuleOutput>`.
 */
export type InputOf<M extends Members & Conforming<M, S>, S> = Infer<M>;

/** `required` at run time, typed as the options say it (the one place the two are bridged). */
function isRequired<O extends Common>(options: O | undefined): RequiredOf<O> {
  return (options?.required === true) as RequiredOf<O>;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function coerceMembers<M extends Members>(members: M, raw: Record<string, unknown>, prefix: string, errors: string[]): Infer<M> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(members)) {
    const path = prefix + lowerFirst(name);
    const value = raw[name];
    if (value === undefined || value === null) {
      if (schema.required) errors.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const coerced = schema.coerce(value, path, errors);
    if (coerced !== undefined) out[name] = coerced;
  }
  // Every required member is in `out` unless a violation was recorded, and callers discard `out` then.
  return out as Infer<M>;
}

export function structure<M extends Members, const O extends Common = {}>(members: M, given?: O): Schema<Infer<M>, RequiredOf<O>> {
  return {
    required: isRequired(given),
    coerce(raw, path, errors) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return violation(errors, raw, path, 'Member must be a structure');
      }
      const before = errors.length;
      const out = coerceMembers(members, raw as Record<string, unknown>, `${path}.`, errors);
      return errors.length === before ? out : undefined;
    },
  };
}

/** Validates a whole operation input; throws one `ValidationError` listing every violation. */
export function parseInput<M extends Members>(members: M, raw: Record<string, unknown>): Infer<M> {
  const errors: string[] = [];
  const out = coerceMembers(members, raw, '', errors);
  if (errors.length > 0) {
    const count = errors.length === 1 ? '1 validation error' : `${errors.length} validation errors`;
    throw validationError(`${count} detected: ${errors.join('; ')}`);
  }
  return out;
}
