from entityx.cli import main

raise SystemExit(main())
