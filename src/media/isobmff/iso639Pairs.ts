/**
 * ISO 639-1 two-letter codes (the BCP 47 form where one exists, RFC 5646
 * 2.2.1) with their ISO 639-2/T three-letter codes (the `mdhd` form,
 * ISO/IEC 14496-12 8.4.2.3) and, where different, the ISO 639-2/B form some
 * muxers write. Covers the languages a streaming catalogue commonly carries.
 */
export const iso639Pairs: readonly { bcp47: string; t: string; b?: string }[] = [
  { bcp47: 'ar', t: 'ara' }, { bcp47: 'bg', t: 'bul' }, { bcp47: 'bn', t: 'ben' }, { bcp47: 'ca', t: 'cat' },
  { bcp47: 'cs', t: 'ces', b: 'cze' }, { bcp47: 'cy', t: 'cym', b: 'wel' }, { bcp47: 'da', t: 'dan' },
  { bcp47: 'de', t: 'deu', b: 'ger' }, { bcp47: 'el', t: 'ell', b: 'gre' }, { bcp47: 'en', t: 'eng' },
  { bcp47: 'es', t: 'spa' }, { bcp47: 'et', t: 'est' }, { bcp47: 'eu', t: 'eus', b: 'baq' },
  { bcp47: 'fa', t: 'fas', b: 'per' }, { bcp47: 'fi', t: 'fin' }, { bcp47: 'fr', t: 'fra', b: 'fre' },
  { bcp47: 'ga', t: 'gle' }, { bcp47: 'gl', t: 'glg' }, { bcp47: 'he', t: 'heb' }, { bcp47: 'hi', t: 'hin' },
  { bcp47: 'hr', t: 'hrv' }, { bcp47: 'hu', t: 'hun' }, { bcp47: 'id', t: 'ind' }, { bcp47: 'is', t: 'isl', b: 'ice' },
  { bcp47: 'it', t: 'ita' }, { bcp47: 'ja', t: 'jpn' }, { bcp47: 'ko', t: 'kor' }, { bcp47: 'lt', t: 'lit' },
  { bcp47: 'lv', t: 'lav' }, { bcp47: 'ms', t: 'msa', b: 'may' }, { bcp47: 'nb', t: 'nob' },
  { bcp47: 'nl', t: 'nld', b: 'dut' }, { bcp47: 'nn', t: 'nno' }, { bcp47: 'no', t: 'nor' }, { bcp47: 'pl', t: 'pol' },
  { bcp47: 'pt', t: 'por' }, { bcp47: 'ro', t: 'ron', b: 'rum' }, { bcp47: 'ru', t: 'rus' },
  { bcp47: 'sk', t: 'slk', b: 'slo' }, { bcp47: 'sl', t: 'slv' }, { bcp47: 'sq', t: 'sqi', b: 'alb' },
  { bcp47: 'sr', t: 'srp' }, { bcp47: 'sv', t: 'swe' }, { bcp47: 'sw', t: 'swa' }, { bcp47: 'ta', t: 'tam' },
  { bcp47: 'te', t: 'tel' }, { bcp47: 'th', t: 'tha' }, { bcp47: 'tl', t: 'tgl' }, { bcp47: 'tr', t: 'tur' },
  { bcp47: 'uk', t: 'ukr' }, { bcp47: 'ur', t: 'urd' }, { bcp47: 'vi', t: 'vie' }, { bcp47: 'zh', t: 'zho', b: 'chi' },
  { bcp47: 'zu', t: 'zul' },
];
