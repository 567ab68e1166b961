/**
 * A tiny XML writer for CI's responses and callbacks. CI answers element-ordered XML whose order we
 * copy from the recorded shapes, so the tree is written in insertion order; fast-xml-parser's builder
 * would do, but this keeps empty elements as `<Message/>` exactly as recorded and escapes text the
 * same way everywhere.
 */

/** An XML tree: text, repeated elements (arrays) or an ordered element map. */
export type XmlNode = string | readonly XmlNode[] | { readonly [name: string]: XmlNode | undefined };

/** Serialises `{ Root: ... }` to XML text, no declaration (CI's recorded responses carry none). */
export function toXml(tree: Readonly<Record<string, XmlNode | undefined>>): string {
  let out = '';
  for (const [name, node] of Object.entries(tree)) out += element(name, node);
  return out;
}

function element(key: string, node: XmlNode | undefined): string {
  if (node === undefined) return '';
  // A trailing '_' lets a map hold an element twice (CI's recorded response repeats JobLevel).
  const name = key.replace(/_+$/, '');
  if (typeof node === 'string') return node === '' ? `<${name}/>` : `<${name}>${escapeXml(node)}</${name}>`;
  // An array stands for the element repeated, the way CI lists ResultDetail and Words.
  if (Array.isArray(node)) return node.map((item: XmlNode) => element(name, item)).join('');
  const children = toXml(node as Record<string, XmlNode | undefined>);
  return children === '' ? `<${name}/>` : `<${name}>${children}</${name}>`;
}

/** Escapes text content for XML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Decodes the references in XML text as an XML parser does, in one pass (so `&amp;#13;` stays the
 * text `&#13;`): the five predefined entities and character references (`&#13;`, `&#xD;`). The
 * parser (fast-xml-parser, entities off) has already normalised raw line endings to `\n`, so a
 * carriage return survives only when it was sent as a reference (XML 1.0 §2.11, §4.1).
 */
export function decodeXmlText(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g,
    (whole, dec, hex, name) => {
      if (name) return NAMED_ENTITIES[name as string] ?? whole;
      const code =
        dec === undefined ? Number.parseInt(hex as string, 16) : Number.parseInt(dec as string, 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
