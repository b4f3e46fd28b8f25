// The lesson's chapters (fast.ai, "How does a neural net really work?"), as data both sides read:
// the page sets each one up (webview/lesson/chapters.ts) and the host lists them in the Lesson tree
// view (src/host/lesson/). Every chapter defines its whole setup (model, start values, y range, data
// and every training setting), so nothing the learner changed in one chapter leaks into the next.
import type { GeneratorSettings } from '../core/data/generate';
import { BY_HAND_Y_RANGE, LESSON_Y_RANGE, PresetId } from '../core/limits';
import type { OpenRequest } from './open-request';
import type { TrainControls } from './state';
import type { ViewName } from './views';

export interface Chapter {
  id: string;
  /** The notebook's section number. */
  section: string;
  title: string;
  hint: string;
  /** A preset, or a formula (with `units` for its vector parameters, the N of N ReLUs). */
  model: (OpenRequest & { preset: PresetId }) | { formula: string; units?: number };
  /** Start values that differ from the model's own. */
  start?: Record<string, number>;
  /** The chart's y range; null for automatic. */
  yDomain: readonly [number, number] | null;
  /** Changes to the lesson's data (NOTEBOOK_SETTINGS). */
  data?: Partial<GeneratorSettings>;
  /** Changes to the lesson's training settings (LESSON_TRAIN). */
  train?: Partial<TrainControls>;
  /** Updates already made when the chapter opens (the notebook's one manual step before its loop); the log counts from there. */
  stepsTaken?: number;
  /** The insight views this chapter opens (webview/views). */
  views?: ViewName[];
}

/** The lesson's training settings: every chapter starts from these, whatever the learner had before. */
export const LESSON_TRAIN: TrainControls = {
  lr: 0.01,
  schedule: { kind: 'constant' },
  stepsPerFrame: 10,
  loss: 'mae',
  accumulateGrad: false,
  backend: 'auto',
  stopAt: 0,
};

/** The chapter that shows the sum of ReLUs as the network it is (webview/lesson/relus-network-view.ts). */
export const RELUS_NETWORK_CHAPTER = 'relus-network';

/** The lesson's quadratic a*x**2 + b*x + c, the model of its first seven chapters. */
const QUADRATIC = { preset: 'quadratic' } as const;
/** The quadratic's parameters that give the target f(x) = 3x² + 2x + 1 itself. */
const TARGET_PARAMS = { a: 3, b: 2, c: 1 };
const TRIPLE_RELU = 'torch.clip(m1*x + b1, 0.) + torch.clip(m2*x + b2, 0.) + torch.clip(m3*x + b3, 0.)';
/** The notebook's loop: lr 0.01, MAE, the gradient never zeroed, one printed line per step, 10 steps. */
const LESSON_LOOP: Partial<TrainControls> = { accumulateGrad: true, stepsPerFrame: 1, stopAt: 10 };

