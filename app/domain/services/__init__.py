"""Use cases: each loads one aggregate, calls one method, saves and commits."""
