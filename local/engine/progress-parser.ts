/**
 * Parses ffmpeg's `-progress` output: blocks of `key=value` lines, each ended by
 * `progress=continue` or `progress=end`.
 */
export interface ProgressBlock {
  /** Output time reached, in seconds (from out_time_us). */
  outTimeSeconds?: number;
  frame?: number;
  /** True for the last block (`progress=end`). */
  end: boolean;
}

export class ProgressParser {
  private buffer = '';
  private current: Record<string, string> = {};

  constructor(private readonly onBlock: (block: ProgressBlock) => void) {}

  push(chunk: string | Buffer): void {
    this.buffer += chunk.toString();
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key === 'progress') {
        this.onBlock(toBlock(this.current, value === 'end'));
        this.current = {};
      } else {
        this.current[key] = value;
      }
    }
  }
}

function toBlock(kv: Record<string, string>, end: boolean): ProgressBlock {
  const block: ProgressBlock = { end };
  // out_time_us is microseconds; out_time_ms is (despite its name) microseconds too in ffmpeg ≤ 6.
  const us = Number(kv.out_time_us ?? kv.out_time_ms);
  if (Number.isFinite(us) && us >= 0) block.outTimeSeconds = us / 1e6;
  const frame = Number(kv.frame);
  if (Number.isFinite(frame)) block.frame = frame;
  return block;
}
