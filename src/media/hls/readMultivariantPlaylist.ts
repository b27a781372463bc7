import { splitTagLine } from './splitTagLine.ts';
import type { MultivariantPlaylist } from './MultivariantPlaylist.ts';
import { playlistError } from './playlistError.ts';
import { playlistTagScope } from './playlistTagScope.ts';
import { quoteExcerpt } from './quoteExcerpt.ts';
import { readPlaylistLines } from './readPlaylistLines.ts';
import { readTagAttributes } from './readTagAttributes.ts';

type Variant = MultivariantPlaylist['variants'][number];
type IFrameVariant = MultivariantPlaylist['iframeVariants'][number];
type Rendition = MultivariantPlaylist['media'][number];

const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const RESOLUTION = /^(\d+)x(\d+)$/;
const MEDIA_TYPES: ReadonlySet<string> = new Set(['AUDIO', 'VIDEO', 'SUBTITLES', 'CLOSED-CAPTIONS']);

/**
 * Reads a Multivariant Playlist (RFC 8216 4.3.4): `EXT-X-STREAM-INF` with
 * the URI line after it (4.3.4.2), `EXT-X-I-FRAME-STREAM-INF` (4.3.4.3) and
 * `EXT-X-MEDIA` (4.3.4.1). Session tags and unknown tags are skipped.
 *
 * Throws `MediaError` `PLAYLIST_INVALID` with the line number when the first
 * line is not `#EXTM3U`, a required attribute (`BANDWIDTH`, `TYPE`,
 * `GROUP-ID`, `NAME`, I-frame `URI`) is missing or malformed, a URI line has
 * no `EXT-X-STREAM-INF`, or a Media Playlist tag is found.
 */
