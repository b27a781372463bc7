// The XML reader CPIX documents from other machines go through: namespaces resolved, references
// limited to XML's five entities and character references, no DTD ever, every size bounded, and
// anything not well-formed refused with the offset. The writer escapes what the reader unescapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readXml } from '../../../src/keys/speke/xml/readXml.ts';
import { writeXml } from '../../../src/keys/speke/xml/writeXml.ts';
import { XmlError } from '../../../src/keys/speke/xml/XmlError.ts';
import { childElements } from '../../../src/keys/speke/xml/childElements.ts';
import { textContent } from '../../../src/keys/speke/xml/textContent.ts';
import { newXmlElement } from '../../../src/keys/speke/xml/newXmlElement.ts';
import type { XmlElement } from '../../../src/keys/speke/xml/XmlElement.ts';

const refused = (pattern: RegExp) => (e: unknown) => e instanceof XmlError && pattern.test(e.message);

test('elements, attributes, text, CDATA and comments; namespaces resolved whatever the prefix', () => {
  const doc = readXml(
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><k:CPIX xmlns:k="urn:dashif:org:cpix" id=\'a &amp; b\' note="x&#9;y&#x41;\n z">' +
      '<k:ContentKey kid="1"/><ContentKey xmlns="urn:dashif:org:cpix"><![CDATA[<raw> & ]]>t&lt;&gt;&quot;&apos;</ContentKey><?pi x?></k:CPIX>',
  );
  assert.equal(doc.localName, 'CPIX');
  assert.equal(doc.namespace, 'urn:dashif:org:cpix');
  assert.deepEqual(doc.attributes, { 'xmlns:k': 'urn:dashif:org:cpix', id: 'a & b', note: 'x\tyA  z' });
  const keys = childElements(doc, 'urn:dashif:org:cpix', 'ContentKey');
  assert.deepEqual(keys.map((k) => k.name), ['k:ContentKey', 'ContentKey']);
  assert.equal(textContent(keys[1]), '<raw> & t<>"\'');
});

test('DTDs are refused before anything in them is read: billion laughs, external entities, any <!DOCTYPE', () => {
  const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><r>&lol9;</r>`;
  assert.throws(() => readXml(laughs), refused(/a DOCTYPE at offset 0: DTDs and entity declarations are never accepted/));
  assert.throws(() => readXml('<?xml version="1.0"?><!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>'), refused(/DOCTYPE/));
  assert.throws(() => readXml('<r><!ENTITY x "y"></r>'), refused(/markup declaration/));
  // Without a DTD an entity reference has nothing to expand to.
  assert.throws(() => readXml('<r>&lol;</r>'), refused(/&lol; .* not one of XML's five predefined entities/));
  assert.throws(() => readXml('<r a="&xxe;"/>'), refused(/&xxe;/));
});

test('bounds: size, depth, element count and attributes per element', () => {
  assert.throws(() => readXml(`<r>${'x'.repeat(100)}</r>`, { maxChars: 50 }), refused(/over the 50-character limit/));
  assert.throws(() => readXml('<a><b><c><d/></c></b></a>', { maxDepth: 3 }), refused(/deeper than 3/));
  assert.doesNotThrow(() => readXml('<a><b><c/></b></a>', { maxDepth: 3 }));
  assert.throws(() => readXml(`<r>${'<e/>'.repeat(10)}</r>`, { maxElements: 10 }), refused(/more than 10 elements/));
  assert.throws(() => readXml(`<r ${Array.from({ length: 5 }, (_, i) => `a${i}="1"`).join(' ')}/>`, { maxAttributes: 4 }), refused(/more than 4 attributes/));
});

test('not well-formed is refused, naming what was expected', () => {
  const cases: [string, RegExp][] = [
    ['<a><b></a>', /expected <\/b> at offset 6, found <\/a/],
    ['<a>', /expected <\/a>/],
    ['<a x="1" x="2"/>', /attribute x appears twice/],
    ['<a x=1/>', /a quoted value for attribute x/],
    ['<p:a/>', /prefix "p" of <p:a> is not bound/],
    ['<a p:x="1"/>', /prefix of attribute p:x/],
    ['<a/><b/>', /the end of the document after the root element/],
    ['<a>&#0;</a>', /not an XML character/],
    ['<a>\u0001</a>', /U\+0001/],
    ['<a>x & y</a>', /does not start a reference/],
    ['<?xml version="1.0" encoding="ISO-8859-1"?><a/>', /only UTF-8 is accepted/],
    ['<a><?xml version="1.0"?></a>', /only allowed at the very start/],
    ['<a:b:c/>', /not a qualified name/],
    ['text', /expected the root element/],
  ];
  for (const [xml, pattern] of cases) assert.throws(() => readXml(xml), refused(pattern), xml);
});

test('the writer escapes text and attributes so the reader gives them back; indentation leaves text alone', () => {
  const root: XmlElement = newXmlElement('c:Root', 'urn:x', { 'xmlns:c': 'urn:x', value: 'a "quoted" <b> & \t\n', skipped: undefined }, [
    newXmlElement('c:Child', 'urn:x', {}, [' keep  spaces & <tags> ']),
    newXmlElement('c:Empty', 'urn:x'),
  ]);
  const text = writeXml(root, { indent: '  ' });
  assert.equal(
    text,
    '<?xml version="1.0" encoding="UTF-8"?>\n<c:Root xmlns:c="urn:x" value="a &quot;quoted&quot; &lt;b&gt; &amp; &#9;&#10;">\n  <c:Child> keep  spaces &amp; &lt;tags&gt; </c:Child>\n  <c:Empty/>\n</c:Root>\n',
  );
  const back = readXml(text);
  assert.equal(back.attributes.value, 'a "quoted" <b> & \t\n');
  assert.equal(textContent(childElements(back, 'urn:x', 'Child')[0]), ' keep  spaces & <tags> ');
});
