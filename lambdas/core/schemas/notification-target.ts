/**
 * Notification targets, checked per type: SQS queue URL or ARN, SNS topic ARN, https URL, Lambda
 * function name or ARN. Each check returns a "must …" description of the problem, or undefined.
 */
import type { NotificationType } from '../model';

export interface TargetRules {
  /**
   * Local runtime only: allow http:// and private/loopback hosts for URL targets and queue URLs.
   * @default false
   */
  allowInsecureUrls?: boolean;
  /**
   * Local runtime only: function targets are handler modules on disk (a path to a .js/.mjs/.cjs/.ts/.mts
   * file, absolute or relative to the data directory), not Lambda functions.
   * @default false
   */
  functionModules?: boolean;
}

/** File extensions of handler modules (local function targets). */
export const FUNCTION_MODULE_EXTENSIONS = ['js', 'mjs', 'cjs', 'ts', 'mts'] as const;
const MAX_MODULE_PATH = 1024;

function moduleProblem(target: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(target)?.[1];
  const ok =
    target.length <= MAX_MODULE_PATH &&
    extension !== undefined &&
    (FUNCTION_MODULE_EXTENSIONS as readonly string[]).includes(extension);
  return ok
    ? undefined
    : `must be the path of a handler module (${FUNCTION_MODULE_EXTENSIONS.map((e) => `.${e}`).join(', ')}; ` +
        'absolute, or relative to the data directory) exporting `handler`: the local runtime runs no Lambda';
}

const PARTITION = 'aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const QUEUE_ARN = new RegExp(`^arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,80}(?:\\.fifo)?$`);
const TOPIC_ARN = new RegExp(`^arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?$`);
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const FUNCTION_ARN = new RegExp(
  `^arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:[A-Za-z0-9_-]{1,64}(?::(?:\\$LATEST|[A-Za-z0-9_-]{1,128}))?$`,
);
const AWS_HOST = /(?:^|\.)amazonaws\.com(?:\.cn)?$/;
const MAX_URL_LENGTH = 2048;

function parseUrl(target: string): URL | undefined {
  try {
    return new URL(target);
  } catch {
    return undefined;
  }
}

/** True for hosts a public callback must never reach: loopback, private, link-local, metadata. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  if (host.includes(':')) {
    return (
      host === '::' ||
      host === '::1' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  }
  return false;
}

function urlProblem(target: string, rules: TargetRules): string | undefined {
  if (target.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  const url = parseUrl(target);
  const insecure = rules.allowInsecureUrls === true;
  if (!url || (url.protocol !== 'https:' && !(insecure && url.protocol === 'http:'))) {
    return insecure ? 'must be an http:// or https:// URL' : 'must be an https:// URL';
  }
  if (url.username || url.password) {
    return 'must not contain credentials (callbacks are authenticated by the X-Mps-Signature header)';
  }
  if (!insecure && isPrivateHost(url.hostname)) {
    return 'must point to a public host (not localhost, private, link-local or metadata addresses)';
  }
  return undefined;
}

function queueProblem(target: string, rules: TargetRules): string | undefined {
  if (QUEUE_ARN.test(target)) return undefined;
  const allowed =
    'must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>) or queue ARN';
  const url = parseUrl(target);
  if (!url || urlProblem(target, rules)) return allowed;
  const segments = url.pathname.split('/');
  const [, account, name, ...rest] = segments;
  const nameOk = name !== undefined && QUEUE_NAME.test(name.replace(/\.fifo$/, ''));
  if (!account || !/^\d{12}$/.test(account) || !nameOk || rest.length > 0) return allowed;
  if (!rules.allowInsecureUrls && !AWS_HOST.test(url.hostname)) return allowed;
  return undefined;
}

/** Problem with a notification target for the given type, or undefined when it is allowed. */
export function notificationTargetProblem(
  type: NotificationType,
  target: string,
  rules: TargetRules = {},
): string | undefined {
  switch (type) {
    case 'queue':
      return queueProblem(target, rules);
    case 'topic':
      return TOPIC_ARN.test(target)
        ? undefined
        : 'must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)';
    case 'url':
      return urlProblem(target, rules);
    case 'function':
      if (rules.functionModules) return moduleProblem(target);
      return FUNCTION_NAME.test(target) || FUNCTION_ARN.test(target)
        ? undefined
        : 'must be a Lambda function name (1–64 of A–Z, a–z, 0–9, _ and -, optional :qualifier) or function ARN';
  }
}
