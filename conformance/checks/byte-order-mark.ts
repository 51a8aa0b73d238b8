// byte-order-mark: no JSON body starts with a byte order mark. RFC 8259 §8.1: implementations MUST NOT add one to
// the beginning of a networked-transmitted JSON text (a reader may ignore it, so the runner still reads the body).
import { failed, pagePrefix, passed, type Check } from "./check.ts";

const BOM = [0xef, 0xbb, 0xbf];

export const byteOrderMark: Check = {
  name: "byte-order-mark",
  description: "no JSON body starts with a byte order mark",
  usesExpectation: false,
  source: "rfc8259-utf8",
  run({ response }) {
    const { pages } = response;
    let checked = 0;
    for (const [index, page] of pages.entries()) {
      const bytes = page.exchange.bytes;
      if (!bytes || bytes.length === 0) continue;
      checked++;
      if (BOM.every((byte, position) => bytes[position] === byte))
        return failed(
          `${pagePrefix(index, pages.length)}the ${page.exchange.status} body starts with a UTF-8 byte order mark (EF BB BF); JSON sent over a network carries none`,
        );
    }
    return checked > 0 ? passed() : null;
  },
};
