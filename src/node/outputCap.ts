/**
 * Collects a process's interleaved output under a byte cap, keeping the head and the tail: the
 * start says what ran, and test tools print their summary and most failure details at the end.
 */
import { StringDecoder } from 'node:string_decoder';

/** Share of the cap kept from the start; the rest is the tail. */
const HEAD_SHARE = 0.25;

export class CappedOutput {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  /** One decoder per stream, so a character split across two chunks of one stream survives interleaving. */
  private readonly decoders = new Map<string, StringDecoder>();

  constructor(maxBytes: number) {
    const max = Math.max(0, Math.floor(maxBytes));
    this.headCap = Math.floor(max * HEAD_SHARE);
    this.tailCap = max - this.headCap;
  }

  /** Adds a raw chunk from the named stream. */
  push(stream: string, chunk: Buffer): void {
    let decoder = this.decoders.get(stream);
    if (!decoder) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(stream, decoder);
    }
    this.add(decoder.write(chunk));
  }

  /** Flushes partial characters left in the decoders (as U+FFFD) and returns the text and what was dropped. */
  finish(): { output: string; droppedBytes: number } {
    for (const decoder of this.decoders.values()) this.add(decoder.end());
    this.decoders.clear();
    // Cut points may fall inside a character: give the head's broken end and the tail's broken start to the drop count.
    const head = Buffer.concat(this.head);
    const headEnd = this.dropped > 0 ? completeUtf8Prefix(head) : head.length;
    const tail = Buffer.concat(this.tail);
    const tailStart = this.dropped > 0 ? firstCharStart(tail) : 0;
    const dropped = this.dropped + (head.length - headEnd) + tailStart;
    const headText = head.subarray(0, headEnd).toString('utf8');
    const tailText = tail.subarray(tailStart).toString('utf8');
    if (dropped === 0) return { output: headText + tailText, droppedBytes: 0 };
    return { output: `${headText}\n[… ${dropped} bytes of output dropped …]\n${tailText}`, droppedBytes: dropped };
  }

  private add(text: string): void {
    if (text === '') return;
    let bytes = Buffer.from(text, 'utf8');
    if (this.headBytes < this.headCap) {
      const take = Math.min(bytes.length, this.headCap - this.headBytes);
      this.head.push(bytes.subarray(0, take));
      this.headBytes += take;
      bytes = bytes.subarray(take);
      if (bytes.length === 0) return;
    }
    this.tail.push(bytes);
    this.tailBytes += bytes.length;
    this.trimTail();
  }

  private trimTail(): void {
    while (this.tailBytes > this.tailCap && this.tail.length > 0) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }
}

/** Length of the longest prefix that ends on a character boundary. */
function completeUtf8Prefix(buf: Buffer): number {
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  let i = buf.length - 1;
  while (i >= 0 && i >= buf.length - 4 && ((buf[i] as number) & 0xc0) === 0x80) i--;
  if (i < 0) return buf.length;
  const lead = buf[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i >= need ? buf.length : i;
}

/** Index of the first byte that starts a character (skips continuation bytes left by a cut). */
function firstCharStart(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && i < 4 && ((buf[i] as number) & 0xc0) === 0x80) i++;
  return i;
}
