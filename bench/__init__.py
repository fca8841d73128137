"""Benchmarks, run by ``make bench``: each prints its time beside a floor measured in
the same run, and the ratio. Machines are noisy; compare ratios, not seconds."""
