import fc from 'fast-check';
import en from './public/_locales/en/messages.json';
import { diskDataReader } from './scripts/data-files';
import { useDataFiles } from './src/background/geo-data';
import { setEnglish } from './src/ui/i18n';

// Property tests explore new random inputs on every local run. In CI (CI=true) they replay one
// fixed seed so a submission is judged on the same cases every time; FC_SEED picks another seed and
// FUZZ_RUNS makes the fuzz suites run longer (`npm run fuzz`).
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20_261_121 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });

// The pages load the English catalog (every key's fallback) as a chunk; unit tests install it here.
setEnglish(en);

// The worker's judging reads the data tables through a reader (the extension's is a fetch of its own package):
// unit tests read the generated files from disk. A test that needs another reader installs its own.
useDataFiles(diskDataReader());
