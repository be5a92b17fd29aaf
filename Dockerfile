# syntax=docker/dockerfile:1
# One image per service from the same file:
#   docker build --build-arg SERVICE=intake -t redress/intake .
# SERVICE is a folder under apps/: intake, triage, resolution, follow-up, analytics.
# The image also carries infra/postgres, so any service image can run the database bootstrap
# (`node infra/postgres/bootstrap.mjs`).

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    TURBO_TELEMETRY_DISABLED=1

# Only the package manifests and the lockfile: the dependency layers below are rebuilt when a
# manifest changes, not on every source edit.
FROM base AS manifests
COPY . /src
RUN cd /src \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents '{}' /app ';' \
 && cp package-lock.json /app/ \
 && if [ -f .npmrc ]; then cp .npmrc /app/; fi

FROM base AS build
COPY --from=manifests /app ./
RUN npm ci
COPY . .
ARG SERVICE
RUN case "${SERVICE}" in \
      intake|triage|resolution|follow-up|analytics) ;; \
      *) echo "build arg SERVICE must be one of intake, triage, resolution, follow-up, analytics (got '${SERVICE}')" >&2; exit 1 ;; \
    esac
RUN npx turbo run build --filter="@redress/${SERVICE}..."
# Collect what runs: the service's dist and the dist of every lib it was built with.
RUN mkdir -p /out \
 && for dir in libs/* "apps/${SERVICE}"; do \
      if [ -d "${dir}/dist" ]; then mkdir -p "/out/${dir}" && cp -R "${dir}/dist" "/out/${dir}/"; fi; \
    done

# Production dependencies only; workspace packages resolve through node_modules/@redress links.
FROM base AS prod-deps
COPY --from=manifests /app ./
RUN npm ci --omit=dev

FROM base AS runtime
ARG SERVICE
# A bounded heap: a service holds little between requests, and a capped old space keeps intake's
# resident memory near 165 MB under full load instead of ~280 MB, for about 10 % more CPU. The
# young generation keeps its default size: halving it (--max-semi-space-size=8) saved another
# 15 MB for some 25 % more CPU (docs/benchmarks.md). `npm run bench` runs the services with
# these options.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    NODE_OPTIONS="--max-old-space-size=160"
COPY --from=prod-deps /app ./
COPY --from=build /out ./
COPY infra/postgres ./infra/postgres
# Files stay root-owned and read-only to the process; it needs no writable path but /tmp.
USER node
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const d={intake:3001,triage:3002,resolution:3003,'follow-up':3004,analytics:3005};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.SERVICE])+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec: node becomes PID 1 and receives SIGTERM itself, so the service drains on shutdown.
CMD ["sh", "-c", "exec node \"apps/${SERVICE}/dist/main.js\""]
