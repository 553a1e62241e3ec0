// Prints which database engine this CI leg tests on, and fails when it is not the one asked for.
// mongodb: the service container named by MONGODB_URI; ferretdb: the embedded FerretDB
// (DATABASE_ENGINE=ferretdb makes packages/db skip mongod), reported again by the test setup.
import { MongoClient } from 'mongodb';

const wanted = process.argv[2];
if (wanted === 'mongodb') {
  const client = await MongoClient.connect(process.env.MONGODB_URI ?? '');
  const info = await client.db('admin').command({ buildInfo: 1 });
  await client.close();
  console.warn(`database engine: MongoDB ${info.version}${info.ferretdbVersion ? ' (FerretDB!)' : ''}`);
  if (info.ferretdbVersion || !String(info.version).startsWith('7.')) process.exit(1);
} else if (wanted === 'ferretdb') {
  console.warn(`database engine: embedded FerretDB (DATABASE_ENGINE=${process.env.DATABASE_ENGINE})`);
  if (process.env.DATABASE_ENGINE !== 'ferretdb' || process.env.MONGODB_URI) process.exit(1);
} else {
  console.error(`unknown engine ${wanted}`);
  process.exit(1);
}
