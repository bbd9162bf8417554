// Whitespace of every kind (incl. U+3000 ideographic space, which NFKC turns into U+0020) is dropped:
// inspectors pad and wrap freely, and CJK text has no word boundaries to preserve.
const WHITESPACE = /\s+/gu;

/** The one normalisation applied to finding text, keywords and examples alike: NFKC, lower-case, no whitespace. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE, '');
}
