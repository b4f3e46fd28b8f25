// onnxruntime-web's Node build (the wasm backend), set up as a webview would run it, plus the
// browser-safe comparison helpers.
import type { Ort } from '../../../../src/core/onnx/ort-types';

export * from '../onnx/onnx-compare';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ort: Ort = require('onnxruntime-web');
// One thread, as in a webview (not cross-origin isolated); also keeps the runs deterministic.
ort.env.wasm.numThreads = 1;
