// Prints the path of FerretDB, building it into ~/.cache/studysync first when missing (the
// same binary the tests use), for the image check's database.
import { resolveFerretdbBinary } from '../../packages/db/src/embedded/ferretdb-binary';

const logger = {
  info: (obj: object, msg?: string) => console.error(msg, obj),
  warn: (obj: object, msg?: string) => console.error(msg, obj),
  error: (obj: object, msg?: string) => console.error(msg, obj),
};
const binary = await resolveFerretdbBinary(logger);
if (!binary) {
  console.error('FerretDB could not be found or built (Go is needed to build it)');
  process.exit(1);
}
process.stdout.write(`${binary}\n`);
