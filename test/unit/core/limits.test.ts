// The limits and lists of src/core/limits.ts are the ones the manifest tells VS Code's Settings
// editor, so a setting the editor accepts is one the playground accepts.
import * as assert from 'assert';
import * as fs from 'fs';
import { BACKEND_CHOICES, LIMITS } from '../../../src/core/limits';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../src/protocol/settings';
import { fromRoot } from '../../repo-root';

const manifest = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8'));
const setting = (name: string) => manifest.contributes.configuration.properties[`nnDeepDive.${name}`];

describe('limits', () => {
  it('the manifest offers the same backends, ranges and defaults', () => {
    assert.deepStrictEqual(setting('backend').enum, [...BACKEND_CHOICES]);
    assert.strictEqual(setting('backend').default, DEFAULT_SETTINGS.backend);
    assert.strictEqual(setting('stepsPerFrame').maximum, LIMITS.stepsPerFrame);
    assert.strictEqual(setting('stepsPerFrame').minimum, 1);
    assert.strictEqual(setting('stepsPerFrame').default, DEFAULT_SETTINGS.stepsPerFrame);
    assert.strictEqual(setting('learningRate').exclusiveMinimum, 0);
    assert.strictEqual(setting('learningRate').default, DEFAULT_SETTINGS.learningRate);
  });

  it('settings at the edges of those ranges are kept, past them replaced by the default', () => {
    const edge = normalizeSettings({ backend: 'webgpu', stepsPerFrame: LIMITS.stepsPerFrame, learningRate: Number.MIN_VALUE });
    assert.deepStrictEqual(edge, { backend: 'webgpu', stepsPerFrame: LIMITS.stepsPerFrame, learningRate: Number.MIN_VALUE });
    const past = normalizeSettings({ backend: 'tpu', stepsPerFrame: LIMITS.stepsPerFrame + 1, learningRate: -0.01 });
    assert.deepStrictEqual(past, DEFAULT_SETTINGS);
  });
});
