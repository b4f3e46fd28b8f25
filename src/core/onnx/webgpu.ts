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
  requestDevice(descriptor?: {
    requiredLimits?: Record<string, number>;
    requiredFeatures?: string[];
    label?: string;
  }): Promise<GpuDeviceLike>;
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
  /** Calls `listener` with the reason if the device is lost; returns the unsubscribe function. */
  onLost(listener: (reason: string) => void): () => void;
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
  // A set, not a promise per call: listeners on a promise that never settles would pile up run after run.
  private readonly listeners = new Set<(reason: string) => void>();

  constructor(
    readonly adapterInfo: GpuAdapterInfoLike,
    readonly isFallbackAdapter: boolean,
    readonly device: GpuDeviceLike,
  ) {
    this.description = describeAdapter(adapterInfo, isFallbackAdapter);
    device.lost.then((info) => {
      const reason = `the WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`;
      this.lost = reason;
      for (const listener of [...this.listeners]) listener(reason);
      this.listeners.clear();
    });
  }

  onLost(listener: (reason: string) => void): () => void {
    if (this.lost) {
      listener(this.lost);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

interface Probe {
  adapter: GpuAdapterLike;
  info: GpuAdapterInfoLike;
  fallback: boolean;
}

async function probe(gpu: GpuLike | null): Promise<Probe> {
  if (!gpu) throw new WebGpuUnavailableError('WebGPU is not available here (no navigator.gpu)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('no WebGPU adapter was found');
  const info: GpuAdapterInfoLike = adapter.info ?? {};
  return { adapter, info, fallback: !!(info.isFallbackAdapter ?? adapter.isFallbackAdapter) };
}

async function openDevice({ adapter, info, fallback }: Probe): Promise<WebGpuContext> {
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const requiredFeatures = ['shader-f16', 'subgroups'].filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'nn-deep-dive training' });
  return new Context(info, fallback, device);
}

/** Shares a promise until it fails (a failure is not remembered: the next call tries again). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      const attempt = make();
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = null;
      });
    }
    return pending;
  };
}

const sharedProbe = once(() => probe(defaultGpu()));
const sharedContext = once(async () => openDevice(await sharedProbe()));

export interface AcquireOptions {
  /** Replaces navigator.gpu (tests); a stand-in's device is never shared. */
  gpu?: GpuLike | null;
  /** Accept a software fallback adapter (SwiftShader, WARP): correct, but usually slower than wasm. */
  allowFallbackAdapter?: boolean;
}

/**
 * The page's WebGPU device, opened on first use and shared by every backend (sessions and GPU
 * tensors belong to one device). A fallback adapter is refused before any device is opened.
 */
export async function acquireWebGpu(options: AcquireOptions = {}): Promise<WebGpuContext> {
  const found = options.gpu !== undefined ? await probe(options.gpu) : await sharedProbe();
  if (found.fallback && !options.allowFallbackAdapter) {
    throw new WebGpuUnavailableError(
      `the only WebGPU adapter is a software fallback (${describeAdapter(found.info, false)}), slower than wasm`,
    );
  }
  if (options.gpu !== undefined) return openDevice(found);
  const context = await sharedContext();
  if (context.lost) throw new DeviceLostError(`WebGPU cannot be used again on this page: ${context.lost}`);
  return context;
}
