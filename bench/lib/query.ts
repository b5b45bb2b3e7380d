/** Raw AWS query-protocol requests, identical for kecs-lb and moto so both parse the same bytes. */

export interface QueryRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

type Service = 'elasticloadbalancing' | 'ec2';

const VERSIONS: Record<Service, string> = { elasticloadbalancing: '2015-12-01', ec2: '2016-11-15' };

export function queryRequest(service: Service, action: string, params: Record<string, string> = {}): QueryRequest {
  const body = new URLSearchParams({ Action: action, Version: VERSIONS[service], ...params }).toString();
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      // Neither server checks the signature; both read the service and region from the scope.
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  };
}

/** Sends one request; anything but 200 is an error carrying the start of the response body. */
export async function send(baseUrl: string, request: QueryRequest): Promise<string> {
  const response = await fetch(baseUrl, { ...request, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (response.status !== 200) {
    const action = new URLSearchParams(request.body).get('Action');
    throw new Error(`${action} on ${baseUrl} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return text;
}

/** The text of the first `<name>` element; the responses read here have flat, known shapes. */
export function firstElement(xml: string, name: string): string {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!match) throw new Error(`no <${name}> in response: ${xml.slice(0, 500)}`);
  return match[1];
}

/** Counts `<name>` elements, to check that a describe call returns what was set up. */
export function countElements(xml: string, name: string): number {
  return xml.split(`<${name}>`).length - 1;
}
