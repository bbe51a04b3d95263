from codegen_client.cli import main

main()
