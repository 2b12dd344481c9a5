/**
 * The guide's ErrorCode values (section 5) that RegisterApplication and main Logon can answer,
 * mapped to the probe's stages and to what the user should change. Codes not listed here are shown
 * with the server's words under stage 'protocol'.
 */
import { ProbeFailure, type ProbeStage } from './types';

interface CodeMeaning {
  stage: ProbeStage;
  message: string;
}

function registerMeaning(code: string, clientName: string): CodeMeaning | undefined {
  switch (code) {
    case 'CLIENT_NAME_NOT_FOUND':
      return { stage: 'credentials', message: `The server knows no REST SDK client named "${clientName}": check the client name (it is configured on the OpenScape CC server).` };
    case 'CLIENT_TOKEN_NOT_FOUND':
      return { stage: 'credentials', message: `The client token is wrong for client "${clientName}": enter the token configured for it on the server.` };
    case 'AUTH_STATEMENT_NOT_VALID':
      return { stage: 'credentials', message: 'The server did not accept the client name and token: check both.' };
    case 'INVALID_BUSINESS_UNIT_NAME':
      return { stage: 'credentials', message: 'The business unit name is not known to the server: check its spelling, or leave it empty for the default unit.' };
    case 'EMPTY_PARAMETER':
    case 'PARAMETER_LENGTH_TOO_LONG':
    case 'INVALID_CHARACTERS':
      return { stage: 'credentials', message: 'The server refused the client name or token as given (empty, too long or with invalid characters).' };
    case 'NOT_ENABLED':
      return { stage: 'licence', message: 'The REST SDK (or this client) is not enabled on the server: ask the OpenScape CC administrator to enable it.' };
    case 'NO_LICENSE_AVAILABLE':
      return { stage: 'licence', message: 'The server has no free licence for another REST SDK application (an Integration User licence is needed): free one or add licences.' };
    case 'ALREADY_REGISTERED_ON':
      return { stage: 'licence', message: `Client "${clientName}" is already registered elsewhere and the server allows no second registration: stop the other application or use another client.` };
    case 'NOT_READY':
      return { stage: 'protocol', message: 'The server is not ready yet (it is starting or its services are down): try again in a moment.' };
    default:
      return undefined;
  }
}

function logonMeaning(code: string, agentKey: number): CodeMeaning | undefined {
  switch (code) {
    case 'ADMIN_INVALID_CREDENTIALS_TO_LOGON':
      return { stage: 'credentials', message: `Logon of agent ${agentKey} refused: the agent key or the agent password is wrong.` };
    case 'ADMIN_INVALID_BUSSINESUNIT_TO_LOGON':
      return { stage: 'credentials', message: `Agent ${agentKey} does not belong to the business unit the client registered for: check the business unit name.` };
    case 'ADMIN_QUERYUSER_FAILED':
      return { stage: 'credentials', message: `The server could not find user ${agentKey}: check the agent key (the user's numeric key, not its name).` };
    case 'NO_LICENSE_AVAILABLE':
      return { stage: 'licence', message: `No licence is free for the logon of agent ${agentKey}: free one or add licences.` };
    case 'NOT_ENABLED':
      return { stage: 'licence', message: `Agent ${agentKey} is not enabled for logon: ask the OpenScape CC administrator.` };
    default:
      return undefined;
  }
}

export function registerFailure(code: string, options: { clientName: string }, words: string | undefined): ProbeFailure {
  const meaning = registerMeaning(code, options.clientName) ?? {
    stage: 'protocol' as const,
    message: `RegisterApplication was refused: ${words ?? code}`,
  };
  return new ProbeFailure(meaning.stage, meaning.message, words ?? code);
}

export function logonFailure(code: string, agentKey: number, words: string | undefined): ProbeFailure {
  const meaning = logonMeaning(code, agentKey) ?? { stage: 'protocol' as const, message: `Logon of agent ${agentKey} was refused: ${words ?? code}` };
  return new ProbeFailure(meaning.stage, meaning.message, words ?? code);
}
