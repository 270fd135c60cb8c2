import { z } from 'zod';

// zod 4 probes `new Function('')` to pick its fast path; extension CSP forbids eval, so turn the probe off
// before any schema is built. Every module that builds schemas imports z from here.
z.config({ jitless: true });

export { z };
