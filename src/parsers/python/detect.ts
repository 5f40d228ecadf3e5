export function detectPython(_path: string, name: string): boolean {
  return /\.pyw?$/.test(name);
}
