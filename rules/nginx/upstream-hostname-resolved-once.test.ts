import { RuleTester } from '../../src/testing/index.js';
import rule from './upstream-hostname-resolved-once.js';

new RuleTester().run(rule, {
  valid: [
    // A variable and a resolver: looked up again when the TTL runs out.
    'server {\n  resolver 169.254.169.253 valid=30s;\n  location / {\n    set $lb internal-api-123.us-east-1.elb.amazonaws.com;\n    proxy_pass http://$lb;\n  }\n}\n',
    // The `resolve` parameter (nginx 1.27.3+, NGINX Plus) keeps the group up to date.
    'http {\n  resolver 10.0.0.2;\n  upstream api {\n    zone api 64k;\n    server internal-api-123.us-east-1.elb.amazonaws.com:80 resolve;\n  }\n  server { location / { proxy_pass http://api; } }\n}\n',
    // Ordinary names: a Kubernetes Service, a compose service, a fixed host.
    'server { location / { proxy_pass http://api.shop.svc.cluster.local:8080; } }\n',
    'server { location / { proxy_pass http://web:3000; } }\n',
    'upstream app { server app.example.com:8080; }\nserver { location / { proxy_pass http://app; } }\n',
    // The literal names an upstream group, whose servers are judged on their own.
    'upstream d111111abcdef8.cloudfront.net { server 10.0.0.1:80; }\nserver { location / { proxy_pass http://d111111abcdef8.cloudfront.net; } }\n',
  ],
  invalid: [
    {
      name: 'proxy_pass to an ALB name',
      code: 'server {\n    listen 80;\n    location /api/ {\n        proxy_pass http://internal-api-123456.eu-west-1.elb.amazonaws.com/;\n    }\n}\n',
      errors: [
        {
          messageId: 'proxyPass',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 75,
          data: { directive: 'proxy_pass', host: 'internal-api-123456.eu-west-1.elb.amazonaws.com', what: 'an AWS Elastic Load Balancer' },
        },
      ],
    },
    {
      name: 'upstream servers on CloudFront and an NLB; a resolver alone does not help a literal name',
      code: [
        'http {',
        '  resolver 10.0.0.2;',
        '  upstream edge {',
        '    server d111111abcdef8.cloudfront.net:443;',
        '    server api-nlb-0123.elb.us-east-2.amazonaws.com:443 max_fails=2;',
        '  }',
        '  server {',
        '    location / { proxy_pass https://edge; }',
        '    location /gw/ { proxy_pass https://abc123.execute-api.us-east-1.amazonaws.com/prod/; }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'upstreamServer', line: 4, column: 12, endLine: 4, endColumn: 45, data: { upstream: 'edge', host: 'd111111abcdef8.cloudfront.net', what: 'a CloudFront distribution' } },
        { messageId: 'upstreamServer', line: 5, column: 12, endLine: 5, endColumn: 56 },
        { messageId: 'proxyPass', line: 9, column: 32, endLine: 9, endColumn: 88, data: { directive: 'proxy_pass', host: 'abc123.execute-api.us-east-1.amazonaws.com', what: 'an Amazon API Gateway endpoint' } },
      ],
    },
    {
      name: 'a Heroku app in an included snippet',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/conf.d/legacy.conf': 'location /legacy/ {\n  proxy_pass https://legacy-shop.herokuapp.com;\n}\n' },
      code: 'events {}\nhttp {\n  server {\n    include conf.d/legacy.conf;\n  }\n}\n',
      errors: [{ messageId: 'proxyPass', file: 'nginx/conf.d/legacy.conf', line: 2, column: 14, endLine: 2, endColumn: 47 }],
    },
  ],
});
