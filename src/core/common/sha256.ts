/** SHA-256 of a text's UTF-8 bytes as 64 hex digits (Web Crypto: present in Node and in the extension host). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
