from plp_mock_tps.cli import main

main(prog_name="plp-mock-tps")
