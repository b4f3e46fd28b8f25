// What every bench figure ran on: the machine (CPU model, cores, memory, OS), the runtime that
// computed it (Node, Chromium, Python + torch, code-server), and the load average when it was
// taken. On a shared machine the load says how much to trust a timing, so every row carries it.
import * as os from 'os';

export interface RanOn {
  /** CPU model × cores, memory, OS. */
  machine: string;
  /** Node v22…, Chromium 1xx, /usr/bin/python3 + torch 1.13, code-server 4.x + Chromium. */
  runtime: string;
  /** os.loadavg() when the figure was taken: 1, 5 and 15 minutes. */
  load: [number, number, number];
}

export function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() || 'unknown CPU';
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
  return `${model} × ${cpus.length} cores, ${memory}, ${os.type()} ${os.release()}`;
}

export function loadNow(): [number, number, number] {
  const [one, five, fifteen] = os.loadavg();
  return [one, five, fifteen].map((v) => Number(v.toFixed(2))) as [number, number, number];
}

/** Stamps a figure taken just now by `runtime`. */
export function ranOn(runtime: string): RanOn {
  return { machine: machine(), runtime, load: loadNow() };
}

export const nodeRuntime = (): string => `Node ${process.version}`;

export function formatLoad(load: readonly number[]): string {
  return load.map((v) => v.toFixed(2)).join(' / ');
}
