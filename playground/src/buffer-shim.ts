/**
 * dockerfile-ast tests for a UTF-8 byte-order mark with `Buffer.from(char, 'UTF-8')`, Node's only
 * use here; the build injects this in place of the global `Buffer` for the page.
 */
export const Buffer = {
  from(text: string): Uint8Array {
    return new TextEncoder().encode(text);
  },
};
