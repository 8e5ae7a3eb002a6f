// The only ways repository text enters the HTML report, checked on the strings that break naive escaping.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/index.js';
import { anchorId, esc, jsonForScript } from '../../src/report/html/escape.js';
import { richScan } from './fixture.js';

describe('HTML escaping', () => {
  it('escapes the five HTML-special characters', () => {
    expect(esc(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(esc(null)).toBe('');
    expect(esc(42)).toBe('42');
  });

  it('embeds JSON that cannot close its script block and parses back to the same value', () => {
    const value = { s: '</script><script>alert(1)</script><!-- \u2028\u2029 & >' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('makes fragment ids of safe characters only', () => {
    expect(anchorId('m', 1, '<x y="z">')).toBe('m-1-_x_y__z__');
  });

  it('puts no repository string into the page unescaped and links to nothing outside the file', () => {
    const html = renderHtml(richScan());
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<svg onload');
    expect(html.match(/<script/g)).toHaveLength(2); // the JSON block and the report's own script
    const urls = [...html.matchAll(/(?:src|href|action)\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
    expect(urls.every((u) => u?.startsWith('#'))).toBe(true);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
  });
});
