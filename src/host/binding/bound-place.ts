// One live binding between the playground's sliders and literals in a document. It rewrites
// exactly those literals (serialised, the latest values winning, one undo step per drag), follows
// every change of the document (its own edits, the user's typing, undo, a reformat) by scanning
// again and finding the same place by structure, follows the model's definition in the other cells
// of a notebook (a redefinition, cells added, moved or removed), moves the sliders when the user
// types a number, and ends, with a reason, the moment it cannot be sure where its literals are.
import * as vscode from 'vscode';
import { formatLiteral } from '../../core/binding/literal';
import { Binding, literalValue } from '../../core/binding/scan';
import { lostLiteral, rematch, sameSpan, TextChange } from '../../core/binding/track';
import { bindingsOf, notebookOf } from './document-bindings';

export interface EditRequest {
  values: number[];
  steps: number[];
  phase: 'drag' | 'end';
  movedAt?: number;
  /** How many times VS Code refused this edit already (it is tried again, a few times). */
  retry?: number;
}

/** How often an edit VS Code refused is tried again before it is given up (and logged). */
const MAX_REFUSALS = 3;

export interface PlaceEvents {
  /** The code's numbers changed (typing, undo): new values, null where unchanged. */
  values(place: BoundPlace, values: Array<number | null>): void;
  /** The model in the code changed (its definition was edited). */
  model(place: BoundPlace): void;
  ended(place: BoundPlace, reason: string): void;
  /** Milliseconds from a slider move to its edit in the document. */
  latency(ms: number): void;
}

export class BoundPlace {
  ended: string | null = null;
  private version: number;
  /** The text of each bound literal as last written or read, by parameter name: a change to anything else is the user's. */
  private readonly known = new Map<string, string>();
  /** The form each literal is written in: as the user wrote it (at bind time, or typed since), never our own rounding. */
  private readonly form = new Map<string, string>();
  private pending: EditRequest | null = null;
  private inFlight = false;
  private dragOpen = false;
  private awaitingEcho: number | undefined;
  /** Resolved once the document's change event for our last edit has been followed. */
  private echoed: (() => void) | null = null;
  /** The notebook the bound document is a cell of: its other cells hold definitions the binding uses. */
  readonly notebook: vscode.NotebookDocument | undefined;

  constructor(
    readonly id: number,
    readonly document: vscode.TextDocument,
    public binding: Binding,
    /** The whole scan the binding came from (to tell same-looking places apart after a reformat). */
    private scan: Binding[],
    readonly readOnly: string | null,
    private readonly events: PlaceEvents,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.version = document.version;
    this.notebook = notebookOf(document);
    for (const p of binding.params) if (p.literal) this.known.set(p.name, p.literal.text);
    for (const p of binding.params) if (p.literal) this.form.set(p.name, p.literal.text);
  }

  /** The ranges of the bound literals, in the binding's parameter order (null for computed ones). */
  ranges(): Array<vscode.Range | null> {
    return this.binding.params.map((p) =>
      p.literal ? new vscode.Range(this.document.positionAt(p.literal.start), this.document.positionAt(p.literal.end)) : null,
    );
  }

  /** Follows a change of the bound document. */
  onChange(event: vscode.TextDocumentChangeEvent): void {
    if (this.ended || event.document !== this.document || event.contentChanges.length === 0) return;
    const changes: TextChange[] = event.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
    this.follow(changes);
    this.echoed?.();
    this.echoed = null;
  }

