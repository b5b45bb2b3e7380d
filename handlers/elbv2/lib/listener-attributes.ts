import { booleanAttribute, defaultAttributes, integerAttribute, textAttribute, type AttributeSpecs } from './attributes.js';

// Listener attribute keys and defaults: API reference, ListenerAttribute, and the ALB guide,
// "HTTP header modification". terraform-provider-aws reads DescribeListenerAttributes for every
// listener but TLS ones, so every protocol answers (with no keys where AWS has none).

/** NLB TCP listeners and GWLB listeners: "tcp.idle_timeout.seconds … 60-6000 seconds. The default is 350". */
const tcpIdle = { 'tcp.idle_timeout.seconds': integerAttribute(350, 60, 6000) };

const gateway: AttributeSpecs = { ...tcpIdle, 'send_tcp_reset.on_idle_timeout.enabled': booleanAttribute('false') };

const RESPONSE_HEADERS = [
  'strict_transport_security', 'access_control_allow_origin', 'access_control_allow_methods',
  'access_control_allow_headers', 'access_control_allow_credentials', 'access_control_expose_headers',
  'access_control_max_age', 'content_security_policy', 'x_content_type_options', 'x_frame_options',
];

const http: AttributeSpecs = {
  'routing.http.response.server.enabled': booleanAttribute('true'),
  ...Object.fromEntries(RESPONSE_HEADERS.map((name) => [`routing.http.response.${name}.header_value`, textAttribute()])),
};

/** Request headers ALB adds on HTTPS listeners (mTLS and TLS details); the attribute renames them. */
const REQUEST_HEADERS: Record<string, string> = {
  x_amzn_mtls_clientcert_serial_number: 'X-Amzn-Mtls-Clientcert-Serial-Number',
  x_amzn_mtls_clientcert_issuer: 'X-Amzn-Mtls-Clientcert-Issuer',
  x_amzn_mtls_clientcert_subject: 'X-Amzn-Mtls-Clientcert-Subject',
  x_amzn_mtls_clientcert_validity: 'X-Amzn-Mtls-Clientcert-Validity',
  x_amzn_mtls_clientcert_leaf: 'X-Amzn-Mtls-Clientcert-Leaf',
  x_amzn_mtls_clientcert: 'X-Amzn-Mtls-Clientcert',
  x_amzn_tls_version: 'X-Amzn-Tls-Version',
  x_amzn_tls_cipher_suite: 'X-Amzn-Tls-Cipher-Suite',
};

const https: AttributeSpecs = {
  ...http,
  ...Object.fromEntries(Object.entries(REQUEST_HEADERS).map(([name, header]) => [`routing.http.request.${name}.header_name`, textAttribute(header)])),
};

/** The attribute keys a listener of this protocol on this kind of load balancer has. */
export function listenerAttributeSpecs(lbType: string, protocol: string | null): AttributeSpecs {
  if (lbType === 'gateway') return gateway;
  if (protocol === 'HTTP') return http;
  if (protocol === 'HTTPS') return https;
  if (protocol === 'TCP') return tcpIdle;
  return {};
}

/**
 * The attributes a listener has after a protocol change: values of keys that still apply are
 * kept, new keys start at their defaults, keys that no longer apply are dropped.
 */
export function reconcileListenerAttributes(specs: AttributeSpecs, current: Readonly<Record<string, string>>): Record<string, string> {
  const next = defaultAttributes(specs);
  for (const key of Object.keys(next)) if (Object.hasOwn(current, key)) next[key] = current[key];
  return next;
}
