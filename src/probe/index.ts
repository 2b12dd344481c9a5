/** "Test connection": one-shot checks that say which step failed and how to fix it (no Node-RED here). */
export { probeMitel, type MitelProbeOptions } from './mitel-probe';
export { probeOpenScape, PROBE_WEBHOOK_URL, type OpenScapeProbeOptions } from './openscape-probe';
export { type ProbeResult, type ProbeStage, redact } from './types';
