/**
 * What the sidebar benchmark page measures, shared by the page script (bench.ts) and the node
 * side that drives it (bench/sidebar.ts). Types only: no DOM, so both programs can read it.
 */

export interface RenderFigures {
  readonly parseJsonMs: number;
  readonly handleMs: number;
  readonly layoutMs: number;
  readonly elements: number;
  readonly bodiesBuilt: number;
  readonly bodies: number;
  readonly hunksBuilt: number;
  readonly hunks: number;
}

export interface UpdateFigures {
  readonly update: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly mutationsPerUpdate: number;
}

export interface ScrollFigures {
  readonly steps: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly elementsAtEnd: number;
}

export interface ChunkFigures {
  readonly transcript: number;
  readonly msPerChunk: number;
  readonly mutationsPerChunk: number;
}
