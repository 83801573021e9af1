# infobot: build with the dev toolchain, run with production dependencies only, as a non-root user.
# Configuration comes only from the environment (see README, "Running the bot"); secrets may be files (*_FILE).
# The image runs Node 24 (active LTS); the code itself supports Node 20 and later (package.json engines), which CI runs.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build

FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# `infobot` on the PATH, as `npm install -g` would provide it.
RUN printf '#!/bin/sh\nexec node /app/dist/src/cli.js "$@"\n' > /usr/local/bin/infobot \
 && chmod 755 /usr/local/bin/infobot
# REST-only mode without INFOBOT_MONGO_URL keeps the bot's own data in one file under INFOBOT_DATA_DIR (default
# ./data, here /app/data), owned by the user the bot runs as: mount a volume there so it outlives the container.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
# /livez, /readyz and /metrics (INFOBOT_HTTP_PORT, default 8080).
EXPOSE 8080
# The process answers /livez and its event loop is responsive; `infobot healthcheck` asks it on 127.0.0.1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["infobot", "healthcheck"]
# SIGTERM (docker stop) finishes the commands in flight, then exits; keep stop_grace_period above 8 s.
STOPSIGNAL SIGTERM
CMD ["infobot", "start"]
