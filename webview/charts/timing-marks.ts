// The User Timing names the charts leave for whoever measures them (the browser tests): kept apart
// from the chart code so a test can read them without loading Vega.

/** A mark made after each redraw of the fit chart's curve (cleared at once: observers still see it). */
export const FIT_DRAWN_MARK = 'nn-fit-drawn';
