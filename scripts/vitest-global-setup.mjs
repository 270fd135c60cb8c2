// Unit tests import the generated place and hosting tables: make them when a fresh clone has none.
import { generateData } from './gen-data.mjs';

export default async function setup() {
  await generateData();
}
