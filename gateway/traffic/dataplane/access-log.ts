import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pino } from 'pino';
import type { RecentRequests } from '../../console/recent-requests.js';
import { loadBalancerDimension } from '../../metrics/dataplane.js';
import type { Endpoint } from './balancer.js';
import { clientIp } from './request-facts.js';
import type { ServedListener, ServedRule } from './served-table.js';

/** What the proxy measured of one forwarded exchange (proxy.ts), for its access-log line. */
export interface ExchangeFacts {
  /** The status the client got: the target's, or the load balancer's own (502, 504, 460). */
  readonly elbStatus: number;
  /** The target's status; 0 when it sent no response head. */
  readonly targetStatus: number;
  /** `performance.now()` when the request head went to the target (its last attempt). */
  readonly sentAt: number;
  /** `performance.now()` when the target's response head arrived; 0 if it never did. */
  readonly headAt: number;
  /** Request body bytes relayed to the target. */
  readonly receivedBodyBytes: number;
}

/** Seconds with ALB's three decimals; -1 for a phase that did not happen. */
function seconds(ms: number | undefined): string {
  return ms === undefined ? '-1' : (Math.max(0, ms) / 1000).toFixed(3);
}

/** A field ALB writes in double quotes: quotes, backslashes and control characters escaped. */
function quoted(value: string | undefined): string {
  return value ? JSON.stringify(value) : '"-"';
}

/** The request line and headers as the client sent them, by size (node keeps no raw count). */
function headBytes(req: IncomingMessage): number {
  let bytes = req.method!.length + req.url!.length + 13; // "GET /x HTTP/1.1\r\n" and the final CRLF
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) bytes += raw[i].length + raw[i + 1].length + 4;
  return bytes;
}

/** matched_rule_priority: 1 to 50,000 for a rule, 0 for the default rule, `-` when none matched. */
function priorityOf(rule: ServedRule | undefined): string {
  if (!rule) return '-';
  return rule.priority === 'default' ? '0' : String(rule.priority);
}

/**
 * `ms` (epoch milliseconds) in ISO 8601. A busy listener takes many requests within one
 * millisecond, so the last conversion is kept: formatting a date costs more than the rest of
 * recording a request.
 */
let isoMs = Number.NaN;
let iso = '';
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

/** Everything known about a request when the load balancer takes it. */
class Started {
  /** Epoch milliseconds: request_creation_time. */
  readonly at = Date.now();
  readonly startedAt = performance.now();
  /** Kept: node detaches it from the response once the response is over. */
  readonly socket: Socket;
  /** The client connection's bytes written so far, when a log line will count what the response adds. */
  readonly writtenBefore: number;

  constructor(readonly listener: ServedListener, readonly rule: ServedRule | undefined, readonly req: IncomingMessage, countBytes: boolean) {
    this.socket = req.socket;
    this.writtenBefore = countBytes ? req.socket.bytesWritten : 0;
  }
}

/** One forwarded request, written once the exchange ends. */
export class AccessEntry {
  constructor(
    private readonly log: AccessLog,
    private readonly started: Started,
    private readonly targetGroupArn: string,
    private readonly endpoint: Endpoint,
    private readonly traceId: string | undefined,
  ) {}

  finish(facts: ExchangeFacts): void {
    const { started, endpoint } = this;
    const answered = facts.headAt > 0;
    this.log.write(started, {
      target: `${endpoint.host}:${endpoint.port}`,
      requestMs: facts.sentAt - started.startedAt,
      targetMs: answered ? facts.headAt - facts.sentAt : undefined,
      responseMs: answered ? 0 : undefined,
      elbStatus: facts.elbStatus,
      targetStatus: answered ? String(facts.targetStatus) : '-',
      receivedBodyBytes: facts.receivedBodyBytes,
      targetGroupArn: this.targetGroupArn,
      traceId: this.traceId,
      action: 'forward',
    });
  }
}

interface Outcome {
  target: string;
  requestMs: number;
  targetMs?: number;
  responseMs?: number;
  elbStatus: number;
  targetStatus: string;
  receivedBodyBytes: number;
  targetGroupArn?: string;
  traceId?: string;
  action?: string;
  redirectUrl?: string;
}

