// npm run import-schedule -- <schedule.json> --out <event.yaml> [--dry-run]
import { importScheduleCli } from '../src/lib/server/interop/import-cli.ts';

process.exitCode = await importScheduleCli(process.argv.slice(2));
