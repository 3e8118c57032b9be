"""Dashboard layer: reads the store (read-only) and shows it to the innovation council.

It may import ``ingest``'s pure modules (codes, progress maths), never its writers.
"""