/**
 * KECS_ACCESS_LOG: one line per HTTP request a load balancer answered, space-separated in the
 * order of ALB's access log entries ("Access logs for your Application Load Balancer"): type,
 * time, elb, client:port, target:port, request/target/response processing times, elb and target
 * status codes, received and sent bytes, "request", "user_agent", ssl_cipher, ssl_protocol,
 * target_group_arn, "trace_id", "domain_name", "chosen_cert_arn", matched_rule_priority,
 * request_creation_time, "actions_executed", "redirect_url", "error_reason", "target:port_list",
 * "target_status_code_list", "classification", "classification_reason". Listeners here are
 * plain HTTP, so the TLS fields are `-`; so are error_reason and the desync classification,
 * which kecs-lb does not model. Bytes count the request line and headers as received plus the
 * body, and what was written to the client's connection. Lines are buffered and written
 * asynchronously; `close` flushes them.
 * The same entries feed the console's last requests of each listener (`recent`), with or without
 * a log file.
 */
export class AccessLog {
  private readonly out: ReturnType<typeof pino.destination> | undefined;

  /** `destination`: `stdout`, a file appended to (its folder created if missing), or none. */
  constructor(destination: string | undefined, private readonly recent?: RecentRequests) {
    this.out = destination === undefined ? undefined
      : pino.destination({ dest: destination === 'stdout' ? 1 : destination, sync: false, mkdir: true, append: true });
  }

  /** A request about to be forwarded; its line is written when `finish` is called. */
  forwarding(listener: ServedListener, rule: ServedRule, req: IncomingMessage, targetGroupArn: string, endpoint: Endpoint, headers: OutgoingHttpHeaders): AccessEntry {
    const trace = headers['x-amzn-trace-id'];
    return new AccessEntry(this, new Started(listener, rule, req, this.out !== undefined), targetGroupArn, endpoint, typeof trace === 'string' ? trace : undefined);
  }

  /**
   * A response the load balancer is about to generate (fixed response, redirect, error page);
   * its line is written once the response is over, with the bytes it took.
   */
  generating(listener: ServedListener, rule: ServedRule | undefined, req: IncomingMessage, res: ServerResponse, status: number, redirectUrl: string | undefined): void {
    const started = new Started(listener, rule, req, this.out !== undefined);
    const action = rule?.action.type;
    res.once('close', () => this.write(started, {
      target: '-',
      requestMs: 0,
      elbStatus: status,
      targetStatus: '-',
      receivedBodyBytes: 0,
      // A forward whose group has no target is answered 503 by the load balancer: no action ran.
      action: action === 'forward' ? undefined : action,
      redirectUrl,
    }));
  }

  write(started: Started, outcome: Outcome): void {
    const { listener, rule, req } = started;
    this.recent?.record(listener.arn, {
      at: isoTime(started.at),
      method: req.method ?? '-',
      path: req.url ?? '-',
      rule: rule ? String(rule.priority) : '-',
      target: outcome.target,
      status: outcome.elbStatus,
      ms: Math.round((performance.now() - started.startedAt) * 10) / 10,
    });
    if (!this.out) return;
    const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
    const authority = host.includes(':') && !host.endsWith(']') ? host : `${host}:${req.socket.localPort ?? listener.port}`;
    const sent = started.socket.bytesWritten - started.writtenBefore;
    const fields = [
      'http',
      isoTime(Date.now()),
      loadBalancerDimension(listener.loadBalancer.arn),
      `${clientIp(req.socket.remoteAddress)}:${req.socket.remotePort}`,
      outcome.target,
      seconds(outcome.requestMs),
      seconds(outcome.targetMs),
      seconds(outcome.responseMs),
      String(outcome.elbStatus),
      outcome.targetStatus,
      String(headBytes(req) + outcome.receivedBodyBytes),
      String(sent),
      quoted(`${req.method} http://${authority}${req.url} HTTP/${req.httpVersion}`),
      quoted(req.headers['user-agent']),
      '-',
      '-',
      outcome.targetGroupArn ?? '-',
      quoted(outcome.traceId),
      '"-"',
      '"-"',
      priorityOf(rule),
      isoTime(started.at),
      quoted(outcome.action),
      quoted(outcome.redirectUrl),
      '"-"',
      quoted(outcome.target === '-' ? undefined : outcome.target),
      quoted(outcome.targetStatus === '-' ? undefined : outcome.targetStatus),
      '"-"',
      '"-"',
    ];
    this.out.write(`${fields.join(' ')}\n`);
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    const out = this.out;
    if (!out) return;
    await new Promise<void>((resolve) => {
      out.once('close', () => resolve());
      out.end();
    });
  }
}
