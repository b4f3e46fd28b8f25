// Lets the page's event loop run (input, rendering, messages) before long work goes on: a task of
// its own through a MessageChannel, which, unlike setTimeout(0), is not held back 4 ms once nested.
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function yieldToPage(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // Where this runs in Node (unit tests), an open port must not keep the process alive.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
