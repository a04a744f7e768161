"""What the domain needs from outside, as Protocols the adapters implement: one module per
area (plp, outage, out_of_hours, responses, accounts, reference, push, report, simulation,
health) and the one unit of work that holds the repositories."""
