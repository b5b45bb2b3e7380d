import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3ObjectRef, S3Objects, S3Read } from '../../handlers/elbv2/lib/s3-objects.js';

/**
 * S3 objects in memory, for the trust store tests. Handlers read it directly as an `S3Objects`
 * (direct tests), or over HTTP once `listen()` serves it as path-style S3 GetObject, the way the
 * gateway reads LocalStack (SDK tests: set KECS_UPSTREAM_URL to its URL).
 */
export class FakeS3 implements S3Objects {
  private readonly objects = new Map<string, Buffer>();
  private server: Server | undefined;

  private static id(bucket: string, key: string, versionId?: string): string {
    return `${bucket}/${key}${versionId ? `?${versionId}` : ''}`;
  }

  /** Stores an object; with `versionId`, only reads naming that version find it. */
  put(bucket: string, key: string, body: string | Buffer, versionId?: string): void {
    this.objects.set(FakeS3.id(bucket, key, versionId), Buffer.from(body));
  }

  clear(): void {
    this.objects.clear();
  }

  async read(ref: S3ObjectRef, maxBytes: number): Promise<S3Read> {
    const bytes = this.objects.get(FakeS3.id(ref.bucket, ref.key, ref.versionId));
    if (!bytes) return { kind: 'missing' };
    return bytes.length > maxBytes ? { kind: 'too-large' } : { kind: 'found', bytes };
  }

  /** Serves the objects on a loopback port as S3 does (`GET /<bucket>/<key>?versionId=`); answers the URL. */
  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://s3.local');
      const [, bucket, ...key] = url.pathname.split('/').map(decodeURIComponent);
      const bytes = request.method === 'GET' ? this.objects.get(FakeS3.id(bucket, key.join('/'), url.searchParams.get('versionId') ?? undefined)) : undefined;
      if (!bytes) {
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      response.end(bytes);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}
