// The computation graph for one data point, micrograd-style: the formula as a graph (inputs,
// parameters, operations, then the loss: ŷ − y, |r| or r², ÷ N), each node with its forward value
// ("data") and its gradient d(loss)/d(node), updated live with the sliders. Laid out by dagre once
// per model, drawn as SVG. Nodes with one value per unit (N ReLUs) are drawn once, marked ×N,
// showing the unit picked.
import * as dagre from '@dagrejs/dagre';
import { PointGraph } from '../../src/core/insight/point-graph';
import { el, formatNumber } from '../ui/dom';
import type { ViewContext } from './context';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 104;
const NODE_H = 52;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

interface DrawnNode {
  id: number;
  group: SVGGElement;
  data: SVGTextElement;
  grad: SVGTextElement;
  constant: boolean;
}

export class GraphView {
  readonly element: HTMLElement;
  private readonly pointBox: HTMLInputElement;
  private readonly unitBox: HTMLInputElement;
  private readonly unitField: HTMLElement;
  private readonly about: HTMLElement;
  private readonly holder: HTMLElement;
  private graph: PointGraph | null = null;
  private drawn: DrawnNode[] = [];
  private open = false;
  point = 0;

  constructor(
    private readonly context: ViewContext,
    private readonly choose: (point: number) => void,
  ) {
    this.pointBox = el('input', {
      id: 'graph-point',
      class: 'number',
      attrs: { type: 'number', min: 0, step: 1, 'aria-label': 'Data point shown' },
      on: { change: () => this.setPoint(Number(this.pointBox.value)) },
    });
    this.unitBox = el('input', {
      id: 'graph-unit',
      class: 'number',
      attrs: { type: 'number', min: 1, step: 1, 'aria-label': 'Unit shown' },
      on: { change: () => this.update() },
    });
    this.unitField = el('label', { class: 'inline-field', text: 'unit ' }, [this.unitBox]);
    this.about = el('p', { id: 'graph-about', class: 'hint' });
    this.holder = el('div', { id: 'graph-svg', class: 'graph-holder' });
    this.element = el('section', { class: 'view-panel', attrs: { 'data-view': 'graph', 'aria-label': 'Computation graph' } }, [
      el('div', { class: 'chart-header' }, [
        el('h2', { text: 'Computation graph' }),
        el('div', { class: 'view-pickers' }, [el('label', { class: 'inline-field', text: 'point ' }, [this.pointBox]), this.unitField]),
      ]),
      this.about,
      this.holder,
    ]);
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.element.hidden = !open;
    if (open) this.structure();
  }

  setPoint(k: number): void {
    const n = this.context.data.x.length;
    const point = Number.isInteger(k) ? Math.min(n - 1, Math.max(0, k)) : 0;
    this.point = point;
    this.pointBox.value = String(point);
    this.choose(point);
    this.update();
  }

