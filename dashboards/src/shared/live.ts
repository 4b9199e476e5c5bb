// The hub client: subscribes to topics, applies snapshots and consecutive deltas, and asks for a fresh
// snapshot when it sees a version gap or reconnects (DESIGN.md, "Live protocol"). It never gives up: when the
// connection drops, or the first one fails, it tries again with capped exponential backoff, so a kiosk recovers
// from a server restart or a network loss without anyone touching it.
//
// Every attempt opens a WebSocket straight to /hubs/live with no negotiate request, so the whole connection is one
// TCP connection to one node and a load balancer needs no affinity (README, "Running it on several machines"); the
// token then travels as ?access_token=, which the hub accepts. Only when that WebSocket cannot open (a proxy or
// network that blocks WebSockets) does the attempt fall back to a negotiated connection with every transport, and
// the next attempt, after any loss, tries the WebSocket first again.
import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type IHttpConnectionOptions } from "@microsoft/signalr";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

/** How the live connection reached the hub: a WebSocket without negotiation, or the negotiated fallback. */
export type LiveRoute = "websocket" | "negotiated";

export interface TopicHandler<T> {
  snapshot(data: T, version: number): void;
  delta(data: T, version: number): void;
  /** The hub refused the subscription (e.g. a topic outside this token's dashboard). */
  refused?(message: string): void;
}

interface TopicState {
  handler: TopicHandler<unknown>;
  version: number | null;
  resyncing: boolean;
}

/** After a loss, the first attempts show "reconnecting"; after these many, "offline". */
const reconnectingAttempts = 8;

/** A WebSocket that has not completed the hub handshake by then is taken as blocked (a proxy that holds the upgrade). */
const webSocketOpenMilliseconds = 15_000;

/** 0.5 s, 1 s, 2 s … capped at 10 s. */
export function backoff(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.min(attempt, 5));
}

export class LiveClient {
  private readonly routes: Record<LiveRoute, HubConnection>;
  private readonly topics = new Map<string, TopicState>();
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private connection: HubConnection | null = null;
  private liveRoute: LiveRoute | null = null;
  private connecting = false;
  private current: ConnectionStatus = "connecting";

  constructor(token: string) {
    this.routes = {
      websocket: this.build({ accessTokenFactory: () => token, skipNegotiation: true, transport: HttpTransportType.WebSockets }),
      negotiated: this.build({ accessTokenFactory: () => token }),
    };
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** The route of the live connection, or null while there is none. */
  get route(): LiveRoute | null {
    return this.liveRoute;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  subscribe<T>(topic: string, handler: TopicHandler<T>): void {
    this.topics.set(topic, { handler: handler as TopicHandler<unknown>, version: null, resyncing: false });
    if (this.connection) void this.resubscribe([topic]);
  }

  start(): Promise<void> {
    return this.connect("connecting");
  }

  private build(options: IHttpConnectionOptions): HubConnection {
    const connection = new HubConnectionBuilder().withUrl("/hubs/live", options).configureLogging(LogLevel.None).build();
    connection.on("snapshot", (topic: string, version: number, data: unknown) => this.onSnapshot(topic, version, data));
    connection.on("delta", (topic: string, version: number, data: unknown) => this.onDelta(topic, version, data));
    connection.onclose(() => {
      if (this.connection !== connection) return; // an attempt that never went live
      this.connection = null;
      this.liveRoute = null;
      void this.connect("reconnecting");
    });
    return connection;
  }

  // Tries until a connection is live, then re-subscribes every topic, each of which answers with a fresh snapshot.
  private async connect(first: "connecting" | "reconnecting"): Promise<void> {
    if (this.connecting || this.connection) return;
    this.connecting = true;
    try {
      for (let attempt = 0; this.connection === null; attempt++) {
        const waiting = first === "reconnecting" && attempt < reconnectingAttempts ? "reconnecting" : "offline";
        this.setStatus(attempt === 0 ? first : waiting);
        if (await this.open()) break;
        await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
      }
    } finally {
      this.connecting = false;
    }
    if (this.connection === null) {
      void this.connect("reconnecting"); // closed again before this line ran, while its close could not start a new attempt
      return;
    }
    this.setStatus("live");
    void this.resubscribe([...this.topics.keys()]);
  }

  // The WebSocket first; the negotiated connection only when the WebSocket cannot open.
  private async open(): Promise<boolean> {
    for (const route of ["websocket", "negotiated"] as const) {
      const connection = this.routes[route];
      const timer = route === "websocket" ? setTimeout(() => void connection.stop(), webSocketOpenMilliseconds) : undefined;
      try {
        await connection.start();
      } catch {
        continue;
      } finally {
        clearTimeout(timer);
      }
      if (connection.state !== HubConnectionState.Connected) continue; // closed again before this line ran
      this.connection = connection;
      this.liveRoute = route;
      return true;
    }
    return false;
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }

  // Each topic alone, so that one refused topic does not keep the others from their snapshots.
  private async resubscribe(topics: string[]): Promise<void> {
    const connection = this.connection;
    if (!connection) return; // the next connection subscribes every topic
    await Promise.all(topics.map(async (topic) => {
      const state = this.topics.get(topic);
      if (!state) return;
      state.resyncing = true;
      try {
        await connection.invoke("Subscribe", [topic]);
      } catch (error) {
        if (connection.state !== HubConnectionState.Connected) return; // lost meanwhile: the reconnect subscribes again
        const message = (error as Error).message.replace(/^.*HubException: /, "");
        state.handler.refused?.(message);
      }
    }));
  }

  private onSnapshot(topic: string, version: number, data: unknown): void {
    const state = this.topics.get(topic);
    if (!state) return;
    state.version = version;
    state.resyncing = false;
    state.handler.snapshot(data, version);
  }

  private onDelta(topic: string, version: number, data: unknown): void {
    const state = this.topics.get(topic);
    if (!state || state.version === null || state.resyncing) return; // a snapshot is on its way
    if (version <= state.version) return; // already in the snapshot
    if (version !== state.version + 1) {
      void this.resubscribe([topic]); // gap: ask for a fresh snapshot
      return;
    }
    state.version = version;
    state.handler.delta(data, version);
  }
}
