// The page: the toolbar on top; the sections (model, lesson, training, data, export) beside the
// charts, the insight views and the log when the panel is wide; when it is narrow (beside an editor), one column:
// the fit chart, the sliders, the loss chart and log, then the other sections (see app.css).
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

export function buildLayout(root: HTMLElement, playground: Playground, host: Host, imports: DataImport, ready: () => void): void {
  const toolbar = new Toolbar(playground);
  const charts = new ChartsView(playground, ready);
  const lesson = new LessonSection(playground);
  const sections = [
    new ModelSection(playground).element,
    lesson.element,
    new TrainSection(playground).element,
    new DataSection(playground, host, imports, new PointDrawing(playground, charts.fit).element).element,
    new ExportSection(playground, host, (format) => charts.fit.exportImage(format)).element,
  ];
  // After the sections: its listeners run once the model section has rebuilt its slider rows.
  const views = new InsightViews(playground, charts.fit, () => root);
  const layers = new LayersPanel(playground, charts.plane);
  root.replaceChildren(
    toolbar.element,
    el('div', { class: 'columns' }, [
      el('aside', { class: 'side', attrs: { 'aria-label': 'Controls' } }, sections),
      el('main', { class: 'main' }, [
        toolbar.notice,
        lesson.hint,
        charts.fitPanel,
        new ReluNetworkView(playground).element,
        layers.element,
        views.element,
        charts.lossPanel,
        new LogView(playground, host).element,
      ]),
    ]),
  );
}
