import { MediaError } from '../errors/MediaError.ts';
import { readAttributeList } from './readAttributeList.ts';

/** `readAttributeList` on a tag's value, with the line number prefixed to any error (RFC 8216 4.2). */
export function readTagAttributes(value: string | undefined, lineNumber: number): Map<string, string> {
  try {
    return readAttributeList(value ?? '');
  } catch (error) {
    if (error instanceof MediaError) throw new MediaError(error.code, `line ${lineNumber}: ${error.message}`);
    throw error;
  }
}
