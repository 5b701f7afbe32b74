// Why a config file's text is not JSON, at the line and column of its first syntax error,
// whatever it is: Node's JSON.parse leaves the position out of some of its messages (truncated
// input, for one); jsonc-parser reports each kind of error with its offset.
import { getLocation, parse, ParseErrorCode, type ParseError } from 'jsonc-parser';

import { ConfigError, type ConfigProblem } from './config-error.js';

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false };

/** The ERR_CONFIG_JSON ConfigError for `json`, which JSON.parse rejected with `syntaxError`. */
export function getJsonError(json: string, file: string, syntaxError: unknown): ConfigError {
  const options = { cause: syntaxError };
  return new ConfigError('ERR_CONFIG_JSON', file, [describeFirstError(json, syntaxError)], options);
}

function describeFirstError(json: string, syntaxError: unknown): ConfigProblem {
  const errors: ParseError[] = [];
  parse(json, errors, PARSE_OPTIONS);
  // Later errors are mostly echoes of the first one, so only the first is reported.
  const [first] = errors;
  // No text is known that JSON.parse rejects and jsonc-parser accepts; should there be one,
  // JSON.parse's own message is the best there is.
  if (first === undefined)
    return { path: '', message: `invalid JSON: ${(syntaxError as Error).message}` };

  const { offset, message } = describeParseError(json, first);
  const { line, column } = positionAt(json, offset);
  return { path: '', message: `invalid JSON: ${message}`, line, column };
}

function describeParseError(json: string, error: ParseError): { offset: number; message: string } {
  if (json.trim() === '') return { offset: 0, message: 'the file is empty' };

  const comma = trailingCommaBefore(json, error.offset);
  if (comma !== undefined) return { offset: comma, message: 'trailing comma (JSON allows none)' };

  const atEnd = error.offset >= json.length;
  const message = describeErrorCode(json, error);
  return { offset: error.offset, message: atEnd ? `unexpected end of file, ${message}` : message };
}

// The parser reports a trailing comma at the bracket after it; the comma is what to fix.
function trailingCommaBefore(json: string, offset: number): number | undefined {
  if (json[offset] !== '}' && json[offset] !== ']') return undefined;
  const before = json.slice(0, offset).trimEnd();
  return before.endsWith(',') ? before.length - 1 : undefined;
}

function describeErrorCode(json: string, error: ParseError): string {
  const token = json.slice(error.offset, error.offset + error.length);
  switch (error.error) {
    case ParseErrorCode.InvalidSymbol:
      return describeInvalidSymbol(json, error.offset, token);
    case ParseErrorCode.InvalidNumberFormat:
    case ParseErrorCode.UnexpectedEndOfNumber:
      return `invalid number ${token}`;
    case ParseErrorCode.PropertyNameExpected:
      return 'expected a property name in double quotes';
    case ParseErrorCode.ValueExpected:
      return 'expected a value';
    case ParseErrorCode.ColonExpected:
      return 'expected a colon after the property name';
    case ParseErrorCode.CommaExpected:
      return isInArray(json, error.offset)
        ? 'expected a comma or closing bracket'
        : 'expected a comma or closing brace';
    case ParseErrorCode.CloseBraceExpected:
      return 'expected a closing brace';
    case ParseErrorCode.CloseBracketExpected:
      return 'expected a closing bracket';
    case ParseErrorCode.EndOfFileExpected:
      return 'unexpected content after the end of the JSON value';
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'comments are not allowed';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'unterminated string';
    case ParseErrorCode.InvalidUnicode:
      return 'invalid \\u escape in string';
    case ParseErrorCode.InvalidEscapeCharacter:
      return 'invalid escape sequence in string';
    case ParseErrorCode.InvalidCharacter:
      return 'control character in string (write it as an escape, such as \\n or \\t)';
  }
}

function describeInvalidSymbol(json: string, offset: number, token: string): string {
  if (token.startsWith("'")) return 'strings need double quotes';
  if (getLocation(json, offset).isAtPropertyKey)
    return `property names need double quotes (${token})`;
  return `unexpected ${token}`;
}

function isInArray(json: string, offset: number): boolean {
  return typeof getLocation(json, offset).path.at(-1) === 'number';
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
