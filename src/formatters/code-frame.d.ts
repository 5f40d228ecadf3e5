// @babel/code-frame ships no type declarations; this covers the part lint500 uses.
declare module '@babel/code-frame' {
  export interface FramePosition {
    line: number;
    column?: number;
  }
  export interface FrameLocation {
    start: FramePosition;
    end?: FramePosition;
  }
  export interface FrameOptions {
    highlightCode?: boolean;
    forceColor?: boolean;
    linesAbove?: number;
    linesBelow?: number;
    message?: string;
    /** The line number of the first line of `rawLines`, when it is an excerpt. */
    startLine?: number;
  }
  export function codeFrameColumns(rawLines: string, location: FrameLocation, options?: FrameOptions): string;
}
