// Opens the bench page in headless Chromium with WebGPU (the GPU if there is one, else SwiftShader)
// and hands each row to `onRow` as the page measures it.
import * as path from 'path';
import { BenchRow } from '../cases';
import { buildPage, describeProbe, openWithWebGpu, ROOT, serve } from './chromium';

export interface BrowserBench {
  adapter: string;
  software: boolean;
  browser: string;
  log: string[];
}

export async function benchInChromium(onRow: (row: BenchRow) => void, options: { panelOnly: boolean }): Promise<BrowserBench> {
  const outdir = path.join(ROOT, 'out', 'browser-bench');
  await buildPage(path.join(ROOT, 'bench', 'browser', 'page.ts'), outdir, 'bench');
  const server = await serve(outdir);
  const session = await openWithWebGpu(`${server.origin}/`);
  try {
    const adapter = describeProbe(session.adapter, session.software);
    await session.page.exposeFunction('benchRow', (row: BenchRow) => onRow(row));
    await session.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const result = await session.page.evaluate(
      (o) => (globalThis as unknown as { runBench(o: unknown): Promise<{ log: string[] }> }).runBench(o),
      {
        adapter,
        software: session.software,
        slowMs: 20_000,
        panelOnly: options.panelOnly,
        browser: `Chromium ${session.browser.version()}`,
      },
    );
    return {
      adapter,
      software: session.software,
      browser: `Chromium ${session.browser.version()}`,
      log: [...result.log, ...session.console.filter((l) => l.startsWith('[page error]'))],
    };
  } finally {
    await session.browser.close();
    await server.close();
  }
}
