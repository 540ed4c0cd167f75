import { CallbackRefusedError, createHttpNotifier } from '../../lambdas/adapters/http-notifier';
import { verifySignature } from '../../lambdas/core/notifications';

const SECRET = 'test-secret-key';
const NOW = new Date('2026-03-01T10:00:00Z');

function fakeFetch(status: number) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), init: init! });
    return new Response(status === 204 ? null : 'ok', { status });
  }) as typeof fetch;
  return { fn, calls };
}

const publicResolve = async () => ['93.184.216.34'];

describe('createHttpNotifier', () => {
  it('POSTs the JSON body with a verifiable timestamp + HMAC signature', async () => {
    const f = fakeFetch(204);
    const post = createHttpNotifier({
      secret: async () => SECRET,
      fetch: f.fn,
      resolve: publicResolve,
      now: () => NOW,
    });
    const body = JSON.stringify({ eventId: 'evt-1' });
    await post('https://hooks.example.com/mps?x=1', body);
    expect(f.calls).toHaveLength(1);
    const { url, init } = f.calls[0]!;
    expect(url).toBe('https://hooks.example.com/mps?x=1');
    expect(init.method).toBe('POST');
    expect(init.redirect).toBe('manual');
    expect(init.body).toBe(body);
    const headers = init.headers as Record<string, string>;
    expect(headers['X-Mps-Timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(headers['X-Mps-Signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(
      verifySignature(SECRET, headers['X-Mps-Timestamp']!, body, headers['X-Mps-Signature']!, { now: NOW }),
    ).toBe(true);
    expect(
      verifySignature('other', headers['X-Mps-Timestamp']!, body, headers['X-Mps-Signature']!, { now: NOW }),
    ).toBe(false);
  });

  it('treats non-2xx answers as failures', async () => {
    const post = createHttpNotifier({
      secret: async () => SECRET,
      fetch: fakeFetch(500).fn,
      resolve: publicResolve,
    });
    await expect(post('https://hooks.example.com/', '{}')).rejects.toThrow(/HTTP 500/);
    const redirect = createHttpNotifier({
      secret: async () => SECRET,
      fetch: fakeFetch(302).fn,
      resolve: publicResolve,
    });
    await expect(redirect('https://hooks.example.com/', '{}')).rejects.toThrow(/HTTP 302/);
  });

  it.each([
    ['http://hooks.example.com/', publicResolve, /https/],
    ['https://127.0.0.1/', publicResolve, /loopback, private or link-local/],
    ['https://169.254.169.254/latest', publicResolve, /link-local/],
    ['https://rebind.example.com/', async () => ['10.0.0.5'], /10\.0\.0\.5/],
  ])('refuses %s', async (url, resolve, message) => {
    const f = fakeFetch(200);
    const post = createHttpNotifier({ secret: async () => SECRET, fetch: f.fn, resolve });
    await expect(post(url, '{}')).rejects.toThrow(CallbackRefusedError);
    await expect(post(url, '{}')).rejects.toThrow(message);
    expect(f.calls).toHaveLength(0);
  });

  it('allows http and private hosts when allowPrivate is set (local runtime)', async () => {
    const f = fakeFetch(200);
    const post = createHttpNotifier({ secret: async () => SECRET, fetch: f.fn, allowPrivate: true });
    await post('http://127.0.0.1:8080/hook', '{}');
    expect(f.calls).toHaveLength(1);
  });

  it('times out a slow receiver', async () => {
    const slow = ((_u: URL, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
      )) as typeof fetch;
    const post = createHttpNotifier({
      secret: async () => SECRET,
      fetch: slow,
      resolve: publicResolve,
      timeoutMs: 50,
    });
    await expect(post('https://hooks.example.com/', '{}')).rejects.toThrow(
      'callback https://hooks.example.com/ could not be reached: no answer within 0.05 s',
    );
  });
});
