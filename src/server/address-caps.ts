export type CapReached = 'address' | 'total';

/**
 * Places for connections, at most `perAddress` for one address and `total` for everyone: one client
 * cannot take the whole server, and all of them cannot take more than it has.
 */
export function createAddressCaps(caps: { perAddress: number; total: number }) {
  const held = new Map<string, number>();
  let total = 0;
  return {
    /** Takes a place for `address`, or says which cap is reached. */
    take(address: string): CapReached | null {
      const count = held.get(address) ?? 0;
      if (count >= caps.perAddress) return 'address';
      if (total >= caps.total) return 'total';
      held.set(address, count + 1);
      total++;
      return null;
    },
    /** Gives back a place `take` gave `address`. */
    release(address: string) {
      const count = held.get(address) ?? 0;
      if (count === 0) return;
      if (count === 1) held.delete(address);
      else held.set(address, count - 1);
      total--;
    },
    get total() {
      return total;
    },
  };
}
