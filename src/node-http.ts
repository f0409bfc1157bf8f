import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { AppConfig } from './config';

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) reads as `127.0.0.1`. */
const plainAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/**
 * The Node host's Platform.clientAddress: the socket's peer address, or with
 * TRUST_PROXY=true the first X-Forwarded-For entry (the address the proxy saw).
 */
export function createClientAddress(config: Pick<AppConfig, 'trustProxy'>) {
  return (c: Context): string => {
    if (config.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return plainAddress(forwarded);
    }
    const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
    return plainAddress(socket?.remoteAddress ?? '');
  };
}
