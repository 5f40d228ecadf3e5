/** The demo project's files, [path, text] pairs, put in by the playground build. */
declare module 'lint500-playground:demo-shop' {
  const files: [string, string][];
  export default files;
}

/** The stylesheet, bundled by esbuild into assets/main.css. */
declare module '*.css';
