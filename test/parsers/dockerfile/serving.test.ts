import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/parsers/dockerfile/index.js';
import { shellExecsLast, shellNamed, shellOfStage, stageServes, withEvidence } from '../../../src/parsers/dockerfile/serving.js';

function parse(text: string) {
  return parseDockerfile({ path: 'Dockerfile', text, kind: 'dockerfile' }).root;
}

/** The verdict and its evidence as `kind detail "text at the span"`. */
function serves(text: string, path = 'Dockerfile') {
  const root = parse(text);
  const v = stageServes(root, root.finalStage, path);
  const show = (e: { kind: string; detail: string; span: { start: number; end: number } }) => `${e.kind} ${e.detail} "${text.slice(e.span.start, e.span.end)}"`;
  return { serves: v.serves, for: v.for.map(show), against: v.against.map(show) };
}

describe('stageServes', () => {
  it('EXPOSE and a known server command are evidence that it serves', () => {
    expect(serves('FROM python:3.12-slim\nEXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n')).toEqual({
      serves: 'yes',
      for: ['server-command gunicorn ""gunicorn""', 'expose EXPOSE 8000 "8000"'],
      against: [],
    });
  });
  it('sees through launchers: bundle exec, python -m, poetry run', () => {
    expect(serves('FROM ruby:3.3-slim\nCMD bundle exec puma -C config/puma.rb\n').for).toEqual(['server-command puma "bundle"']);
    expect(serves('FROM python:3.12-slim\nCMD ["python", "-m", "uvicorn", "main:app"]\n').for).toEqual(['server-command uvicorn ""python""']);
    expect(serves('FROM python:3.12-slim\nCMD ["poetry", "run", "hypercorn", "app:app"]\n').for).toEqual(['server-command hypercorn ""poetry""']);
  });
  it('a queue worker or scheduler by its folder or stage name, exposing nothing, does not serve', () => {
    // laradock/laradock php-worker/Dockerfile: supervisord runs queue workers.
    const worker = 'FROM php:8.3-alpine\nRUN apk add supervisor\nCMD ["/usr/bin/supervisord", "-n"]\n';
    expect(serves(worker, 'php-worker/Dockerfile')).toEqual({
      serves: 'no',
      for: ['server-command supervisord ""/usr/bin/supervisord""'],
      against: ['worker php-worker "FROM php:8.3-alpine"'],
    });
    expect(serves('FROM python:3.12-slim AS scheduler\nCMD ["python", "-m", "celery", "beat"]\n').against).toEqual(['worker scheduler "FROM python:3.12-slim AS scheduler"']);
    // A port says it serves after all; a folder merely containing the word does not count.
    expect(serves(`${worker}EXPOSE 9001\n`, 'php-worker/Dockerfile').serves).toBe('yes');
    expect(serves(worker, 'networker/Dockerfile').serves).toBe('yes');
  });
  it('a server base image counts, with or without its own start command', () => {
    expect(serves('FROM nginx:1.27-alpine\nCOPY dist /usr/share/nginx/html\n').for).toEqual(['server-base nginx:1.27-alpine "nginx:1.27-alpine"']);
    expect(serves('FROM redis:7.2\nCOPY run.sh /run.sh\nCMD /run.sh\n').serves).toBe('yes');
  });
  it('a CI test image, a one-shot tool, a keep-alive container and a Wasm module do not serve', () => {
    expect(serves('FROM node:20-slim\nADD . /app\nCMD ["/app/tests.sh"]\n').against).toEqual(['test-image tests.sh ""/app/tests.sh""']);
    expect(serves('FROM node:20-slim\nCOPY . .\nCMD ["node", "run.js"]\n', 'result/tests/Dockerfile').against).toEqual(['test-image result/tests/ "FROM node:20-slim"']);
    expect(serves('FROM certbot/certbot:v2.11.0\nEXPOSE 80\nENTRYPOINT ["certbot", "renew"]\n')).toMatchObject({ serves: 'no', against: ['one-shot certbot ""certbot""'] });
    expect(serves('FROM python:3.12-slim\nENTRYPOINT locust --headless -u 10\n').against).toEqual(['one-shot locust "locust"']);
    expect(serves('FROM python:3\nCOPY run.sh .\nCMD [ "sleep", "365d" ]\n').serves).toBe('no');
    expect(serves('FROM python:3.9-slim\nCOPY . .\nCMD ["/seed/generate-votes.sh"]\n').against).toEqual(['one-shot generate-votes.sh ""/seed/generate-votes.sh""']);
    expect(serves('FROM phusion/baseimage:noble-1.0.3\nENTRYPOINT bash -c "bash /root/certbot/run-certbot.sh && sleep infinity"\n').against).toEqual(['one-shot certbot "bash"']);
    // A queue worker is no evidence either way.
    expect(serves('FROM mcr.microsoft.com/dotnet/runtime:8.0\nENTRYPOINT ["dotnet", "Worker.dll"]\n').serves).toBe('unknown');
    expect(serves('FROM scratch\nENTRYPOINT [ "kafka.wasm" ]\nCOPY --from=build /kafka.wasm /kafka.wasm\n').against).toEqual(['wasm kafka.wasm ""kafka.wasm""']);
  });
  it('a development environment does not serve', () => {
    expect(serves('FROM node:20 AS development\nEXPOSE 3000\nCMD ["npm", "start"]\nFROM development AS dev-envs\nRUN apt-get update\n').serves).toBe('no');
  });
  it('nothing either way is unknown; a caller can add evidence from the deployment', () => {
    const root = parse('FROM python:3.12-slim\nCOPY . .\nCMD ["python", "worker.py"]\n');
    const v = stageServes(root, root.finalStage);
    expect(v.serves).toBe('unknown');
    expect(withEvidence(v, [{ kind: 'workload', detail: 'Deployment web', span: { start: 0, end: 3 }, file: 'k8s/web.yaml' }]).serves).toBe('yes');
  });
});