export const CHAPTERS: readonly Chapter[] = [
  {
    id: 'function',
    section: '1',
    title: 'A function to fit',
    hint:
      'The target is f(x) = 3x² + 2x + 1, and here the dots lie exactly on it. The curve is the quadratic with a = 3, b = 2 ' +
      'and c = 1, so the error is zero. Move each slider to see what a, b and c do to the shape.',
    model: QUADRATIC,
    start: TARGET_PARAMS,
    // The notebook plots the target and then the noisy data with matplotlib's automatic range: every point shows.
    yDomain: null,
    data: { mult: 0, add: 0 },
  },
  {
    id: 'noise',
    section: '2',
    title: 'Noisy measurements',
    hint:
      "Real measurements are noisy: these 20 points are f(x) with multiplicative and additive noise, drawn from NumPy's " +
      "generator seeded with 42, the course's own numbers. Even the true function has an error now. Try another seed or more " +
      'noise under Data, then Regenerate.',
    model: QUADRATIC,
    start: TARGET_PARAMS,
    yDomain: null,
  },
  {
    id: 'by-hand',
    section: '3',
    title: 'Fitting by hand',
    hint:
      'Start from a = b = c = 1.1. Move one slider at a time in the direction that brings the curve closer to the dots, then ' +
      'go round the sliders again: every round improves the fit.',
    model: QUADRATIC,
    yDomain: BY_HAND_Y_RANGE,
    views: ['slices'],
  },
  {
    id: 'mae',
    section: '3',
    title: 'A number for the fit: MAE',
    hint:
      'The title is the mean absolute error: the average distance between the curve and the dots. Move the sliders in the ' +
      'order c, b, a and keep that number falling. The arrows beside the sliders already point the way that lowers it.',
    model: QUADRATIC,
    yDomain: LESSON_Y_RANGE,
    train: { loss: 'mae' },
  },
  {
    id: 'gradient',
    section: '4',
    title: 'Gradient descent: one step',
    hint:
      'The numbers beside the sliders are the gradient of the MAE with respect to a, b and c: what autograd prints (-1.3529, ' +
      '-0.0316, -0.5000). Press Step once: each parameter moves by minus its gradient times 0.01, the learning rate, and the ' +
      'loss goes down.',
    model: QUADRATIC,
    yDomain: LESSON_Y_RANGE,
    train: { ...LESSON_LOOP, stopAt: 1 },
    views: ['ledger'],
  },
  {
    id: 'loop',
    section: '4',
    title: 'A loop of 10 steps',
    hint:
      "The notebook's one manual step is already taken. Press Train to run its loop: 10 steps, each printed as step=i; loss=…" +
      ' (before that update) and [a, b, c] (after it). Like the notebook, the loop never zeroes the gradient, so each step ' +
      'adds to the last. Untick "accumulate", Reset, and train again to compare with the textbook step.',
    model: QUADRATIC,
    yDomain: LESSON_Y_RANGE,
    train: LESSON_LOOP,
    stepsTaken: 1,
    views: ['landscape'],
  },
  {
    id: 'schedule',
    section: '4',
    title: 'Overshooting, and a schedule',
    hint:
      'Press Train and let it run for a few hundred steps: with a fixed rate the steps overshoot and the loss chart climbs ' +
      'again. Reset, choose a schedule such as step decay or cosine, and train again.',
    model: QUADRATIC,
    yDomain: LESSON_Y_RANGE,
    train: { accumulateGrad: true, stepsPerFrame: 5 },
  },
  {
    id: 'relu',
    section: '5',
    title: 'A rectified linear',
    hint:
      'max(m·x + b, 0), the ReLU: m changes the slope and b moves the hook. On its own it cannot bend like a parabola; press ' +
      'Train to see how far it gets.',
    model: { preset: 'relu' },
    yDomain: [-1, 4],
  },
  {
    id: 'double-relu',
    section: '5',
    title: 'Two ReLUs',
    hint:
      'Add two rectified lines and the sum can bend twice. The dashed lines are the two parts, the bold line their sum. Train' +
      ' it on the data and watch both hooks move.',
    model: { preset: 'doubleRelu' },
    yDomain: [-1, 6],
  },
  {
    id: 'triple-relu',
    section: '5',
    title: 'Exercise: three ReLUs',
    hint:
      'The exercise: a triple ReLU over the data. Fit it by hand first with the six sliders, then press Train and compare ' +
      'your MAE with gradient descent.',
    model: { formula: TRIPLE_RELU },
    start: { m1: -1.5, b1: -1.5, m2: 1.5, b2: 1.5, m3: 1, b3: 0 },
    yDomain: null,
  },
  {
    id: 'many-relus',
    section: '5',
    title: 'Many ReLUs',
    hint:
      'With enough ReLUs, each scaled by its own weight and added together with a bias, any function of one input can be ' +
      'matched as closely as you like: sum(w*relu(m*x + b)) + c is a neural network with one hidden layer. Train these 16, ' +
      'then change the number of ReLUs under Model and train again.',
    model: { preset: 'nRelus', units: 16 },
    yDomain: null,
    train: { stepsPerFrame: 20 },
  },
  {
    id: RELUS_NETWORK_CHAPTER,
    section: '5',
    title: 'N ReLUs summed is a one-layer network',
    hint:
      'sum(relu(m*x + b)) is a neural network: a hidden layer of N neurons relu(m_j·x + b_j), whose weights W1 are the ' +
      'slopes m and biases b1 the offsets b, then an output layer that adds them up with weights 1 and no bias. The box ' +
      'under the charts computes your model both ways, as the formula and as the 1 → 8 → 1 network in the tensor engine: ' +
      'the same loss and curve. Move a slider or train, then open it as Layers to let the output weights learn too.',
    model: { formula: 'sum(relu(m*x + b))', units: 8 },
    yDomain: null,
    train: { stepsPerFrame: 20 },
  },
  {
    id: 'scale',
    section: '6',
    title: 'The rest of the story',
    hint:
      'Deep learning is drawing squiggly lines through points, at scale. Here are 10,000 points and 64 ReLUs: choose the ' +
      'webgpu backend to run many calculations at once, load your own CSV under Data, and copy the model as PyTorch code ' +
      'under Export.',
    model: { preset: 'nRelus', units: 64 },
    yDomain: null,
    data: { n: 10_000 },
    train: { stepsPerFrame: 20 },
  },
];

export function chapterById(id: string): Chapter | undefined {
  return CHAPTERS.find((chapter) => chapter.id === id);
}

/** The chapters' ids, in the lesson's order (what a message may name). */
export const CHAPTER_IDS = CHAPTERS.map((chapter) => chapter.id) as [string, ...string[]];
