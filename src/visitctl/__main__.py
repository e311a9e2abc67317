from visitctl.cli import main

main()
