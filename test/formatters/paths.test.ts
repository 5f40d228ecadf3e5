import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, encodeUriPath, fileUri, isAbsolutePath, portablePath, relativeInside, toAbsolute } from '../../src/formatters/paths.js';

describe('formatter paths', () => {
  it('tells absolute paths of both styles', () => {
    expect(['/etc/nginx.conf', 'C:\\repo\\a', 'c:/repo/a', '\\\\server\\share\\a'].map(isAbsolutePath)).toEqual([true, true, true, true]);
    expect(['nginx.conf', 'src\\a.js', './a', 'C:relative'].map(isAbsolutePath)).toEqual([false, false, false, false]);
  });

  it('resolves relative paths in the style of the cwd', () => {
    expect(toAbsolute('/work/repo', 'k8s/a.yaml')).toBe('/work/repo/k8s/a.yaml');
    expect(toAbsolute('/work/repo', 'src\\app\\server.js')).toBe('/work/repo/src/app/server.js');
    expect(toAbsolute('/work/repo', '../other/x.conf')).toBe('/work/other/x.conf');
    expect(toAbsolute('/work/repo', '/etc/x.conf')).toBe('/etc/x.conf');
    expect(toAbsolute('C:\\work\\repo', 'src\\a.js')).toBe('C:\\work\\repo\\src\\a.js');
    expect(toAbsolute('C:\\work\\repo', 'src/a.js')).toBe('C:\\work\\repo\\src\\a.js');
    expect(toAbsolute('C:\\work\\repo', 'D:\\x.conf')).toBe('D:\\x.conf');
  });

  it('resolves plain and odd relative paths as path.resolve does', () => {
    const cwds = ['/work/repo', '/work/repo/', '/work//repo/./x/..', '/'];
    const paths = ['a', 'a/b.yaml', '...', 'a/.../b', '.a/b.', 'a..b/c', './a', 'a/./b', 'a/../b', '..', 'a/..', 'a//b', 'a/', '.', 'a\\b', 'é/ü.conf'];
    for (const cwd of cwds) for (const p of paths) expect(toAbsolute(cwd, p), `${cwd} + ${p}`).toBe(path.posix.resolve(cwd, p.replace(/\\/g, '/')));
  });

  it('relativises only paths inside the cwd', () => {
    expect(relativeInside('/work/repo', '/work/repo/k8s/a.yaml')).toBe('k8s/a.yaml');
    expect(relativeInside('/work/repo', 'k8s/a.yaml')).toBe('k8s/a.yaml');
    expect(relativeInside('/work/repo', '/work/repository/a')).toBeUndefined();
    expect(relativeInside('/work/repo', '/work/a')).toBeUndefined();
    expect(relativeInside('/work/repo', '../a')).toBeUndefined();
    expect(relativeInside('/work/repo', 'C:\\a')).toBeUndefined();
    expect(relativeInside('C:\\work\\repo', 'c:\\WORK\\Repo\\src\\a.js')).toBe('src/a.js');
    expect(relativeInside('C:\\work\\repo', 'D:\\work\\repo\\a.js')).toBeUndefined();
    expect(relativeInside('\\\\srv\\share\\repo', '\\\\srv\\share\\repo\\a\\b.conf')).toBe('a/b.conf');
  });

  it('portable paths use `/`; display paths keep the style the user gave', () => {
    expect(portablePath('C:\\work\\repo', 'src\\a.js')).toBe('src/a.js');
    expect(portablePath('C:\\work\\repo', 'D:\\x\\y.conf')).toBe('D:/x/y.conf');
    expect(displayPath('C:\\work\\repo', 'src\\a.js')).toBe('src\\a.js');
    expect(displayPath('C:\\work\\repo', 'C:\\work\\repo\\src\\a.js')).toBe('src\\a.js');
    expect(displayPath('/work/repo', '/work/repo/src/a.js')).toBe('src/a.js');
    expect(displayPath('/work/repo', '/etc/a.conf')).toBe('/etc/a.conf');
  });

  it('builds file URIs and encodes path segments', () => {
    expect(fileUri('/work/my repo/')).toBe('file:///work/my%20repo/');
    expect(fileUri('C:\\work\\repo')).toBe('file:///C:/work/repo');
    expect(fileUri('\\\\server\\share\\dir')).toBe('file://server/share/dir');
    expect(encodeUriPath('k8s/ü #?%.yaml')).toBe('k8s/%C3%BC%20%23%3F%25.yaml');
    expect(encodeUriPath('bad\ud800.conf')).toBe('bad%EF%BF%BD.conf');
  });
});
