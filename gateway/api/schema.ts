import { validationError } from './errors.js';

/**
 * Input schemas that handlers export. The gateway runs `parse` before the handler: it turns the
 * codec's raw tree (strings from the query protocol, typed values from JSON) into typed input and
 * collects every violation into one AWS-style `ValidationError`, worded like AWS's:
 * `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …`.
 */
export interface Schema {
  readonly required: boolean;
  /** Returns the typed value, or undefined after pushing a violation to `errors`. */
  coerce(raw: unknown, path: string, errors: string[]): unknown;
}

interface Common {
  required?: boolean;
}

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

export function string(options: StringOptions = {}): Schema {
  return {
    required: options.required ?? false,
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
      return raw;
    },
  };
}

export function integer(options: Common & { min?: number; max?: number } = {}): Schema {
  return {
    required: options.required ?? false,
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

export function boolean(options: Common = {}): Schema {
  return {
    required: options.required ?? false,
    coerce(raw, path, errors) {
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return violation(errors, raw, path, 'Member must be a boolean');
    },
  };
}

export function list(item: Schema, options: Common & { min?: number; max?: number } = {}): Schema {
  return {
    required: options.required ?? false,
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
      return errors.length === before ? out : undefined;
    },
  };
}

/** A map of string keys to values of `value` (query protocol: `X.entry.N.key/value`). */
export function map(value: Schema, options: Common = {}): Schema {
  return {
    required: options.required ?? false,
    coerce(raw, path, errors) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return violation(errors, raw, path, 'Member must be a map');
      const before = errors.length;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(raw)) out[key] = value.coerce(item, `${path}.${key}`, errors);
      return errors.length === before ? out : undefined;
    },
  };
}

export type Members = Record<string, Schema>;

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function coerceMembers(members: Members, raw: Record<string, unknown>, prefix: string, errors: string[]) {
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
  return out;
}

export function structure(members: Members, options: Common = {}): Schema {
  return {
    required: options.required ?? false,
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
export function parseInput(members: Members, raw: Record<string, unknown>): Record<string, unknown> {
  const errors: string[] = [];
  const out = coerceMembers(members, raw, '', errors);
  if (errors.length > 0) {
    const count = errors.length === 1 ? '1 validation error' : `${errors.length} validation errors`;
    throw validationError(`${count} detected: ${errors.join('; ')}`);
  }
  return out;
}
