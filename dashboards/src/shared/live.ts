// The hub client: subscribes to topics, applies snapshots and consecutive deltas, and asks for a fresh
// snapshot when it sees a version gap or reconnects (DESIGN.md, "Live protocol"). It never gives up: after the
// automatic reconnects, or when the first connection fails, it starts again with capped exponential backoff, so a
// kiosk recovers from a server restart or a network loss without anyone touching it.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

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

/** 0.5 s, 1 s, 2 s … capped at 10 s. */
export function backoff(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.min(attempt, 5));
}

export class LiveClient {
  private readonly connection: HubConnection;
  private readonly topics = new Map<string, TopicState>();
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private starting = false;
  private current: ConnectionStatus = "connecting";

  constructor(token: string) {
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/live", { accessTokenFactory: () => token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => (ctx.previousRetryCount < 8 ? backoff(ctx.previousRetryCount) : null) })
      .configureLogging(LogLevel.None)
      .build();
    this.connection.on("snapshot", (topic: string, version: number, data: unknown) => this.onSnapshot(topic, version, data));
    this.connection.on("delta", (topic: string, version: number, data: unknown) => this.onDelta(topic, version, data));
    this.connection.onreconnecting(() => this.setStatus("reconnecting"));
    this.connection.onreconnected(() => {
      this.setStatus("live");
      void this.resubscribe([...this.topics.keys()]);
    });
    this.connection.onclose(() => {
      this.setStatus("offline");
      void this.start(); // automatic reconnect gave up: keep trying, forever, with backoff
    });
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  subscribe<T>(topic: string, handler: TopicHandler<T>): void {
    this.topics.set(topic, { handler: handler as TopicHandler<unknown>, version: null, resyncing: false });
    if (this.connection.state === HubConnectionState.Connected) void this.resubscribe([topic]);
  }

  async start(): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.connection.state !== HubConnectionState.Disconnected) return;
        this.setStatus(attempt === 0 ? "connecting" : "offline");
        try {
          await this.connection.start();
          this.setStatus("live");
          await this.resubscribe([...this.topics.keys()]);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
        }
      }
    } finally {
      this.starting = false;
    }
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
  }

  // Each topic alone, so that one refused topic does not keep the others from their snapshots.
  private async resubscribe(topics: string[]): Promise<void> {
    await Promise.all(topics.map(async (topic) => {
      const state = this.topics.get(topic);
      if (!state) return;
      state.resyncing = true;
      try {
        await this.connection.invoke("Subscribe", [topic]);
      } catch (error) {
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
