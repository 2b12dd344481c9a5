/**
 * Real-Time Statistics requests (4.9.1); the statistics themselves come from realtime.ts.
 */
import { fail, ok, type CommandHandler } from './context';
import type { QueryType } from './names';

const startQuery: CommandHandler = ({ body, sim, session }) => {
  if (!session) return fail('APPLICATION_NOT_REGISTERED', 'APPLICATION_NOT_REGISTERED');
  const queryType = body.queryType as QueryType;
  const result = sim.realtime.start(session, queryType, body.keyList as number[], typeof body.fromTime === 'string' ? body.fromTime : undefined);
  if ('errorCode' in result) return { body: { ...result } };
  return ok({ queryId: result.queryId });
};

const stopQuery: CommandHandler = ({ body, sim, session }) => {
  const queryId = body.queryId as number;
  if (!session || !sim.realtime.stop(session, queryId)) {
    // The guide's "stop failed" example answers NO_ERROR with this errorDetails.
    return { body: { errorCode: 'NO_ERROR', errorDetails: `StopRealTimeQuery - Application is not a valid listener for queryId [${queryId}]` } };
  }
  return ok();
};

export function realtimeHandlers(): Record<string, CommandHandler> {
  return {
    'realtime.startQuery': startQuery,
    'realtime.stopQuery': stopQuery,
  };
}
