// Node flags the API and the worker run with wherever they run: `npm start` (tools/up.mjs), the Docker images
// (docker/*.Dockerfile repeat them in their CMD) and the benchmarks (which measure the processes as deployed).
//
// An explicit old-space limit makes V8 size the heap for that limit instead of for the machine's memory. On a
// 2-core, 24 GiB machine the API under the cases benchmark (10 connections) peaked at 355–365 MB RSS without it,
// at ~200 MB with 512 (and ~210 MB with 1024), for about the same CPU per request (`npm run bench`, 2026-11-28).
// The live heap of either process is ~50–60 MB, so 512 MB leaves a wide margin.
export const NODE_FLAGS = ['--max-old-space-size=512'];
