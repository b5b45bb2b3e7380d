import { MalformedResponse, parseResponseHead, type ResponseHead } from './response-head.js';

export interface ResponseEvents {
  head(head: ResponseHead): void;
  /** A piece of the body; `last` when it completes a Content-Length body (end follows at once). */
  body(chunk: Buffer, last: boolean): void;
  /** The message is complete; `reusable` when the connection may carry another request. */
  end(reusable: boolean): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4096;
const CRLF = Buffer.from('\r\n');

type State = 'head' | 'length' | 'size' | 'data' | 'data-end' | 'trailers' | 'close' | 'done';

/**
 * An incremental HTTP/1.1 response parser for the upstream side of the proxy (RFC 9112): the
 * head (response-head.ts), then the body framed by Content-Length, chunked transfer coding
 * (decoded; trailers dropped) or the connection closing. Bytes left over after the message make
 * the connection unusable.
 */
export class ResponseParser {
  private state: State = 'head';
  private pending: Buffer | undefined;
  private remaining = 0;
  private reusable = true;
  private ended = false;

  constructor(private readonly headRequest: boolean, private readonly events: ResponseEvents) {}

  feed(chunk: Buffer): void {
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    while (data.length > 0 && this.state !== 'done') {
      switch (this.state) {
        case 'head': {
          const end = data.indexOf('\r\n\r\n');
          if (end < 0) return this.keep(data, MAX_HEAD_BYTES, 'response header section too large');
          this.startBody(parseResponseHead(data.toString('latin1', 0, end), this.headRequest));
          data = data.subarray(end + 4);
          break;
        }
        case 'length': {
          const piece = data.length <= this.remaining ? data : data.subarray(0, this.remaining);
          this.remaining -= piece.length;
          data = data.subarray(piece.length);
          this.events.body(piece, this.remaining === 0);
          if (this.remaining === 0) this.finish();
          break;
        }
        case 'size': {
          const end = data.indexOf(CRLF);
          if (end < 0) return this.keep(data, MAX_LINE_BYTES, 'chunk size line too long');
          const size = data.toString('latin1', 0, end).split(';', 1)[0].trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(size)) throw new MalformedResponse(`bad chunk size '${size}'`);
          this.remaining = parseInt(size, 16);
          this.state = this.remaining === 0 ? 'trailers' : 'data';
          data = data.subarray(end + 2);
          break;
        }
        case 'data': {
          const piece = data.length <= this.remaining ? data : data.subarray(0, this.remaining);
          this.remaining -= piece.length;
          data = data.subarray(piece.length);
          this.events.body(piece, false);
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end':
        case 'trailers': {
          const end = data.indexOf(CRLF);
          if (end < 0) return this.keep(data, MAX_HEAD_BYTES, 'trailer section too large');
          if (this.state === 'data-end') {
            if (end !== 0) throw new MalformedResponse('chunk data not followed by CRLF');
            this.state = 'size';
          } else if (end === 0) {
            this.finish();
          }
          data = data.subarray(end + 2);
          break;
        }
        case 'close':
          this.events.body(data, false);
          data = data.subarray(data.length);
          break;
      }
    }
    if (this.state === 'done' && !this.ended) {
      this.ended = true;
      // Bytes beyond the message: the target sent more than it should, so the connection is not reused.
      this.events.end(this.reusable && data.length === 0);
    }
  }

  /** The connection ended: a close-delimited body is complete, anything else is truncated. */
  closed(): void {
    if (this.state === 'close') {
      this.state = 'done';
      this.ended = true;
      this.events.end(false);
    } else if (this.state !== 'done') {
      throw new MalformedResponse('the target closed the connection before the response was complete');
    }
  }

  private keep(data: Buffer, limit: number, message: string): void {
    if (data.length > limit) throw new MalformedResponse(message);
    this.pending = Buffer.from(data);
  }

  private finish(): void {
    this.state = 'done';
  }

  private startBody(parsed: ReturnType<typeof parseResponseHead>): void {
    if (!parsed) return; // An interim 1xx response: the real head follows.
    this.reusable = parsed.reusable;
    this.events.head(parsed.head);
    const { framing } = parsed;
    if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) this.finish();
    else if (framing.kind === 'length') {
      this.remaining = framing.length;
      this.state = 'length';
    } else {
      this.state = framing.kind === 'chunked' ? 'size' : 'close';
    }
  }
}
