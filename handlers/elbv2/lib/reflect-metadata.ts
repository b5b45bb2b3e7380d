/**
 * The three `Reflect` metadata functions that tsyringe, a dependency of @peculiar/x509, demands
 * when it is imported (it throws "tsyringe requires a reflect polyfill" otherwise). @peculiar/x509
 * uses no decorators through them, so a plain per-object store is all it needs; the
 * `reflect-metadata` package would do the same job. Import this module before @peculiar/x509.
 */
type MetadataReflect = typeof Reflect & {
  defineMetadata?(key: unknown, value: unknown, target: object): void;
  getOwnMetadata?(key: unknown, target: object): unknown;
  getMetadata?(key: unknown, target: object): unknown;
};

const store = new WeakMap<object, Map<unknown, unknown>>();
const reflect = Reflect as MetadataReflect;

reflect.defineMetadata ??= (key, value, target) => {
  const own = store.get(target) ?? new Map<unknown, unknown>();
  own.set(key, value);
  store.set(target, own);
};
reflect.getOwnMetadata ??= (key, target) => store.get(target)?.get(key);
reflect.getMetadata ??= (key, target) => {
  for (let at: object | null = target; at; at = Object.getPrototypeOf(at) as object | null) {
    const value = store.get(at)?.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
};
