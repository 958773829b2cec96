"""Scale benchmark: a synthetic corpus generator, an equivalent Hugo site, and a runner (docs/performance.md).

Scripts, not tests: `python -m tests.bench.generate N OUT`, `python -m tests.bench.run 1000 3000`,
`python -m tests.bench.profile_build N`.
"""
