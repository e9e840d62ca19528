# Production image of the Plenair app (one Node process: SvelteKit + Socket.IO) as plain
# JavaScript: `npm run build` compiles the SvelteKit app into build/ and server/main.ts (with
# the admin and dossier commands) into build/plenair/. No TypeScript loader at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY package.json package-lock.json ./
# Only `dependencies`; no scripts (the `prepare` script needs the build tools).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/build ./build
COPY events ./events
USER node
EXPOSE 3000
CMD ["node", "build/plenair/main.js"]
