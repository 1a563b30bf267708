/**
 * Splits a GeoJSON FeatureCollection into the text of its features as it streams in, so that a file of any size
 * is parsed one feature at a time. Anything else (one Feature, one geometry) is small and collected whole.
 */
export class FeatureSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key = '';
  private lastString = '';
  private stringStart = -1;
  private pending = '';
  private inFeatures = false;
  private featureDepth = -1;
  private current = '';
  /** The whole text when the file is not a FeatureCollection being split. */
  private whole = '';
  private sawFeatures = false;
  private currentLine = 1;
  line = 1;

  /** Feeds a chunk; returns the features it completed, each with the line it started on. */
  push(chunk: string): { text: string; line: number }[] {
    const out: { text: string; line: number }[] = [];
    let start = this.featureDepth >= 0 ? 0 : -1;
    let startLine = this.currentLine;
    if (!this.sawFeatures) this.whole += chunk;
    // A key split across chunks: its first part was kept in `pending`.
    if (this.inString) this.stringStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === '\n') this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          if (this.depth === 1) this.lastString = this.pending + chunk.slice(this.stringStart, i);
          this.pending = '';
        }
        continue;
      }
      if (c === '"') {
        this.inString = true;
        this.stringStart = i + 1;
      } else if (c === ':' && this.depth === 1) {
        this.key = this.lastString;
      } else if (c === '{' || c === '[') {
        if (c === '[' && this.depth === 1 && this.key === 'features') {
          this.inFeatures = true;
          this.sawFeatures = true;
          this.whole = '';
        } else if (c === '{' && this.inFeatures && this.depth === 2) {
          this.featureDepth = this.depth;
          start = i;
          startLine = this.line;
        }
        this.depth++;
      } else if (c === '}' || c === ']') {
        this.depth--;
        if (c === '}' && this.featureDepth >= 0 && this.depth === this.featureDepth) {
          out.push({ text: this.current + chunk.slice(start, i + 1), line: startLine });
          this.current = '';
          this.featureDepth = -1;
          start = -1;
        } else if (c === ']' && this.inFeatures && this.depth === 1) {
          this.inFeatures = false;
        }
      }
    }
    if (this.inString && this.depth === 1) this.pending += chunk.slice(this.stringStart);
    if (this.featureDepth >= 0) {
      this.current += chunk.slice(start);
      this.currentLine = startLine;
    }
    return out;
  }

  /** After the last chunk: the whole text if the file was not a FeatureCollection, else null. */
  rest(): string | null {
    if (this.inString || this.depth !== 0 || this.featureDepth >= 0) {
      throw new Error(`the JSON ends inside ${this.inString ? 'a string' : 'an object or array'}`);
    }
    return this.sawFeatures ? null : this.whole;
  }
}
