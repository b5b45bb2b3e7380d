# kecs-lb control plane image: `docker build -t kecs-lb:dev .` (see manifests/README.md).
# TypeScript runs through tsx, as with `npm start`; there is no build step.
FROM node:20-slim

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so source edits reuse this layer. Plain `npm ci` (dev dependencies
# included) installs exactly the lockfile, tsx among it.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node tsconfig.json ./
COPY --chown=node:node gateway ./gateway
COPY --chown=node:node handlers ./handlers
COPY --chown=node:node migrations ./migrations

ENV KECS_PORT=4566 \
    KECS_HOST=0.0.0.0
EXPOSE 4566

# Without DATABASE_URL the gateway starts an embedded Postgres under KECS_DATA_DIR (./.kecs);
# in the cluster DATABASE_URL points at the postgres StatefulSet.
# One process (no npx/tsx wrappers), so SIGTERM from the kubelet reaches the gateway's drain.
CMD ["node", "--import", "tsx", "gateway/main.ts"]