  /** A new model (or loss): lay the graph out again. */
  structure(): void {
    if (!this.open) return;
    const { program, loss } = this.context;
    this.graph = new PointGraph(program, loss);
    const layout = new dagre.graphlib.Graph();
    const wide = (this.element.clientWidth || 400) > 640;
    layout.setGraph({ rankdir: wide ? 'LR' : 'TB', nodesep: 14, ranksep: wide ? 34 : 26, marginx: 4, marginy: 4 });
    layout.setDefaultEdgeLabel(() => ({}));
    for (const node of this.graph.nodes) layout.setNode(String(node.id), { width: NODE_W, height: NODE_H });
    for (const node of this.graph.nodes) for (const input of node.inputs) layout.setEdge(String(input), String(node.id));
    dagre.layout(layout);
    const size = layout.graph();
    const width = size.width ?? 300;
    const height = size.height ?? 200;
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph', role: 'img' });
    root.style.maxWidth = '100%';
    root.style.height = 'auto';
    const defs = svg('defs');
    const marker = svg('marker', {
      id: 'graph-arrow',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'graph-arrowhead' }));
    defs.append(marker);
    root.append(defs);
    for (const edge of layout.edges()) {
      const points = layout.edge(edge).points;
      const d = points.map((pt, k) => `${k === 0 ? 'M' : 'L'} ${pt.x.toFixed(1)} ${pt.y.toFixed(1)}`).join(' ');
      root.append(svg('path', { d, class: 'graph-edge', 'marker-end': 'url(#graph-arrow)' }));
    }
    this.drawn = this.graph.nodes.map((info) => {
      const box = layout.node(String(info.id));
      const group = svg('g', {
        class: `graph-node kind-${info.kind}${info.prediction ? ' is-prediction' : ''}`,
        transform: `translate(${(box.x - NODE_W / 2).toFixed(1)}, ${(box.y - NODE_H / 2).toFixed(1)})`,
        'data-node': info.id,
        'data-label': info.label,
      });
      group.append(svg('rect', { width: NODE_W, height: NODE_H, rx: 4 }));
      const title = info.lanes > 1 ? `${info.label}  ×${info.lanes}` : info.prediction ? `${info.label}  (ŷ)` : info.label;
      group.append(svg('text', { x: NODE_W / 2, y: 15, class: 'graph-label' }, title));
      const data = svg('text', { x: 7, y: 32, class: 'graph-data' });
      const grad = svg('text', { x: 7, y: 46, class: 'graph-grad' });
      group.append(data, grad);
      root.append(group);
      return { id: info.id, group, data, grad, constant: info.kind === 'const' };
    });
    this.holder.replaceChildren(root);
    const units = program.units;
    this.unitField.hidden = units <= 1;
    this.unitBox.max = String(units);
    if (!this.unitBox.value || Number(this.unitBox.value) > units) this.unitBox.value = '1';
    this.setPoint(this.context.playground.state.views?.point ?? this.point);
  }

  /** New values: run the point forward and backward, rewrite every node's numbers. */
  update(): void {
    if (!this.open || !this.graph) return;
    const { context } = this;
    const { x, y } = context.data;
    if (this.graph.program !== context.program || this.graph.loss !== context.loss) return this.structure();
    const k = Math.min(this.point, x.length - 1);
    const graph = this.graph;
    graph.run(context.playground.params, x[k], y[k], x.length);
    const unit = Math.max(0, Math.min(context.program.units - 1, Math.round(Number(this.unitBox.value) || 1) - 1));
    for (const node of this.drawn) {
      const values = graph.values[node.id];
      const grads = graph.grads[node.id];
      const lane = values.length > 1 ? unit : 0;
      // Only what changed is written (a node the moved parameter does not reach keeps its text).
      const data = `data ${formatNumber(values[lane])}`;
      // A constant has no use for a gradient (and x**c's would be log(x), NaN for x < 0).
      const grad = node.constant ? '' : `grad ${formatNumber(grads[lane])}`;
      if (node.data.textContent !== data) node.data.textContent = data;
      if (node.grad.textContent !== grad) node.grad.textContent = grad;
      node.group.dataset.value = String(values[lane]);
      node.group.dataset.grad = String(grads[lane]);
    }
    const prediction = graph.values[graph.prediction][0];
    const unitNote =
      context.program.units > 1 ? ` Nodes marked ×${context.program.units} have one value per unit; they show unit ${unit + 1}.` : '';
    const about =
      `Point ${k} of ${x.length}: x = ${formatNumber(x[k])}, y = ${formatNumber(y[k])}, ŷ = ${formatNumber(prediction)}. ` +
      "Each box shows its value (data) and d(loss)/d(box) for this point's share of the loss (grad); the parameters' " +
      `grads summed over all points are the gradient.${unitNote} Click a point on the fit chart to show it.`;
    if (this.about.textContent !== about) this.about.textContent = about;
  }
}
