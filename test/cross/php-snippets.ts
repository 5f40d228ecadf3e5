/**
 * A small Laravel-style compose project for the PHP-FPM rules: nginx with its site mounted, and a
 * php-fpm service built from the official image with its pool file copied in.
 */

export const phpCompose = `services:
  nginx:
    image: nginx:1.27-alpine
    volumes:
      - ./docker/nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
      - ./src:/var/www/html:ro
    ports:
      - "80:80"
    depends_on:
      - php
  php:
    build: ./docker/php
    volumes:
      - ./src:/var/www/html
`;

export const phpDockerfile = `FROM php:8.3-fpm-alpine
RUN docker-php-ext-install pdo_mysql opcache
COPY www.conf /usr/local/etc/php-fpm.d/www.conf
WORKDIR /var/www/html
`;

/** A site whose PHP location has \`pass\` (line 8) and \`extra\` lines after it. */
export function phpSite(pass: string, extra = ''): string {
  return `server {
    listen 80;
    root /var/www/html/public;
    index index.php;

    location ~ \\.php$ {
        include fastcgi_params;
        fastcgi_pass ${pass};
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
${extra}    }
}
`;
}

/** A pool file; \`settings\` start on line 5. */
export function pool(settings: string, name = 'www'): string {
  return `; Pool for the shop
[${name}]
user = www-data
group = www-data
${settings}`;
}