describe('the shell of a -c script', () => {
  const final = (text: string) => parse(text).finalStage!;
  const script = (text: string) => final(text).cmd!.script;
  it('is named by SHELL, by the exec form, or is the base image /bin/sh', () => {
    expect(shellOfStage(final('FROM python:3.12-slim\nCMD x\n'))).toEqual({ named: '/bin/sh', is: 'dash' });
    expect(shellOfStage(final('FROM python:3.12-alpine\nCMD x\n'))).toEqual({ named: '/bin/sh', is: 'busybox' });
    expect(shellOfStage(final('FROM rockylinux:9\nCMD x\n'))).toEqual({ named: '/bin/sh', is: 'bash' });
    expect(shellOfStage(final('FROM python:3.12-slim\nSHELL ["/bin/bash", "-c"]\nCMD x\n'))).toEqual({ named: '/bin/bash', is: 'bash' });
    expect(shellOfStage(final('FROM mycompany/base:1\nCMD x\n'))).toEqual({ named: '/bin/sh' });
    expect(shellNamed('/bin/sh', final('FROM alpine:3.20\nCMD x\n'))).toEqual({ named: '/bin/sh', is: 'busybox' });
  });
  it('bash execs a last simple command without redirections; BusyBox ash the last command; dash never', () => {
    const bash = { named: 'bash', is: 'bash' as const };
    const ash = { named: '/bin/sh', is: 'busybox' as const };
    const dash = { named: '/bin/sh', is: 'dash' as const };
    expect(shellExecsLast(bash, script('FROM x\nCMD /usr/bin/supervisord\n'))).toBe(true);
    expect(shellExecsLast(bash, script('FROM x\nCMD cd /app && node server.js\n'))).toBe(true);
    expect(shellExecsLast(bash, script('FROM x\nCMD node server.js > /var/log/app.log\n'))).toBe(false);
    expect(shellExecsLast(ash, script('FROM x\nCMD node server.js > /var/log/app.log\n'))).toBe(true);
    expect(shellExecsLast(ash, script('FROM x\nCMD node server.js | tee /tmp/log\n'))).toBe(false);
    expect(shellExecsLast(ash, script("FROM x\nCMD trap 'kill 0' TERM; node server.js\n"))).toBe(false);
    expect(shellExecsLast(ash, script('FROM x\nCMD node server.js &\n'))).toBe(false);
    expect(shellExecsLast(dash, script('FROM x\nCMD node server.js\n'))).toBe(false);
    expect(shellExecsLast({ named: '/bin/sh' }, script('FROM x\nCMD node server.js\n'))).toBe(false);
  });
});
