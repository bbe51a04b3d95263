"""Benchmarks and reliability figures of codegen-client: ``python -m benchmarks [--quick]``.

Seven sections, printed as tables (see ``docs/benchmarks.md``):

1. client overhead per call against raw httpx (:mod:`benchmarks.overhead`)
2. start-up of whole processes (:mod:`benchmarks.startup`)
3. pagination through 10,000 agent runs (:mod:`benchmarks.pagination`)
4. MultiRunAgent in compressed time (:mod:`benchmarks.multi_run`)
5. a reliability soak under injected faults (:mod:`benchmarks.soak`)
6. bad input, and whether any request went out (:mod:`benchmarks.bad_input`)
7. never twice: runs created twice under each condition the offline API plays
   (:mod:`benchmarks.never_twice`)

Nothing here reaches the network: the offline API and loopback servers stand in for Codegen.
"""
