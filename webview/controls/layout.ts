// The page: the toolbar on top; the sections (model, lesson, training, data, export) beside the
// charts, the insight views and the log when the panel is wide; when it is narrow (beside an editor),
// one column in the order a learner uses it: the fit chart, the sliders, the views, the loss chart
// and log, then the other sections. The elements move between the two (so Tab follows the screen).
import type { Playground } from '../app/playground';
import type { DataImport } from '../data/data-import';
import type { Host } from '../host-bridge';
import { el } from '../ui/dom';
import { ChartsView } from './charts-view';
import { DataSection } from './data-section';
import { PointDrawing } from './draw-points';
import { ExportSection } from './export-section';
import { LessonSection } from './lesson-section';
import { LogView } from './log-view';
import { ModelSection } from './model-section';
import { Toolbar } from './toolbar';
import { TrainSection } from './train-section';
import { InsightViews } from '../views/insight-views';
import { LayersPanel } from '../layers/layers-panel';
import { ReluNetworkView } from '../lesson/relus-network-view';

/** What the host's later messages reach in the page built (beside the Playground itself). */
export interface Layout {
  /** The host's `saved`: shown under the buttons that asked for the save. */
  saved(message: { label: string; where: string }): void;
}

/** Where the page goes to one column (app.css's media queries say the same). */
const NARROW = '(max-width: 779px)';

/**
 * Places the page for its width now and whenever it crosses `query`. The elements are moved, not
 * only reordered by CSS, so the Tab order is the order on screen; the focused control keeps focus.
 */
function followWidth(query: string, wide: () => void, narrow: () => void): void {
  const media = window.matchMedia(query);
  const place = () => {
    const focused = document.activeElement;
    if (media.matches) narrow();
    else wide();
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
  };
  place();
  media.addEventListener('change', place);
}

export function buildLayout(root: HTMLElement, playground: Playground, host: Host, imports: DataImport, ready: () => void): Layout {
  const toolbar = new Toolbar(playground);
  const charts = new ChartsView(playground, ready);
  const lesson = new LessonSection(playground);
  const model = new ModelSection(playground);
  const train = new TrainSection(playground);
  const data = new DataSection(playground, host, imports, new PointDrawing(playground, charts.fit).element);
  const exports = new ExportSection(playground, host, (format) => charts.fit.exportImage(format));
  const sections = [model.element, lesson.element, train.element, data.element, exports.element];
  // After the sections: its listeners run once the model section has rebuilt its slider rows.
  const views = new InsightViews(playground, charts.fit, () => root);
  const layers = new LayersPanel(playground, charts.plane);
  const side = el('aside', { class: 'side', attrs: { 'aria-label': 'Controls' } });
  const main = el('main', { class: 'main' });
  root.replaceChildren(toolbar.element, el('div', { class: 'columns' }, [side, main]));
  const log = new LogView(playground, host).element;
  const relusNetwork = new ReluNetworkView(playground).element;
  const wide = () => {
    side.append(...sections);
    main.append(toolbar.notice, lesson.hint, charts.fitPanel, relusNetwork, layers.element, views.element, charts.lossPanel, log);
  };
  const narrow = () => {
    main.append(
      toolbar.notice,
      lesson.hint,
      charts.fitPanel,
      model.element,
      // Under the sliders, so they stay above the fold in its chapter.
      relusNetwork,
      layers.element,
      views.element,
      charts.lossPanel,
      log,
    );
    main.append(lesson.element, train.element, data.element, exports.element);
  };
  followWidth(NARROW, wide, narrow);
  return {
    saved: (message) => {
      for (const note of [data.savedNote, exports.savedNote]) note.show(message);
    },
  };
}
