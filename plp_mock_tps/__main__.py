from plp_mock_tps.cli import main

main()
