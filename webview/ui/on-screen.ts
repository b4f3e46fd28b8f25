// Whether an element is on screen (in the panel's viewport, give or take a margin), from an
// IntersectionObserver, with a callback when it comes into view: what lets a view that is scrolled
// out of sight skip its redraws while training and catch up when the learner scrolls to it.
export class OnScreen {
  /** Taken as on screen until the observer's first answer. */
  visible = true;

  constructor(element: Element, shown: () => void, margin = '120px') {
    new IntersectionObserver(
      (entries) => {
        const now = entries[entries.length - 1].isIntersecting;
        const was = this.visible;
        this.visible = now;
        if (now && !was) shown();
      },
      { rootMargin: `${margin} 0px` },
    ).observe(element);
  }
}
