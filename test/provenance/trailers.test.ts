import { describe, expect, it } from 'vitest';
import { parseTrailers } from '../../src/provenance/trailers.js';

describe('the trailer parser', () => {
  it('reads the trailer block at the end of a message', () => {
    const msg =
      'Fix the parser\n\nLonger explanation.\n\nSigned-off-by: Ada <ada@example.com>\nAssisted-by: Claude:claude-3-opus coccinelle';
    expect(parseTrailers(msg)).toEqual([
      { key: 'Signed-off-by', value: 'Ada <ada@example.com>' },
      { key: 'Assisted-by', value: 'Claude:claude-3-opus coccinelle' },
    ]);
  });

  it('accepts any key case and whitespace around the colon', () => {
    expect(parseTrailers('s\n\nco-AUTHORED-by :   Claude <noreply@anthropic.com>  ')).toEqual([
      { key: 'co-AUTHORED-by', value: 'Claude <noreply@anthropic.com>' },
    ]);
  });

  it('joins folded continuation lines to the trailer value', () => {
    expect(parseTrailers('s\n\nAssisted-by: ChatGPT-4\n  (gpt-4-0314) [GitHub Copilot]')).toEqual([
      { key: 'Assisted-by', value: 'ChatGPT-4 (gpt-4-0314) [GitHub Copilot]' },
    ]);
  });

  it('ignores leading emoji and bullets before a trailer', () => {
    expect(parseTrailers('s\n\n🤖 Co-Authored-By: Claude <noreply@anthropic.com>')).toEqual([
      { key: 'Co-Authored-By', value: 'Claude <noreply@anthropic.com>' },
    ]);
  });

  it('does not read prose that mentions an assistant as a trailer', () => {
    expect(
      parseTrailers('fixed copilot bug\n\nThe copilot integration crashed when\nthe token expired. Now: it does not.'),
    ).toEqual([]);
  });

  it('never reads the subject line as a trailer', () => {
    expect(parseTrailers('aider: add a feature')).toEqual([]);
  });

  it('finds the squashed commits’ trailer blocks inside a squash commit body', () => {
    const msg = [
      'Add search (#12)',
      '',
      '* Add index',
      '',
      'Co-authored-by: Cursor Agent <cursoragent@cursor.com>',
      '',
      '* Tidy',
      '',
      '---------',
      '',
      'Co-authored-by: Bob <bob@example.com>',
    ].join('\n');
    expect(parseTrailers(msg).map((t) => t.value)).toEqual([
      'Cursor Agent <cursoragent@cursor.com>',
      'Bob <bob@example.com>',
    ]);
  });

  it('does not mistake a URL line for a trailer', () => {
    expect(parseTrailers('s\n\nhttps://example.com/issue/1')).toEqual([]);
  });
});
