export function detectJava(_path: string, name: string): boolean {
  return /\.java$/.test(name);
}
