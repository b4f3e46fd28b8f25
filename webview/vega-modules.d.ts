// vega-embed and vega-lite publish their types only through package "exports", which the
// project's `moduleResolution: node` does not read; these point the checker at the same files.
declare module 'vega-embed' {
  export * from 'vega-embed/build/embed';
  export { default } from 'vega-embed/build/embed';
}

declare module 'vega-lite' {
  export * from 'vega-lite/build/index';
}
