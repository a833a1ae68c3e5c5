/**
 * Where traffic comes from, as an edge sees it: client IPs (home broadband, mobile carriers, corporate ranges,
 * cloud servers, residential proxies), SDK and tool user agents, and TLS/client fingerprints tied to the real
 * client stack (a spoofed User-Agent does not change the fingerprint). The addresses are data only, never contacted.
 */
import { hashString, type Rng } from './rng.js';

/** Realistic-looking public prefixes (first two octets) of home ISPs, by country. */
const HOME_PREFIXES: Record<string, readonly string[]> = {
  US: ['73.15', '73.92', '24.4', '68.36', '71.202', '98.207', '174.62', '76.104', '67.180', '108.28'],
  CA: ['70.48', '99.226', '174.93', '142.116'],
  GB: ['86.12', '81.98', '92.40', '2.96', '90.215'],
  DE: ['91.64', '84.170', '79.200', '93.220', '87.150'],
  FR: ['90.3', '86.246', '82.64', '176.180'],
  NL: ['83.84', '145.53', '77.161'],
  IN: ['49.36', '117.96', '106.51', '223.178'],
  CN: ['36.110', '113.87', '183.14', '116.231', '123.112', '61.148'],
  HK: ['112.118', '42.2'],
  SG: ['116.86', '118.189'],
  JP: ['126.77', '153.206', '60.108'],
  KR: ['121.134', '211.36', '175.223'],
  BR: ['177.32', '189.6', '201.17'],
  AU: ['110.174', '121.44', '1.145'],
  ES: ['88.12', '79.144'],
  IT: ['79.18', '93.44'],
  PL: ['83.6', '89.64'],
  VN: ['113.161', '14.231'],
  ID: ['36.72', '114.124'],
  TW: ['114.32', '1.160'],
  RU: ['95.24', '178.66'],
  MX: ['187.188', '189.203'],
  NG: ['105.112', '102.89'],
  TR: ['78.180', '88.230'],
};

const MOBILE_PREFIXES: readonly string[] = ['172.56', '172.58', '174.205', '166.170', '100.38', '39.35', '223.104', '117.136', '49.205', '92.40'];

/** Cloud provider server ranges (AWS, GCP, Azure, DigitalOcean, Hetzner, Alibaba, OVH). */
const CLOUD_PREFIXES: readonly string[] = [
  '3.85', '3.236', '18.204', '34.201', '52.23', '54.156', '34.106', '35.225', '34.145', '20.84', '40.76', '52.151',
  '104.248', '159.65', '167.99', '65.21', '95.217', '116.203', '47.88', '8.210', '139.99', '51.38', '141.95',
];

/** University and research network prefixes. */
const CAMPUS_PREFIXES: readonly string[] = ['18.29', '128.112', '171.64', '169.229', '129.67', '166.111', '202.120', '131.111', '192.76', '128.32'];

export type IpKind = 'home' | 'mobile' | 'cloud' | 'campus' | 'corporate';

function octet(rng: Rng): number {
  return rng.int(1, 254);
}

/** A random address of a kind, in a country where that matters. */
export function randomIp(rng: Rng, kind: IpKind, country = 'US'): string {
  switch (kind) {
    case 'home': {
      const prefixes = HOME_PREFIXES[country] ?? HOME_PREFIXES.US!;
      if (rng.chance(0.08)) return `2600:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(3)}`;
      return `${rng.pick(prefixes)}.${octet(rng)}.${octet(rng)}`;
    }
    case 'mobile':
      return `${rng.pick(MOBILE_PREFIXES)}.${octet(rng)}.${octet(rng)}`;
    case 'cloud':
      return `${rng.pick(CLOUD_PREFIXES)}.${octet(rng)}.${octet(rng)}`;
    case 'campus':
      return `${rng.pick(CAMPUS_PREFIXES)}.${octet(rng)}.${octet(rng)}`;
    case 'corporate':
      return `${rng.pick(['12.47', '63.118', '199.47', '204.14', '192.231', '81.144', '203.14'])}.${octet(rng)}.${octet(rng)}`;
  }
}

/** A /24 that a company owns: accounts of one enterprise share it. */
export function corporateRange(rng: Rng): string {
  return `${rng.pick(['12.47', '63.118', '199.47', '204.14', '192.231', '81.144', '203.14', '155.64', '144.160'])}.${octet(rng)}`;
}

