// The emulator's records, read through its own API (allOrders, allOrderLists) on a fresh connection per account.
import { type ClientConfig, SpotWebsocketAPI } from '../../src/client/index.js'

export interface SnapOrder {
  readonly account: string
  readonly symbol: string
  readonly orderId: number
  readonly clientOrderId: string
  readonly status: string
  readonly orderListId: number
  /** When it was placed (server ms). */
  readonly time: number
}

export interface SnapList {
  readonly account: string
  readonly symbol: string
  readonly orderListId: number
  readonly listClientOrderId: string
  readonly listOrderStatus: string
}

/** Every order and list of the soak's accounts, read between `startedAt` and `endedAt` (local ms). */
export interface Snapshot {
  readonly startedAt: number
  readonly endedAt: number
  readonly orders: readonly SnapOrder[]
  readonly lists: readonly SnapList[]
}

/** A soak account: its name in the records and the credentials an observer connects with. */
export interface SoakAccount {
  readonly name: string
  readonly credentials: Pick<ClientConfig, 'apiKey' | 'apiSecret' | 'privateKey'>
}

const PAGE = 1000

async function readOnce(url: string, accounts: readonly SoakAccount[], symbols: readonly string[]) {
  const startedAt = Date.now()
  const orders: SnapOrder[] = []
  const lists: SnapList[] = []
  for (const account of accounts) {
    // The observer is not under test: no clock sync (a stalled `time` must not hold it), no generated ids.
    const api = new SpotWebsocketAPI({
      ...account.credentials,
      wsURL: url,
      syncClock: false,
      timeout: 30_000,
      autoClientOrderId: false,
    })
    const c = await api.connect()
    try {
      for (const symbol of symbols) {
        for (let from = 0; ; ) {
          const { data } = await c.allOrders({ symbol, orderId: from, limit: PAGE })
          for (const o of data) {
            const { orderId, clientOrderId, status, orderListId, time } = o
            orders.push({ account: account.name, symbol, orderId, clientOrderId, status, orderListId, time })
          }
          if (data.length < PAGE) break
          from = (data.at(-1)?.orderId ?? from) + 1
        }
      }
      for (let from = 0; ; ) {
        const { data } = await c.allOrderLists({ fromId: from, limit: PAGE })
        for (const { symbol, orderListId, listClientOrderId, listOrderStatus } of data)
          lists.push({ account: account.name, symbol, orderListId, listClientOrderId, listOrderStatus })
        if (data.length < PAGE) break
        from = (data.at(-1)?.orderListId ?? from) + 1
      }
    } finally {
      await c.disconnect()
    }
  }
  return { startedAt, endedAt: Date.now(), orders, lists }
}

/** Reads the records; a failed read (the emulator was busy or a connection dropped) is tried again twice. */
export async function readSnapshot(
  url: string,
  accounts: readonly SoakAccount[],
  symbols: readonly string[],
): Promise<Snapshot> {
  let last: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await readOnce(url, accounts, symbols)
    } catch (err) {
      last = err
    }
  }
  throw new Error(`could not read the emulator's records: ${String(last)}`, { cause: last })
}
