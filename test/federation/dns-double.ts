/** A tiny UDP DNS server on 127.0.0.1 answering SRV and TXT questions from a table; anything else is NXDOMAIN. */
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';

export type DoubleRecord = { type: 'SRV'; data: { target: string; port: number; priority: number; weight: number } } | { type: 'TXT'; data: string };

export async function startDnsDouble(records: Map<string, DoubleRecord[]>): Promise<{ server: string; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    const query = packet.decode(message);
    const question = query.questions?.[0];
    const found = question ? (records.get(question.name.toLowerCase()) ?? []).filter((r) => r.type === question.type) : [];
    const answers = found.map((r) => ({ name: question?.name ?? '', type: r.type, ttl: 60, class: 'IN' as const, data: r.data })) as packet.Answer[];
    const known = question ? records.has(question.name.toLowerCase()) : false;
    const reply = packet.encode({ id: query.id, type: 'response', flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : 3), questions: query.questions ?? [], answers });
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return { server: `127.0.0.1:${port}`, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
