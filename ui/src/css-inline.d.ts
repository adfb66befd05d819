// Vite's `?inline` imports: the file's text, for a shadow root's styles.
declare module '*.css?inline' {
  const css: string;
  export default css;
}