/** Countries that residential proxy networks exit from most, by weight. */
export const PROXY_COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 30], ['GB', 6], ['DE', 6], ['BR', 6], ['IN', 8], ['CA', 4], ['FR', 4], ['JP', 4], ['KR', 3], ['SG', 3],
  ['AU', 3], ['VN', 3], ['ID', 3], ['MX', 3], ['PL', 2], ['TR', 2], ['ES', 2], ['IT', 2], ['TW', 2], ['NL', 2],
];

/** A residential proxy exit: a home address anywhere, new per session. */
export function residentialProxyIp(rng: Rng): string {
  return randomIp(rng, 'home', rng.weighted(PROXY_COUNTRIES));
}

/** A client stack: what User-Agent strings it sends and which TLS fingerprint its HTTP library gives. */
export interface ClientStack {
  name: string;
  agents: readonly string[];
}

export const STACKS: Record<string, ClientStack> = {
  openaiPython: {
    name: 'python-httpx',
    agents: ['OpenAI/Python 1.54.3', 'OpenAI/Python 1.58.1', 'OpenAI/Python 1.61.0', 'AsyncOpenAI/Python 1.58.1', 'OpenAI/Python 1.68.2'],
  },
  anthropicPython: {
    name: 'python-httpx',
    agents: ['Anthropic/Python 0.39.0', 'Anthropic/Python 0.42.0', 'AsyncAnthropic/Python 0.45.2', 'Anthropic/Python 0.49.0'],
  },
  openaiNode: { name: 'node-undici', agents: ['OpenAI/JS 4.73.0', 'OpenAI/JS 4.77.3', 'OpenAI/JS 4.85.1', 'OpenAI/JS 5.1.0'] },
  anthropicNode: { name: 'node-undici', agents: ['Anthropic/JS 0.32.1', 'Anthropic/JS 0.36.3', 'Anthropic/JS 0.39.0'] },
  langchain: { name: 'python-httpx', agents: ['langchain-openai/0.2.14 OpenAI/Python 1.58.1', 'LlamaIndex/0.12.5 OpenAI/Python 1.54.3'] },
  requests: { name: 'python-requests', agents: ['python-requests/2.32.3', 'python-requests/2.31.0'] },
  curl: { name: 'curl', agents: ['curl/8.5.0', 'curl/7.81.0', 'curl/8.7.1'] },
  go: { name: 'go-http', agents: ['Go-http-client/2.0', 'sashabaranov-go-openai/1.36'] },
  chatUi: {
    name: 'node-undici',
    agents: ['LibreChat/0.7.6', 'open-webui/0.5.4', 'LobeChat/1.42.0', 'ChatBox/1.9.1 (Windows)', 'Chatbox/1.9.8 (Macintosh)', 'NextChat/2.15.8'],
  },
  codingAgent: {
    name: 'node-undici',
    agents: ['opencode/0.3.58', 'Cline/3.4.0', 'RooCode/3.11.2', 'Continue/0.9.250 (vscode)', 'kilo-code/4.20.0', 'OpenHands/0.28.1'],
  },
  codingAgentPy: { name: 'python-httpx', agents: ['aider/0.72.1 OpenAI/Python 1.58.1', 'aider/0.74.2 OpenAI/Python 1.61.0', 'SWE-agent/1.0.1'] },
  evalHarness: {
    name: 'python-httpx',
    agents: ['lm-eval-harness/0.4.7 OpenAI/Python 1.58.1', 'inspect_ai/0.3.58 OpenAI/Python 1.58.1', 'helm/0.5.4', 'openai-evals/3.0.1 OpenAI/Python 1.54.3', 'lighteval/0.7.0'],
  },
};

/** JA4-style fingerprint of a stack on a platform: stable per stack, independent of the User-Agent string. */
export function clientFingerprint(stack: ClientStack, platform: string): string {
  const h1 = hashString(`${stack.name}/tls`).toString(16).padStart(8, '0');
  const h2 = hashString(`${stack.name}/${platform}/ext`).toString(16).padStart(8, '0');
  const ciphers = stack.name.startsWith('python') ? '1516' : stack.name === 'curl' ? '3112' : '1715';
  return `t13d${ciphers}h2_${h1}${h2.slice(0, 4)}_${h2}${h1.slice(0, 4)}`;
}

export const PLATFORMS = ['linux', 'macos', 'windows'] as const;
