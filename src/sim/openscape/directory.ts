/**
 * The configuration the simulated contact center answers the admin queries with (section 4.2.1):
 * users, queues, groups, departments, aggregates, the reason lists and the OpenMedia connectors.
 * Generated from the seed, with non-ASCII names so that clients prove they keep UTF-8 intact.
 * Attribute names follow the guide's examples (`userName`, `multipleContactHandlingCapable`).
 */
import { SeededRandom } from './random';

export interface SimUserOption {
  agentKey: number;
  password: string;
  name?: string;
}

export interface DirectoryUser {
  agentKey: number;
  userName: string;
  firstName: string;
  lastName: string;
  middleInitial: string;
  departmentKey: number;
  acdGroupNumber: string;
  mediaTypes: string[];
  type: string;
  agentId: string;
  multipleContactHandlingCapable: boolean;
}

export interface SimUser extends DirectoryUser {
  /** Kept out of every answer; only main/logon compares it. */
  password: string;
  /** The agent's own telephone extension. */
  extension: string;
  groupKey: number;
}

export interface KeyedEntity {
  key: number;
  name: string;
  description: string;
}
export interface MediaEntity extends KeyedEntity {
  mediaType: string;
}
export interface Reason {
  reasonKey: number;
  name: string;
  description: string;
}
export interface Connector {
  connectorKey: number;
  connectorName: string;
}

export interface Directory {
  users: SimUser[];
  queues: MediaEntity[];
  groups: KeyedEntity[];
  departments: KeyedEntity[];
  aggregates: MediaEntity[];
  unavailableReasons: Reason[];
  wrapUpReasons: Reason[];
  workReasons: Reason[];
  postProcessingReasons: Reason[];
  callbackRetryReasons: Reason[];
  callbackDeleteReasons: Reason[];
  openMediaDiscardReasons: Reason[];
  connectors: Connector[];
  /** Queue numbers (pilot extensions) by queue key, for telephony events. */
  queueNumbers: Map<number, string>;
  /** External numbers callers ring from. */
  customerNumbers: string[];
}

const FIRST_NAMES = ['Zoë', 'José', 'Łukasz', 'Søren', 'Renée', 'Ἀλέξανδρος', 'Анна', 'Jürgen', 'Ana Luíza', 'Øyvind', 'Małgorzata', 'Ç. Ayşe', '美咲', 'François', 'Íñigo', 'Dvořák'];
const LAST_NAMES = ['Müller', 'Álvarez', 'Wójcik', 'Ødegård', 'Côté', 'Παπαδόπουλος', 'Иванова', 'Groß', 'Gonçalves', 'Næss', 'Żółkiewska', 'Yılmaz', '佐藤', 'Lefèvre', 'Ibáñez', 'Šťastný'];
const CUSTOMER_NAMES = ['Björk Guðmundsdóttir', 'Zoë Ångström', 'Μαρία Νικολάου', 'Дмитрий Ковалёв', 'Jean-Loïc Hervé', '王小明', 'Niño Peña', 'Mühlenbäck GmbH'];

export const EXTENSION_PREFIX = '5541810';

function reasons(names: Array<[string, string]>, firstKey: number): Reason[] {
  return names.map(([name, description], index) => ({ reasonKey: firstKey + index, name, description }));
}

