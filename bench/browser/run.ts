// Opens the bench page in headless Chromium with WebGPU (the GPU if there is one, else SwiftShader)
// and returns its rows.
import * as path from 'path';
import { BenchRow } from '../cases';
import { buildPage, describeProbe, openWithWebGpu, ROOT, serve } from './chromium';

export interface BrowserBench {
  rows: BenchRow[];
  adapter: string;
  software: boolean;
  log: string[];
}

export async function benchInChromium(): Promise<BrowserBench> {
  const outdir = path.join(ROOT, 'out', 'browser-bench');
  await buildPage(path.join(ROOT, 'bench', 'browser', 'page.ts'), outdir, 'bench');
  const server = await serve(outdir);
  const session = await openWithWebGpu(`${server.origin}/`);
  try {
    const adapter = describeProbe(session.adapter, session.software);
    await session.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const result = await session.page.evaluate(
      (options) =>
        (globalThis as unknown as { runBench(o: typeof options): Promise<{ rows: BenchRow[]; log: string[] }> }).runBench(options),
      { adapter, software: session.software, slowMs: 20_000 },
    );
    return { rows: result.rows, adapter, software: session.software, log: result.log };
  } finally {
    await session.browser.close();
    await server.close();
  }
}
