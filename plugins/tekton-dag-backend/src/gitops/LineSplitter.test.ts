import { LineSplitter } from './LineSplitter';

const split = (chunks: string[], maxLength = 10) => {
  const lines: string[] = [];
  let tooLong = 0;
  const splitter = new LineSplitter({
    maxLength,
    onLine: line => lines.push(line),
    onTooLong: () => tooLong++,
  });
  chunks.forEach(chunk => splitter.push(chunk));
  return { lines, tooLong };
};

describe('LineSplitter', () => {
  it('hands over lines as they complete, across chunks, with \\n or \\r\\n', () => {
    expect(split(['a\nbb', 'b\r', '\n', '\nccc\nunfinished'])).toEqual({
      lines: ['a', 'bbb', '', 'ccc'],
      tooLong: 0,
    });
  });

  it('skips a line longer than the limit up to its end, without keeping it', () => {
    expect(
      split([
        'ok\n0123456789',
        'abcdef',
        'ghij\nnext\n',
        '0123456789X\nlast\n',
      ]),
    ).toEqual({ lines: ['ok', 'next', 'last'], tooLong: 2 });
  });
});
