"""`make bench`: throughput and latency figures, each one script (see run_all.py)."""
