// Oracle task runner: `node run.mjs job.json`. The job names a task (tasks/<task>.mjs), its parameters, and an
// output folder; the task writes NPY files there. Called by tools/oracle/common.py :: tfjs().
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const backend = job.backend ?? 'cpu';
if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend(backend);
await tf.ready();
const task = await import(`./tasks/${job.task}.mjs`);
const result = await task.run(job, tf);
fs.writeFileSync(path.join(job.out_dir, 'result.json'), JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version.tfjs, ...(result ?? {}) }));
