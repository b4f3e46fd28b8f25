// Setting the lesson's chapters up in the playground (the chapters themselves are data in
// src/protocol/lesson.ts, shared with the host's Lesson tree view): the state a chapter starts from,
// what the learner made of it (state.chapterStates, kept when they leave), and "Reset chapter",
// which brings the lesson's values back.
import { Dataset, GeneratorSettings, NOTEBOOK_SETTINGS } from '../../src/core/data/generate';
import { compileFormula } from '../../src/core/formula/compile';
import { ModelSetup } from '../../src/core/model/presets';
import { DataExtent, extentOf, unitStart } from '../../src/core/model/unit-start';
import { inferVectors } from '../../src/core/formula/vectors';
import { Trainer } from '../../src/core/train/sgd';
import { Chapter, chapterById, LESSON_TRAIN } from '../../src/protocol/lesson';
import type { ChapterSnapshot, PlaygroundState, TrainControls } from '../../src/protocol/state';
import { withViewsOpen } from '../../src/protocol/views';
import { generate } from '../app/data';
import { setupForRequest } from '../app/model';
import { withModel } from '../app/state';

export { CHAPTERS, chapterById, LESSON_TRAIN, type Chapter } from '../../src/protocol/lesson';

function setupOf(chapter: Chapter, extent: DataExtent): ModelSetup {
  if ('preset' in chapter.model) return setupForRequest(chapter.model, 0, extent);
  const { formula, units } = chapter.model;
  const vectors = units ? inferVectors(formula, units) : {};
  const compiled = compileFormula(formula, { vectors });
  if (!compiled.ok) throw new Error(`Chapter ${chapter.id}: ${compiled.error.message}`);
  // Scalars start at 1; the units of vector parameters start apart, their kinks spread over the data.
  const starts = unitStart(compiled.program, extent);
  return {
    preset: 'custom',
    label: chapter.title,
    formula,
    vectors,
    program: compiled.program,
    init: Float64Array.from({ length: compiled.program.paramCount }, (_, i) => starts.get(i) ?? 1),
  };
}

/** The chapter's data: the lesson's generator with the chapter's changes. */
function chapterData(chapter: Chapter): { settings: GeneratorSettings; data: Dataset } {
  const settings = { ...NOTEBOOK_SETTINGS, ...chapter.data };
  const result = generate(settings);
  if (!result.ok) throw new Error(`Chapter ${chapter.id}: ${result.error}`);
  return { settings, data: result.data };
}

/** The state a chapter starts from, with the lesson's values only: its model, start values, y range, data and training settings. */
export function applyChapter(state: PlaygroundState, chapter: Chapter): PlaygroundState {
  const { settings, data } = chapterData(chapter);
  const setup = setupOf(chapter, extentOf(data.x, data.y));
  const next = withModel(state, setup, chapter.start);
  const train: TrainControls = { ...LESSON_TRAIN, ...chapter.train };
  const opened: PlaygroundState = {
    ...next,
    yDomain: chapter.yDomain ? [...chapter.yDomain] : null,
    data: { kind: 'generator', settings },
    train,
    chapter: chapter.id,
    loopStart: 0,
    customFormula: next.customFormula,
    views: chapter.views ? withViewsOpen(state.views, chapter.views) : state.views,
  };
  const taken = chapter.stepsTaken ?? 0;
  if (taken === 0) return opened;
  // The steps the notebook takes before this chapter, computed the way training computes them.
  const trainer = new Trainer(setup.program, data, Float64Array.from(next.init), {
    lr: train.lr,
    schedule: train.schedule,
    loss: train.loss,
    accumulateGrad: train.accumulateGrad,
  });
  trainer.run(taken);
  const done = trainer.exportState();
  return { ...opened, params: Array.from(done.params), step: done.step, direction: Array.from(done.direction), loopStart: done.step };
}

/** The part of `state` a chapter owns, to keep when the learner leaves it. */
export function snapshotOf(state: PlaygroundState): ChapterSnapshot {
  const { model, init, params, ranges, yDomain, data, train, step, direction, history, loopStart } = state;
  return { model, init, params, ranges, yDomain, data, train, step, direction, history, loopStart };
}

/** `state` with the chapter it shows (if any) remembered as the learner left it. */
export function rememberChapter(state: PlaygroundState): PlaygroundState {
  if (!state.chapter || !chapterById(state.chapter)) return state;
  // Their own CSV stays in userCsv (Back to <file>); the snapshot keeps the chapter's own data.
  const snapshot = snapshotOf(state);
  const own = { kind: 'generator' as const, settings: { ...NOTEBOOK_SETTINGS, ...chapterById(state.chapter)!.data } };
  const kept = state.data.kind === 'csv' ? { ...snapshot, data: own } : snapshot;
  return { ...state, chapterStates: { ...state.chapterStates, [state.chapter]: kept } };
}

/** Opens a chapter: as the learner left it when they were there before, else with the lesson's values. */
export function openChapter(state: PlaygroundState, chapter: Chapter): PlaygroundState {
  const left = rememberChapter(state);
  const saved = left.chapterStates?.[chapter.id];
  if (!saved) return applyChapter(left, chapter);
  return { ...left, ...saved, chapter: chapter.id };
}

/** The chapter with the lesson's values again, forgetting what the learner changed in it. */
export function resetChapter(state: PlaygroundState, chapter: Chapter): PlaygroundState {
  const rest = { ...state.chapterStates };
  delete rest[chapter.id];
  return applyChapter({ ...state, chapterStates: rest }, chapter);
}
