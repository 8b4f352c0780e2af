// Node flags the API and the worker run with wherever they run: `npm start` (tools/up.mjs), the Docker images
// (docker/*.Dockerfile repeat them in their CMD) and the benchmarks (which measure the processes as deployed).
//
// An explicit old-space limit makes V8 size the heap for that limit instead of for the machine's memory. On a
// 2-core, 24 GiB machine the API under the cases benchmark (10 connections) peaked at 355–365 MB RSS without it,
// at ~200 MB with 512 (and ~210 MB with 1024), for about the same CPU per request (`npm run bench`, 2026-11-28).
// The live heap of either process is ~50–60 MB, so 512 MB leaves a wide margin.
//
// The young generation is sized from that limit too: with 512 MB V8 keeps semi-spaces of a few MB, too small for the
// API's allocation rate under load (each request allocates a few MB that die young, and are then scavenged several
// times or promoted). 32 MB semi-spaces cut the API's CPU per request on the cases page by 10–17 % against none and
// against 16 MB (no better than none), and 24 MB measured alike within noise; peak RSS under the cases benchmark
// ~235–240 MB instead of ~200 MB (`npm run bench` with BENCH_BEFORE_NODE_OPTIONS, interleaved rounds, 2026-12-02).
export const NODE_FLAGS = ['--max-old-space-size=512', '--max-semi-space-size=32'];
