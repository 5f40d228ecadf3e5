/** Types of hostile-inputs.mjs (see there). */
export interface Growing {
  name: string;
  path: string;
  kind: string;
  make: (n: number) => string;
  others?: (n: number) => Record<string, string>;
}
export declare const GROWING: Growing[];
