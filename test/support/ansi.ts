// ANSI colour codes in CLI output, for the tests that check when colour is on and off.

// eslint-disable-next-line no-control-regex -- the escape character is what this matches
const SGR = /\u001b\[\d+m/g;

/** True when the text holds any colour or style code. */
export function hasAnsi(text: string): boolean {
  return text.search(SGR) !== -1;
}

/** The text without its colour and style codes. */
export function stripAnsi(text: string): string {
  return text.replace(SGR, '');
}
