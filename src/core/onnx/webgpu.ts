// Finding a WebGPU adapter and device for onnxruntime-web, and noticing when the device is lost.
// We create the device ourselves and hand it to the WebGPU execution provider, so we know exactly
// which adapter runs the training, can upload the dataset once into GPU buffers, and can watch
// `device.lost`. Minimal structural types: the project does not depend on @webgpu/types.

export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface GpuBufferLike {
  destroy(): void;
}

export interface GpuDeviceLike {
  readonly lost: Promise<{ reason?: string; message?: string }>;
  readonly queue: { writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBufferView): void };
  createBuffer(descriptor: { size: number; usage: number; label?: string }): GpuBufferLike;
  destroy(): void;
}

export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  readonly limits: Record<string, unknown>;
  readonly features: { has(name: string): boolean };
  requestDevice(descriptor?: { requiredLimits?: Record<string, number>; requiredFeatures?: string[]; label?: string }): Promise<GpuDeviceLike>;
}

/** `navigator.gpu`, or a stand-in (the tests simulate a machine without an adapter with one). */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** Why WebGPU cannot be used here; the message is meant for people. */
export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

/** The GPU went away (driver reset, device destroyed, tab in the background too long...). */
export class DeviceLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceLostError';
  }
}

export interface WebGpuContext {
  readonly adapterInfo: GpuAdapterInfoLike;
  readonly isFallbackAdapter: boolean;
  readonly device: GpuDeviceLike;
  /** Set once the device is lost: why. */
  readonly lost: string | null;
  /** Human description: vendor, architecture, and whether it is a software fallback. */
  readonly description: string;
}

// GPUBufferUsage flags (numeric, so this file needs no WebGPU globals to load in Node).
export const BUFFER_USAGE = { COPY_SRC: 0x0004, COPY_DST: 0x0008, STORAGE: 0x0080 } as const;

/** Limits the WebGPU provider's kernels benefit from; we ask for the adapter's best. */
const WANTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

export function describeAdapter(info: GpuAdapterInfoLike, fallback: boolean): string {
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((p): p is string => !!p && p.length > 0);
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  const name = unique.length ? unique.join(' ') : 'unknown adapter';
  return fallback ? `${name} (software fallback adapter)` : name;
}

function defaultGpu(): GpuLike | null {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  return nav?.gpu ?? null;
}

class Context implements WebGpuContext {
  lost: string | null = null;
  readonly description: string;

  constructor(readonly adapterInfo: GpuAdapterInfoLike, readonly isFallbackAdapter: boolean, readonly device: GpuDeviceLike) {
    this.description = describeAdapter(adapterInfo, isFallbackAdapter);
    device.lost.then((info) => {
      this.lost = `the WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`;
    });
  }
}

async function openContext(gpu: GpuLike | null): Promise<WebGpuContext> {
  if (!gpu) throw new WebGpuUnavailableError('WebGPU is not available here (no navigator.gpu)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('no WebGPU adapter was found');
  const info: GpuAdapterInfoLike = adapter.info ?? {};
  const fallback = !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const requiredFeatures = ['shader-f16', 'subgroups'].filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'nn-deep-dive training' });
  return new Context(info, fallback, device);
}

let shared: Promise<WebGpuContext> | null = null;

/**
 * The page's WebGPU device, opened on first use and shared (the WebGPU provider keeps the first
 * device it is given). `gpu` replaces navigator.gpu, for tests; a stand-in is never shared.
 */
export async function acquireWebGpu(gpu?: GpuLike | null): Promise<WebGpuContext> {
  if (gpu !== undefined) return openContext(gpu);
  if (!shared) {
    shared = openContext(defaultGpu());
    shared.catch(() => {
      shared = null;
    });
  }
  const context = await shared;
  if (context.lost) throw new DeviceLostError(`WebGPU cannot be used again on this page: ${context.lost}`);
  return context;
}
