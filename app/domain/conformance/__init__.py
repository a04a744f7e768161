"""Issue 17: the conformance pack. The simulator plays DJBC and every officer, injects the faults
a scenario calls for, observes every message the TPS software under test sends, and grades it."""
