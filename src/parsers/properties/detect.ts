/** Spring Boot configuration: `application*.properties|yml|yaml` and `bootstrap*`. */
export function detectSpring(_path: string, name: string): boolean {
  return /^(application|bootstrap)([-.][\w.-]*)?\.(properties|ya?ml)$/i.test(name);
}
