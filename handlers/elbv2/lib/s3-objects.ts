import type { Context } from '../../../gateway/api/service.js';

/** An S3 object a request names: the CA bundle of a trust store, or a revocation file. */
export interface S3ObjectRef {
  bucket: string;
  key: string;
  versionId?: string;
}

export type S3Read = { kind: 'found'; bytes: Buffer } | { kind: 'missing' } | { kind: 'too-large' };

/**
 * Where trust store handlers read S3 objects from. Handlers take it as a parameter whose default
 * is {@link s3ObjectsFor}, so direct tests pass a fake.
 */
export interface S3Objects {
  /** The object's bytes; `missing` when it cannot be read, `too-large` above `maxBytes`. */
  read(ref: S3ObjectRef, maxBytes: number): Promise<S3Read>;
}

/** `s3://bucket/key`, with the version when one is named: how messages show an object. */
export function s3Uri(ref: S3ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}${ref.versionId ? `?versionId=${ref.versionId}` : ''}`;
}

/**
 * S3 as the upstream (KECS_UPSTREAM_URL, LocalStack) serves it: path-style requests in the
 * caller's region, with placeholder credentials, since LocalStack checks none. Any failure
 * (no such bucket, key or version, access denied, upstream down) is `missing`, which the
 * handlers answer with AWS's *NotFound error; the cause is logged.
 */
export function upstreamS3Objects(upstreamUrl: string, region: string, log: Context['log']): S3Objects {
  return {
    async read(ref, maxBytes) {
      // Loaded on first use: the module takes about 0.2 s of CPU to load, in every process that
      // loads the handlers, and only trust stores read S3.
      const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
      const client = new S3Client({
        endpoint: upstreamUrl,
        region,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      });
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
        if (!out.Body || (out.ContentLength ?? 0) > maxBytes) return out.Body ? { kind: 'too-large' } : { kind: 'missing' };
        const bytes = Buffer.from(await out.Body.transformToByteArray());
        return bytes.length > maxBytes ? { kind: 'too-large' } : { kind: 'found', bytes };
      } catch (error) {
        log.warn({ err: error, object: s3Uri(ref) }, 'S3 object could not be read from the upstream');
        return { kind: 'missing' };
      } finally {
        client.destroy();
      }
    },
  };
}

/** Without an upstream there is no S3: every object is missing. */
const NO_S3: S3Objects = { read: async () => ({ kind: 'missing' }) };

/** The S3 a handler reads from: the upstream's when KECS_UPSTREAM_URL is set, else none. */
export function s3ObjectsFor(ctx: Context): S3Objects {
  return ctx.config.upstreamUrl ? upstreamS3Objects(ctx.config.upstreamUrl, ctx.region, ctx.log) : NO_S3;
}
