import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** A node's id in the registry: its role, host and a random part (a restarted process is a new node). */
export function newNodeId(role: 'origin' | 'edge'): string {
  const host = os.hostname().replace(/[^\w.-]/g, '-').slice(0, 40) || 'host';
  return `${role}-${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
