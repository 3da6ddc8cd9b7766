from rukg.cli import main

raise SystemExit(main())
