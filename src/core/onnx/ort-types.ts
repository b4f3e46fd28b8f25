// The slice of onnxruntime-web's API we use, typed from the package itself. The namespace object is
// always passed in (never imported here), so the same code runs with the Node build
// (`require('onnxruntime-web')`, wasm) and the browser's `ort.webgpu.min.mjs` (wasm + webgpu).
import type * as OrtModule from 'onnxruntime-web';

export type Ort = typeof OrtModule;
export type OrtSession = OrtModule.InferenceSession;
export type OrtTensor = OrtModule.Tensor;
export type OrtSessionOptions = OrtModule.InferenceSession.SessionOptions;
export type OrtFeeds = OrtModule.InferenceSession.FeedsType;
export type OrtExecutionProvider = 'wasm' | 'webgpu';
