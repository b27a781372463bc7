/** A document the XML reader refuses: not well-formed, over a limit, or using a feature it never accepts (DTDs, entities). */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}