  /**
   * Waits until the change event of the edit just applied has reached this extension host (the
   * edit's promise can resolve first); the next write then starts from the new text.
   */
  private async settled(versionBefore: number, timeoutMs = 1000): Promise<void> {
    if (this.document.version !== versionBefore) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.echoed = null;
        resolve();
      }, timeoutMs);
      this.echoed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Whether `document` is another cell of the bound notebook. */
  isOtherCell(document: vscode.TextDocument): boolean {
    return !!this.notebook && document !== this.document && this.notebook.getCells().some((cell) => cell.document === document);
  }

  /**
   * Something the binding reads besides its own text changed: another cell of its notebook (a
   * redefinition of the model), or the notebook's cells (added, moved, removed). Scans again: the
   * formula follows the definition the notebook would use there.
   */
  contextChanged(): void {
    if (this.ended) return;
    if (this.notebook && !this.notebook.getCells().some((cell) => cell.document === this.document)) {
      this.end('its cell was removed from the notebook');
      return;
    }
    this.follow([], true);
  }

  private follow(changes: TextChange[], context = false): void {
    const previous = this.binding;
    const next = bindingsOf(this.document).bindings;
    const same = rematch(previous, this.scan, changes, next);
    const moved = !same && context ? sameSpan(previous, next) : null;
    const match = same ?? moved;
    this.scan = next;
    this.version = this.document.version;
    if (!match) {
      const what = previous.label.split(/\r?\n/)[0];
      this.end(context ? `${what} no longer calls a model the sliders can drive` : `${what} was changed or deleted`);
      return;
    }
    const lost = moved ? null : lostLiteral(previous, match);
    if (lost) {
      this.end(lost);
      return;
    }
    if (moved) this.renameKnown(previous, moved);
    this.binding = match;
    if (this.awaitingEcho !== undefined) {
      this.events.latency(Date.now() - this.awaitingEcho);
      this.awaitingEcho = undefined;
    }
    const typed = match.params.map((p) => {
      if (!p.literal || this.known.get(p.name) === p.literal.text) return null;
      this.known.set(p.name, p.literal.text);
      this.form.set(p.name, p.literal.text);
      return literalValue(p.literal.text);
    });
    if (match.formula !== previous.formula) this.events.model(this);
    else if (typed.some((v) => v !== null) || match.label !== previous.label) this.events.values(this, typed);
  }

  /** The definition renamed the parameters: carry what is known of each literal over to its new name. */
  private renameKnown(previous: Binding, next: Binding): void {
    const known = new Map(this.known);
    const form = new Map(this.form);
    this.known.clear();
    this.form.clear();
    for (const q of next.params) {
      if (!q.literal) continue;
      const old = previous.params.find((p) => p.literal?.start === q.literal!.start)?.name;
      this.known.set(q.name, (old !== undefined ? known.get(old) : undefined) ?? q.literal.text);
      this.form.set(q.name, (old !== undefined ? form.get(old) : undefined) ?? q.literal.text);
    }
  }

  /** Queues a write; while one is being applied only the newest values wait (a drag never lags behind). */
  async write(request: EditRequest): Promise<void> {
    if (this.ended || this.readOnly) return;
    const queued = this.pending;
    this.pending = {
      ...request,
      phase: queued?.phase === 'end' ? 'end' : request.phase,
      movedAt: queued?.movedAt ?? request.movedAt,
    };
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      while (this.pending && !this.ended) {
        const job = this.pending;
        this.pending = null;
        await this.apply(job);
      }
    } finally {
      this.inFlight = false;
    }
  }

  private async apply(job: EditRequest): Promise<void> {
    const refusals = job.retry ?? 0;
    if (this.document.version !== this.version) this.follow([]);
    if (this.ended) return;
    const edits: Array<{ range: vscode.Range; text: string; name: string }> = [];
    const ranges = this.ranges();
    this.binding.params.forEach((p, i) => {
      const range = ranges[i];
      const value = job.values[i];
      if (!p.literal || !range || value === undefined || !Number.isFinite(value)) return;
      // The last guard: the document must still hold exactly the literal there.
      if (this.document.getText(range) !== p.literal.text) {
        this.end(`${p.name} is not where it was`);
        return;
      }
      const text = formatLiteral(value, this.form.get(p.name) ?? p.literal.text, job.steps[i] ?? 0.001);
      if (text !== p.literal.text) edits.push({ range, text, name: p.name });
    });
    if (this.ended) return;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    if (editor) {
      const undoStopBefore = !this.dragOpen;
      const undoStopAfter = job.phase === 'end';
      this.dragOpen = job.phase !== 'end';
      if (!edits.length && !undoStopAfter) return;
      const previousTexts = edits.map((edit) => [edit.name, this.known.get(edit.name)] as const);
      for (const edit of edits) this.known.set(edit.name, edit.text);
      this.awaitingEcho = edits.length ? job.movedAt : undefined;
      const versionBefore = this.document.version;
      const applied = await editor.edit(
        (builder) => {
          for (const edit of edits) builder.replace(edit.range, edit.text);
        },
        { undoStopBefore, undoStopAfter },
      );
      if (applied && edits.length) await this.settled(versionBefore);
      else if (!applied && edits.length) {
        // The document changed in between (or this host has not heard of the last edit yet, on a
        // busy machine): wait for its change event, follow it, then try these values again.
        for (const [name, text] of previousTexts) if (text !== undefined) this.known.set(name, text);
        if (refusals < MAX_REFUSALS) {
          this.log.warn(`binding: VS Code refused an edit of ${this.binding.label} (the document changed); retrying`);
          await this.settled(versionBefore, 5000);
          this.pending ??= { ...job, retry: refusals + 1 };
        } else
          this.log.error(
            `binding: VS Code refused an edit of ${this.binding.label} ${refusals + 1} times; the code keeps ${this.binding.label}`,
          );
      }
      return;
    }
    // No editor shows the document: write once, when the drag ends (one undo step).
    if (job.phase !== 'end' || !edits.length) return;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      this.known.set(e.name, e.text);
      edit.replace(this.document.uri, e.range, e.text);
    }
    this.awaitingEcho = job.movedAt;
    const versionBefore = this.document.version;
    if (await vscode.workspace.applyEdit(edit)) await this.settled(versionBefore);
  }

  end(reason: string): void {
    if (this.ended) return;
    this.ended = reason;
    this.pending = null;
    this.events.ended(this, reason);
  }
}