export function buildDirectory(seed: number, userOptions?: readonly SimUserOption[]): Directory {
  const random = new SeededRandom(seed ^ 0x5eed);
  const departments: KeyedEntity[] = [
    { key: 1, name: 'Vente', description: 'Département des ventes' },
    { key: 2, name: 'Kundendienst', description: 'Service après-vente / Kundendienst' },
    { key: 3, name: 'Soporte técnico', description: 'Soporte de segundo nivel' },
  ];
  const groups: KeyedEntity[] = [
    { key: 1, name: 'Équipe Nord', description: 'Groupe du matin' },
    { key: 2, name: 'Team Süd', description: 'Spätschicht' },
    { key: 3, name: 'Grupo Oeste', description: 'Atención en español' },
  ];
  const queues: MediaEntity[] = [
    { key: 1, name: 'Default Voice Queue', description: 'Default Voice Queue', mediaType: 'VOICE' },
    { key: 2, name: 'Default Callback Queue', description: 'Default Callback Queue', mediaType: 'CALLBACK' },
    { key: 3, name: 'Ventes – Français', description: 'File des ventes', mediaType: 'VOICE' },
    { key: 4, name: 'Web-Chat Ärzte', description: 'Chat für Praxen', mediaType: 'WEB_COLLABORATION' },
    { key: 5, name: 'Open Media Social', description: 'Réseaux sociaux', mediaType: 'OPENMEDIA' },
    { key: 6, name: 'Soporte Técnico', description: 'Cola de soporte', mediaType: 'VOICE' },
  ];
  const aggregates: MediaEntity[] = [
    { key: 1, name: 'Aggregate Voz', description: 'Todas las colas de voz', mediaType: 'VOICE' },
    { key: 2, name: 'Aggregat Digital', description: 'Chat und Open Media', mediaType: 'WEB_COLLABORATION' },
  ];
  const userCount = userOptions?.length ?? 12;
  const users: SimUser[] = [];
  for (let index = 0; index < userCount; index++) {
    const option = userOptions?.[index];
    const agentKey = option?.agentKey ?? index + 1;
    const [firstName, lastName] = option?.name
      ? splitName(option.name)
      : [FIRST_NAMES[(index + random.int(0, 3)) % FIRST_NAMES.length], LAST_NAMES[(index * 7 + random.int(0, 3)) % LAST_NAMES.length]];
    const groupKey = groups[index % groups.length].key;
    users.push({
      agentKey,
      userName: option?.name ?? `${firstName.toLowerCase().replace(/\s+/g, '')}.${lastName.toLowerCase()}`,
      firstName,
      lastName,
      middleInitial: index % 3 === 0 ? 'É' : '',
      departmentKey: departments[index % departments.length].key,
      acdGroupNumber: String(groupKey),
      mediaTypes: index % 2 === 0 ? ['VOICE', 'CALLBACK', 'WEB_COLLABORATION', 'OPENMEDIA', 'EMAIL'] : ['VOICE', 'CALLBACK'],
      type: index === 0 ? 'SUPERVISOR' : 'ASSOCIATE_A',
      agentId: String(100000 + agentKey),
      multipleContactHandlingCapable: index % 4 === 0,
      password: option?.password ?? 'demo',
      extension: `${EXTENSION_PREFIX}${String(15000 + agentKey).padStart(5, '0')}`,
      groupKey,
    });
  }
  const queueNumbers = new Map<number, string>(queues.map((queue) => [queue.key, `${EXTENSION_PREFIX}${String(22100 + queue.key)}`]));
  const customerNumbers = Array.from({ length: 8 }, () => `5541${random.int(80000000, 99999999)}`);
  return {
    users,
    queues,
    groups,
    departments,
    aggregates,
    unavailableReasons: reasons([['Pause déjeuner', 'Lunch break'], ['Schulung', 'Training'], ['Reunión', 'Team meeting']], 5),
    wrapUpReasons: reasons([['Vente conclue', 'Wrap-up for Voice queue.'], ['Rückruf nötig', 'Wrap-up for OpenMedia queue.'], ['Información', 'Information only']], 1),
    workReasons: reasons([['Automatic', 'Automatic work via the communication platform.'], ['Nachbearbeitung', 'Finish sales process']], 5),
    postProcessingReasons: reasons([['Automatic', 'Automatic post-processing after contact.'], ['Mandatory', 'Mandatory post-processing required.']], 5),
    callbackRetryReasons: reasons([['Besetzt', 'Line busy'], ['No contesta', 'No answer']], 5),
    callbackDeleteReasons: reasons([['Doublon', 'Duplicate callback.'], ['Erledigt', 'Already handled']], 5),
    openMediaDiscardReasons: reasons([['Default discard reason', 'Default reason.'], ['Spam – indésirable', 'Spam']], 5),
    connectors: [
      { connectorKey: 1, connectorName: 'CompanySystem' },
      { connectorKey: 2, connectorName: 'Réseaux Sociaux' },
    ],
    queueNumbers,
    customerNumbers,
  };
}

function splitName(name: string): [string, string] {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 ? [parts.slice(0, -1).join(' '), parts[parts.length - 1]] : [name, ''];
}

export function customerName(random: SeededRandom): string {
  return random.pick(CUSTOMER_NAMES);
}

/** A user as GetUsers and USER_UPDATED_EVENT show it: no password, extension or group key. */
export function publicUser(user: SimUser): DirectoryUser {
  const { password: _password, extension: _extension, groupKey: _groupKey, ...shown } = user;
  return shown;
}
