/** Tomcat: `server.xml`, `context.xml` (incl. `META-INF/context.xml`) and `conf/Catalina/<host>/*.xml`. */
export function detectTomcat(path: string, name: string): boolean {
  if (name === 'server.xml' || name === 'context.xml') return true;
  return /(^|\/)conf\/Catalina\/[^/]+\/[^/]+\.xml$/.test(path);
}
