# Production image of the Plenair app (one Node process: SvelteKit + Socket.IO) as plain
# JavaScript: `npm run build` compiles the SvelteKit app into build/ and server/main.ts (with
# the admin and dossier commands) into build/plenair/. No TypeScript loader at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# The built-in recorder (recorder/, Go), a static binary.
FROM golang:1.26-bookworm AS recorder
WORKDIR /src
COPY recorder/ ./
RUN CGO_ENABLED=0 go build -trimpath -o /out/plenair-recorder ./cmd/plenair-recorder

FROM node:20-bookworm-slim
WORKDIR /app
# ffmpeg composes the recorder's tracks into the watch-again file (and probes uploads).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg \
	&& rm -rf /var/lib/apt/lists/*
COPY --from=recorder /out/plenair-recorder /usr/local/bin/plenair-recorder
ENV PLENAIR_RECORDER_BIN=/usr/local/bin/plenair-recorder
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY package.json package-lock.json ./
# Only `dependencies`; no scripts (the `prepare` script needs the build tools).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/build ./build
COPY events ./events
# The recordings volume takes this folder's owner when it is first mounted.
RUN mkdir -p data/recordings && chown -R node:node data
USER node
EXPOSE 3000
CMD ["node", "build/plenair/main.js"]
