/**
 * OpenScape webhook bodies for the benchmarks: DELIVERED_EVENT exactly in the shape of the guide's
 * OnDeliveredEvent example (section 4.5.2.1), with the call id, extensions and agent varying.
 */
const CAUSES = ['NEW_CALL', 'REDIRECTED', 'NORMAL_CLEARING', 'INVALID_NUMBER_FORMAT'];

export function deliveredEventBody(i: number): string {
  const ext = `5541810${String(21000 + (i % 400)).padStart(5, '0')}`;
  const from = `5541810${String(29000 + (i % 997)).padStart(5, '0')}`;
  return JSON.stringify({
    type: 'EVENT',
    data: {
      realm: 'TELEPHONY',
      type: 'DELIVERED_EVENT',
      data: {
        mediaType: 'VOICE',
        resource: ext,
        uniqueCallId: String(1501535040072742 + i),
        sequenceNumber: 0,
        lcsType: 'ALERTING',
        contactType: 'ROUTED_VOICE',
        normalCause: CAUSES[i % CAUSES.length],
        originalFrom: from,
        originalTo: '554181022110',
        deliveredToParty: { agentKey: 3 + (i % 400), device: ext, type: 'AGENT' },
        fromParty: { agentKey: 0, device: from, type: 'AGENT' },
        toParty: { agentKey: 0, device: '554181022110', type: 'AGENT' },
        heldParty: { agentKey: 0, device: '', type: 'UNKNOWN' },
        redirectParty: { agentKey: -1, device: '', type: 'INTERNAL' },
        reason: 'UNDEFINED',
      },
    },
  });
}
