import { screen } from '@testing-library/react';

/** The visible text pieces of an element (its text nodes), without invisible characters. */
function visibleTexts(element: Element): string[] {
  const walker = element.ownerDocument.createTreeWalker(element, 4 /* text */);
  const texts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '')
      .replace(/[\u200b\u00ad]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text) texts.push(text);
  }
  return texts;
}

/**
 * The buttons and links on screen whose aria-label leaves out what they show (WCAG 2.5.3,
 * label in name): voice control says what it sees, and so do tests. An element named by its
 * own text, or showing no text (an icon), passes.
 */
export function labelNotInName(): string[] {
  const elements = [
    ...screen.queryAllByRole('button'),
    ...screen.queryAllByRole('link'),
  ];
  return elements.flatMap(element => {
    const name = element.getAttribute('aria-label');
    if (!name) return [];
    const missing = visibleTexts(element).filter(
      text => !name.toLowerCase().includes(text.toLowerCase()),
    );
    return missing.length
      ? [`"${missing.join(' ')}" is not in its name "${name}"`]
      : [];
  });
}
