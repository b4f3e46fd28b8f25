// One task at a time: a queue of asynchronous tasks where each starts once every task added before
// it has settled, whether that one resolved or failed. Used wherever calls must not overlap (a
// backend's session calls, the page's training session, WebGPU session creation, chart updates).

export class SerialQueue {
  /** Settles when the last task added has; never rejects. */
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after the tasks added before it; resolves or rejects as `task` does. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
