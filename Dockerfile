# syntax=docker/dockerfile:1

# Compilers are needed only to build better-sqlite3's native module; they never reach the runtime image.
FROM node:20-bookworm-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS build
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY emulator ./emulator
RUN npm run build

# Production dependencies, native modules compiled against the same Node and glibc as the runtime stage.
FROM toolchain AS prod-deps
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3978
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
# Owned by the runtime user, private (audit log, hunt results, button data), before VOLUME, so a new named volume
# inherits both.
RUN mkdir -p /data && chown 1000:1000 /data && chmod 700 /data
VOLUME ["/data"]
# The image's "node" user, by number so that Kubernetes runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||3978,path:'/healthz',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
CMD ["node", "bin/defender-chatops.js", "start"]