export function readMultivariantPlaylist(text: string): MultivariantPlaylist {
  const lines = readPlaylistLines(text);
  const playlist: MultivariantPlaylist = { independentSegments: false, variants: [], iframeVariants: [], media: [] };
  let pending: Omit<Variant, 'uri'> | undefined;
  let pendingLine = 0;

  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    const lineNumber = index + 1;
    if (line === '') continue;
    if (line.charCodeAt(0) !== 0x23 /* # */) {
      if (pending === undefined) throw playlistError(lineNumber, '#EXT-X-STREAM-INF before the variant URI', quoteExcerpt(line));
      playlist.variants.push({ uri: line, ...pending });
      pending = undefined;
      continue;
    }
    if (!line.startsWith('#EXT')) continue; // comment (RFC 8216 4.1)

    const { tag, value } = splitTagLine(line);
    switch (tag) {
      case 'EXT-X-VERSION': {
        const text = (value ?? '').trim();
        if (!INTEGER.test(text)) throw playlistError(lineNumber, 'an integer EXT-X-VERSION', quoteExcerpt(text));
        playlist.version = Number(text);
        break;
      }
      case 'EXT-X-INDEPENDENT-SEGMENTS':
        playlist.independentSegments = true;
        break;
      case 'EXT-X-STREAM-INF': {
        if (pending !== undefined) throw playlistError(lineNumber, `the variant URI for line ${pendingLine}`, '#EXT-X-STREAM-INF');
        const attributes = readTagAttributes(value, lineNumber);
        const variant: Omit<Variant, 'uri'> = { bandwidth: integer(attributes, 'BANDWIDTH', lineNumber, true)! };
        const averageBandwidth = integer(attributes, 'AVERAGE-BANDWIDTH', lineNumber, false);
        if (averageBandwidth !== undefined) variant.averageBandwidth = averageBandwidth;
        const codecs = attributes.get('CODECS');
        if (codecs !== undefined) variant.codecs = splitCodecs(codecs);
        const resolution = attributes.get('RESOLUTION');
        if (resolution !== undefined) variant.resolution = readResolution(resolution, lineNumber);
        const frameRate = attributes.get('FRAME-RATE');
        if (frameRate !== undefined) {
          if (!DECIMAL.test(frameRate)) throw playlistError(lineNumber, 'a decimal FRAME-RATE', quoteExcerpt(frameRate));
          variant.frameRate = Number(frameRate);
        }
        const audio = attributes.get('AUDIO');
        const video = attributes.get('VIDEO');
        const subtitles = attributes.get('SUBTITLES');
        const closedCaptions = attributes.get('CLOSED-CAPTIONS');
        if (audio !== undefined) variant.audio = audio;
        if (video !== undefined) variant.video = video;
        if (subtitles !== undefined) variant.subtitles = subtitles;
        if (closedCaptions !== undefined) variant.closedCaptions = closedCaptions;
        pending = variant;
        pendingLine = lineNumber;
        break;
      }
      case 'EXT-X-I-FRAME-STREAM-INF': {
        const attributes = readTagAttributes(value, lineNumber);
        const uri = attributes.get('URI');
        if (uri === undefined) throw playlistError(lineNumber, 'a URI attribute in EXT-X-I-FRAME-STREAM-INF', quoteExcerpt(line));
        const variant: IFrameVariant = { uri, bandwidth: integer(attributes, 'BANDWIDTH', lineNumber, true)! };
        const codecs = attributes.get('CODECS');
        if (codecs !== undefined) variant.codecs = splitCodecs(codecs);
        const resolution = attributes.get('RESOLUTION');
        if (resolution !== undefined) variant.resolution = readResolution(resolution, lineNumber);
        playlist.iframeVariants.push(variant);
        break;
      }
      case 'EXT-X-MEDIA': {
        const attributes = readTagAttributes(value, lineNumber);
        const type = attributes.get('TYPE');
        if (type === undefined || !MEDIA_TYPES.has(type)) {
          throw playlistError(lineNumber, 'EXT-X-MEDIA TYPE AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS', quoteExcerpt(type ?? 'none'));
        }
        const groupId = attributes.get('GROUP-ID');
        const name = attributes.get('NAME');
        if (groupId === undefined) throw playlistError(lineNumber, 'a GROUP-ID attribute in EXT-X-MEDIA', 'none');
        if (name === undefined) throw playlistError(lineNumber, 'a NAME attribute in EXT-X-MEDIA', 'none');
        const rendition: Rendition = {
          type: type as Rendition['type'],
          groupId,
          name,
          isDefault: attributes.get('DEFAULT') === 'YES',
          autoselect: attributes.get('AUTOSELECT') === 'YES',
          forced: attributes.get('FORCED') === 'YES',
        };
        const optional = [
          ['URI', 'uri'],
          ['LANGUAGE', 'language'],
          ['ASSOC-LANGUAGE', 'assocLanguage'],
          ['CHANNELS', 'channels'],
          ['CHARACTERISTICS', 'characteristics'],
          ['INSTREAM-ID', 'instreamId'],
        ] as const;
        for (const [attribute, field] of optional) {
          const found = attributes.get(attribute);
          if (found !== undefined) rendition[field] = found;
        }
        playlist.media.push(rendition);
        break;
      }
      default:
        if (playlistTagScope(tag) === 'media') {
          throw playlistError(lineNumber, 'a Multivariant Playlist tag', `#${tag} (a Media Playlist tag)`);
        }
    }
  }
  if (pending !== undefined) throw playlistError(pendingLine, 'a variant URI after #EXT-X-STREAM-INF', 'end of playlist');
  return playlist;
}

function integer(attributes: Map<string, string>, name: string, lineNumber: number, required: boolean): number | undefined {
  const text = attributes.get(name);
  if (text === undefined) {
    if (required) throw playlistError(lineNumber, `a ${name} attribute`, 'none');
    return undefined;
  }
  if (!INTEGER.test(text)) throw playlistError(lineNumber, `an integer ${name}`, quoteExcerpt(text));
  return Number(text);
}

function splitCodecs(codecs: string): string[] {
  return codecs
    .split(',')
    .map((codec) => codec.trim())
    .filter((codec) => codec !== '');
}

function readResolution(text: string, lineNumber: number): { width: number; height: number } {
  const match = RESOLUTION.exec(text);
  if (match === null) throw playlistError(lineNumber, 'RESOLUTION=<width>x<height>', quoteExcerpt(text));
  return { width: Number(match[1]), height: Number(match[2]) };
}
