// `npm run test:webgpu`: bundles page.ts, serves it with onnxruntime-web's files on 127.0.0.1, opens
// it in headless Chromium with a WebGPU adapter (the GPU if there is one, else SwiftShader) and
// reports the page's results. Exit code 1 on any failure.
import * as path from 'path';
import { buildPage, describeProbe, openWithWebGpu, ROOT, serve } from '../../../bench/browser/chromium';

async function main(): Promise<number> {
  const outdir = path.join(ROOT, 'out', 'browser-webgpu-tests');
  await buildPage(path.join(ROOT, 'test', 'browser', 'webgpu', 'page.ts'), outdir, 'webgpu tests');
  const server = await serve(outdir);
  const session = await openWithWebGpu(`${server.origin}/`);
  const started = Date.now();
  try {
    console.log(`\n  WebGPU in headless Chromium: ${describeProbe(session.adapter, session.software)}\n`);
    await session.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    const randomCount = Number(process.env.WEBGPU_RANDOM_FORMULAS ?? 40);
    const results = await session.page.evaluate(
      (count) =>
        (
          window as unknown as {
            runWebGpuTests(o: { randomCount: number }): Promise<{ name: string; ok: boolean; ms: number; error?: string }[]>;
          }
        ).runWebGpuTests({ randomCount: count }),
      randomCount,
    );
    for (const r of results)
      console.log(
        `  ${r.ok ? '✔' : '✘'} ${r.name} (${r.ms.toFixed(0)} ms)${r.ok ? '' : `\n      ${r.error?.split('\n').join('\n      ')}`}`,
      );
    const failed = results.filter((r) => !r.ok).length;
    console.log(`\n  ${results.length - failed} passing, ${failed} failing (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    if (failed || process.env.WEBGPU_TEST_CONSOLE)
      console.log(session.console.filter((l) => !/onnxruntime/.test(l) || /placed on|error/i.test(l)).join('\n'));
    return failed ? 1 : 0;
  } finally {
    await session.browser.close();
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
