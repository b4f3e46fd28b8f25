// What the playground announces to the views: one event per kind of change, with its payload.
import type { FormulaError } from '../../src/core/formula/parse';
import type { UserData } from '../../src/protocol/state';
import type { BackendStatus } from '../training/session';
import type { Notice } from './notices';

export interface PlaygroundEvents {
  /** The model's parameters changed in number or name: rebuild the sliders. */
  structure: void;
  /** Parameter values (and so the loss and gradient) changed. */
  params: { source: 'slider' | 'train' | 'reset' | 'load'; inputTime?: number; index?: number };
  data: void;
  /** Training settings, the y range or the backend choice changed. */
  config: void;
  history: { whole: boolean };
  running: boolean;
  status: BackendStatus;
  notice: Notice | null;
  formulaError: { error: FormulaError; text: string } | null;
  dataError: string | null;
  /** Saved user data whose points were not saved (too many): read its file again. */
  dataNeeded: UserData;
  chapter: void;
}
