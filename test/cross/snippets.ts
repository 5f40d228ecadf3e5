/**
 * Realistic files for cross-layer rule tests: a Deployment whose line numbers do not depend on its
 * options (the container body always starts on line 18), and small apps in several frameworks.
 */

export interface DeployOptions {
  name: string;
  image: string;
  /** containerPort of the port named `http`. */
  port?: number;
  /** Lines of the container after `ports` (indented by 10 spaces), starting on line 18. */
  body?: string;
  namespace?: string;
}

/** Lines 1–17 fixed; `body` starts on line 18. */
export function deployment(o: DeployOptions): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${o.name}
spec:
  selector:
    matchLabels: { app: ${o.name} }
  template:
    metadata:
      labels: { app: ${o.name} }
    spec:
      containers:
        - name: ${o.name}
          image: ${o.image}
          ports:
            - name: http
              containerPort: ${o.port ?? 8080}
${o.body ?? ''}`.replace(/\n*$/, '\n').replace(/^(metadata:\n {2}name: .*)$/m, o.namespace ? `$1\n  namespace: ${o.namespace}` : '$1');
}

export function service(name: string, port: number, targetPort: number | string, namespace?: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  selector: { app: ${name} }
  ports:
    - name: http
      port: ${port}
      targetPort: ${targetPort}
`;
}

export function httpProbe(kind: 'liveness' | 'readiness' | 'startup', path: string, port: number | string = 'http'): string {
  return `          ${kind}Probe:
            httpGet:
              path: ${path}
              port: ${port}
`;
}

export const expressPkg = JSON.stringify({ name: 'api', version: '1.0.0', dependencies: { express: '^4.19.2' } }, null, 2);

export const expressServer = `'use strict';
const express = require('express');

const app = express();

app.get('/healthz', (req, res) => res.send('ok'));
app.get('/api/items', async (req, res, next) => {
  try {
    res.json([]);
  } catch (err) {
    next(err);
  }
});

const port = process.env.PORT || 3000;
app.listen(port);
`;

export const nodeDockerfile = (port = 3000) => `FROM node:20-alpine
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
USER node
EXPOSE ${port}
CMD ["node", "src/server.js"]
`;

export const flaskApp = `from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/status/<name>")
def status(name):
    return jsonify(component=name, ok=True)


@app.get("/ping")
def ping():
    return "pong"
`;

export const flaskDockerfile = (args = '"--bind", "0.0.0.0:5000"') => `FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER nobody
EXPOSE 5000
CMD ["gunicorn", ${args}, "app:app"]
`;

export const springPom = (actuator: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.2</version>
  </parent>
  <artifactId>orders</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>${actuator ? `
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-actuator</artifactId>
    </dependency>` : ''}
  </dependencies>
</project>
`;

export const springController = `package com.shop.orders;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/orders")
public class OrderController {
  @GetMapping("/{id}")
  public String get(@org.springframework.web.bind.annotation.PathVariable long id) {
    return "order " + id;
  }
}
`;

export const javaDockerfile = (env = 'ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"', entry = '["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]') => `FROM eclipse-temurin:21-jre
COPY target/app.jar /app/app.jar
${env}
EXPOSE 8080
ENTRYPOINT ${entry}
`;

/** The files of a Spring Boot service under services/orders. */
export function springService(o: { actuator?: boolean; properties?: string; dockerfile?: string } = {}): Record<string, string> {
  return {
    'services/orders/pom.xml': springPom(o.actuator ?? true),
    'services/orders/src/main/java/com/shop/orders/OrderController.java': springController,
    'services/orders/src/main/resources/application.properties': o.properties ?? 'spring.application.name=orders\nserver.port=8080\n',
    'services/orders/Dockerfile': o.dockerfile ?? javaDockerfile(),
  };
}

/** The files of an Express service under services/api. */
export function expressService(o: { server?: string; dockerfile?: string; dir?: string } = {}): Record<string, string> {
  const d = o.dir ?? 'services/api';
  return {
    [`${d}/package.json`]: expressPkg,
    [`${d}/src/server.js`]: o.server ?? expressServer,
    [`${d}/Dockerfile`]: o.dockerfile ?? nodeDockerfile(),
  };
}

/** The files of a Flask service under services/checkout. */
export function flaskService(o: { app?: string; dockerfile?: string } = {}): Record<string, string> {
  return {
    'services/checkout/requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\n',
    'services/checkout/app.py': o.app ?? flaskApp,
    'services/checkout/Dockerfile': o.dockerfile ?? flaskDockerfile(),
  };
}

/** An Ingress "shop" sending `/` to port 80 of Service `backend`; `annotations` are lines indented by 4 spaces (line 6 on). */
export function ingress(o: { backend: string; className: string; annotations: string }): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
${o.annotations}spec:
  ingressClassName: ${o.className}
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${o.backend}
                port:
                  number: 80
`;
}

/** A compose project: nginx (conf.d mounted) in front of service "web" built from services/web; `web` adds lines to the service (line 12 on). */
export function nginxWebCompose(web = ''): string {
  return `services:
  proxy:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./nginx/conf.d:/etc/nginx/conf.d:ro
    depends_on:
      - web
  web:
    build: ./services/web
${web}`;
}
