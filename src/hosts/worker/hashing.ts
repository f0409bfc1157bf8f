import { WorkerEntrypoint } from 'cloudflare:workers';
import { createScryptHasher, type PasswordHasher } from '../../auth/password';

const scrypt = createScryptHasher();

/**
 * scrypt costs ~150 ms of CPU: run on the Bank's single thread it would stall
 * every other request. The Bank reaches this stateless entrypoint through a
 * service binding instead, so hashing runs in a Worker invocation of its own.
 */
export class PasswordHashing extends WorkerEntrypoint {
  hash(password: string) {
    return scrypt.hash(password);
  }
  verify(hash: string, password: string) {
    return scrypt.verify(hash, password);
  }
}

/** The Bank's hasher: every call goes to the PasswordHashing entrypoint. */
export function remoteHasher(service: Service<PasswordHashing>): PasswordHasher {
  return {
    hash: (password) => service.hash(password),
    verify: (hash, password) => service.verify(hash, password),
  };
}
