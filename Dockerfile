# syntax=docker/dockerfile:1
# The eTOM workers as a container image. The project runs from its TypeScript sources
# (tsx compiles them on load), so there is no build step beyond installing dependencies:
# tsx, zod and the @temporalio/* packages are runtime dependencies.
#
#   docker build -t etom-temporal .
#   docker run --rm -e TEMPORAL_ADDRESS=host:7233 -v etom-data:/data etom-temporal worker --layer rmo

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: production node_modules. better-sqlite3 normally downloads a prebuilt binary;
# python3, make and g++ are there for its node-gyp fallback and stay out of the final image.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- dashboard: the web page the API server serves at `/`, built by Vite (a dev dependency).
# No native build is needed for it, so install scripts are skipped.
FROM ${NODE_IMAGE} AS dashboard
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY dashboard ./dashboard
RUN npm run build:dashboard

# --- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    ETOM_DATA_DIR=/data
WORKDIR /app
# Code and dependencies stay owned by root (read-only to the process); only /data is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY activities ./activities
COPY workflows ./workflows
COPY --from=dashboard /app/dashboard/dist ./dashboard/dist
# A named volume mounted on /data starts with this directory's owner, so `node` can write it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
ENTRYPOINT ["node", "bin/etom.cjs"]
CMD ["worker"]
