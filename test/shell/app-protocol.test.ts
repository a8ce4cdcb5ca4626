import fc from 'fast-check';
import { resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPath } from '../../src/main/app-protocol';

const root = resolve('/opt/backprop/out/renderer');
const inside = (file: string | null): boolean => file === null || file === root || file.startsWith(root + sep);

const traversals = [
  'app://bundle/../main/index.js', 'app://bundle/..%2f..%2fetc%2fpasswd', 'app://bundle/%2e%2e/%2e%2e/etc/passwd',
  'app://bundle/%2E%2E%2F%2E%2E%2Fetc/passwd', 'app://bundle/assets/../../secret', 'app://bundle/..%5c..%5cwindows%5cwin.ini',
  'app://bundle/..\\..\\windows\\win.ini', 'app://bundle/%252e%252e/%252e%252e/etc/passwd', 'app://bundle/....//....//etc/passwd',
  'app://bundle/%c0%ae%c0%ae/etc/passwd', 'app://bundle/%uff0e%uff0e/etc/passwd', 'app://bundle/assets/%00../../etc/passwd',
  'app://bundle/index.html%00.js', 'app://bundle/C:/Windows/win.ini', 'app://bundle/c:%5cwindows', 'app://bundle//etc/passwd',
  'app://bundle///etc/passwd', 'app://bundle/%2f%2fetc/passwd', 'app://bundle/./../../etc/passwd', 'app://bundle/assets/./../..',
  'app://bundle/..', 'app://bundle/..%00/', 'app://bundle/%2e%2e', 'app://bundle/%2e%2e%2f', 'app://bundle/.%2e/x', 'app://bundle/%2e./x',
  'app://evil/index.html', 'app://bundle.evil/index.html', 'app://user:pw@bundle/index.html', 'app://bundle:8080/index.html',
  'file:///etc/passwd', 'https://bundle/index.html', 'app://bundle/%', 'app://bundle/%zz', 'app:///etc/passwd', 'app:bundle/../x',
];

describe('the app:// protocol path check', () => {
  it.each(traversals)('keeps %j inside the renderer folder (or refuses it)', (url) => {
    const file = resolveAppPath(root, url);
    expect(inside(file)).toBe(true); // the URL parser may fold dot segments first: /etc/passwd under the root is harmless
  });

  it('refuses the traversal strings that decode to a parent folder', () => {
    for (const url of ['app://bundle/..%2f..%2fetc%2fpasswd', 'app://bundle/.%2e%2f.%2e%2fetc/passwd', 'app://bundle/..%5c..%5cwindows%5cwin.ini',
      'app://bundle/index.html%00.js', 'app://bundle/C:/Windows/win.ini', 'app://evil/index.html', 'app://bundle/%zz']) {
      expect(resolveAppPath(root, url), url).toBeNull();
    }
  });

  it('serves index.html for the bare origin and files under assets', () => {
    expect(resolveAppPath(root, 'app://bundle/')).toBe(`${root}${sep}index.html`);
    expect(resolveAppPath(root, 'app://bundle/assets/index-abc.js?v=1#x')).toBe(`${root}${sep}assets${sep}index-abc.js`);
    expect(resolveAppPath(root, 'app://bundle/samples/iris%20copy.csv')).toBe(`${root}${sep}samples${sep}iris copy.csv`);
  });

  it('never resolves outside the root, whatever path is requested (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2e', '..%2f', '%5c', '\\', '%00', '', 'C:', '%2f', '//', '%252e'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
      let url = 'app://bundle/';
      try { url += segments.join('/'); new URL(url); } catch { return true; }
      return inside(resolveAppPath(root, url));
    }), { numRuns: 2000, seed: 42 });
  });

  it('the property catches a naive join (negative control)', () => {
    const naive = (url: string): string => resolve(root, '.' + decodeURIComponent(new URL(url).pathname));
    const result = fc.check(fc.property(fc.constantFrom('..%2f..%2fetc', '%2e%2e%2fx', 'a/..%2f..%2f..'), (path) => inside(naive(`app://bundle/${path}`))), { seed: 1 });
    expect(result.failed).toBe(true);
  });

  it('never resolves outside the root for arbitrary unicode paths (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (path) => inside(resolveAppPath(root, `app://bundle/${path}`))), { numRuns: 2000, seed: 7 });
  });
});
