import { describe, expect, test } from 'vitest';
import { matchRoute, validateRoutes } from '../../src/http/routes.ts';

const origin = 'https://app.test';
const req = (url: string) => new Request(url);
const match = (routes: ReturnType<typeof validateRoutes>, url: string) => matchRoute(routes, new URL(url), req(url), origin);

describe('route matching', () => {
  const routes = validateRoutes([
    { match: '/api/special', strategy: 'cache-first' },
    { match: /\/img\/.*\.png$/, strategy: 'cache-first' },
    { match: (url: URL) => url.searchParams.has('swr'), strategy: 'stale-while-revalidate' },
    { match: '/api/', strategy: 'network-first' },
  ]);
  test('first matching route wins, in order', () => {
    expect(match(routes, 'https://app.test/api/special/1')?.strategy).toBe('cache-first');
    expect(match(routes, 'https://app.test/api/other')?.strategy).toBe('network-first');
    expect(match(routes, 'https://app.test/api/other?swr=1')?.strategy).toBe('stale-while-revalidate');
  });
  test('a prefix string matches same-origin paths only; a RegExp tests the full URL', () => {
    expect(match(routes, 'https://cdn.test/api/other')).toBeUndefined();
    expect(match(routes, 'https://cdn.test/img/a.png')?.strategy).toBe('cache-first');
    expect(match(routes, 'https://app.test/index.html')).toBeUndefined();
  });
  test('a global RegExp matches every time (lastIndex does not leak between requests)', () => {
    const g = validateRoutes([{ match: /png/g, strategy: 'cache-first' }]);
    expect(match(g, 'https://app.test/a.png')).toBeDefined();
    expect(match(g, 'https://app.test/a.png')).toBeDefined();
  });
});

describe('route validation', () => {
  test('malformed match, unknown strategy and bad numbers are precise TypeErrors/RangeErrors', () => {
    expect(() => validateRoutes('x')).toThrow(TypeError);
    expect(() => validateRoutes([{ match: 'api/', strategy: 'cache-first' }])).toThrow(/routes\[0\]\.match must be a path prefix starting with '\/'/);
    expect(() => validateRoutes([{ match: 42, strategy: 'cache-first' }])).toThrow(TypeError);
    expect(() => validateRoutes([{ match: '/a', strategy: 'cache-last' }])).toThrow(/routes\[0\]\.strategy must be one of/);
    expect(() => validateRoutes([{ match: '/a', strategy: 'network-first', timeoutMs: -1 }])).toThrow(RangeError);
    // NaN is a number that is not > 0: a RangeError, as everywhere ttlMs is accepted (src/ttl.ts).
    expect(() => validateRoutes([{ match: '/a', strategy: 'network-first', ttlMs: NaN }])).toThrow(RangeError);
    expect(() => validateRoutes([{ match: '/a', strategy: 'network-first', ttlMs: NaN }])).toThrow(/^routes\[0\]\.ttlMs must be >= 0/);
    expect(() => validateRoutes([{ match: '/a', strategy: 'cache-first', allowAuthorized: 'yes' }])).toThrow(/allowAuthorized must be a boolean/);
    expect(() => validateRoutes([{ match: '/a', strategy: 'cache-first', cacheableStatuses: [0] }])).toThrow(/cacheableStatuses/);
  });
});

describe('the offline option', () => {
  test("'serve' or 'fail' on http, cache-first and network-first routes; anything else is a precise error, and offline is a known key", () => {
    for (const strategy of ['http', 'cache-first', 'network-first']) {
      expect(validateRoutes([{ match: '/a', strategy, offline: 'fail' }])[0]?.offline).toBe('fail');
    }
    expect(() => validateRoutes([{ match: '/a', strategy: 'http', offline: true }])).toThrow(new TypeError("routes[0].offline must be 'serve' or 'fail', got boolean"));
    expect(() => validateRoutes([{ match: '/a', strategy: 'http', offline: 'never' }])).toThrow(new RangeError("routes[0].offline must be 'serve' or 'fail', got 'never'"));
    expect(() => validateRoutes([{ match: '/a', strategy: 'stale-while-revalidate', offline: 'fail' }])).toThrow(
      new TypeError('routes[0].offline applies to the http, cache-first, network-first strategies, not stale-while-revalidate'),
    );
    expect(() => validateRoutes([{ match: '/a', strategy: 'http', ofline: 'fail' }])).toThrow(/did you mean 'offline'/);
  });
});
