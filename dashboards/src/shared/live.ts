// The hub client: subscribes to topics, applies snapshots and consecutive deltas, and asks for a fresh
// snapshot when it sees a version gap or reconnects (DESIGN.md, "Live protocol").
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

export interface TopicHandler<T> {
  snapshot(data: T, version: number): void;
  delta(data: T, version: number): void;
}

interface TopicState {
  handler: TopicHandler<unknown>;
  version: number | null;
  resyncing: boolean;
}

export class LiveClient {
  private readonly connection: HubConnection;
  private readonly topics = new Map<string, TopicState>();
  private statusListener: (status: ConnectionStatus) => void = () => {};

  constructor(token: string) {
    this.connection = new HubConnectionBuilder()
      .withUrl("/hubs/live", { accessTokenFactory: () => token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(10_000, 500 * 2 ** ctx.previousRetryCount) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on("snapshot", (topic: string, version: number, data: unknown) => this.onSnapshot(topic, version, data));
    this.connection.on("delta", (topic: string, version: number, data: unknown) => this.onDelta(topic, version, data));
    this.connection.onreconnecting(() => this.statusListener("reconnecting"));
    this.connection.onreconnected(() => {
      this.statusListener("live");
      void this.resubscribe([...this.topics.keys()]);
    });
    this.connection.onclose(() => this.statusListener("offline"));
  }

  onStatus(listener: (status: ConnectionStatus) => void): void {
    this.statusListener = listener;
  }

  subscribe<T>(topic: string, handler: TopicHandler<T>): void {
    this.topics.set(topic, { handler: handler as TopicHandler<unknown>, version: null, resyncing: false });
    if (this.connection.state === HubConnectionState.Connected) {
      void this.resubscribe([topic]);
    }
  }

  async start(): Promise<void> {
    this.statusListener("connecting");
    for (;;) {
      try {
        await this.connection.start();
        this.statusListener("live");
        await this.resubscribe([...this.topics.keys()]);
        return;
      } catch (error) {
        this.statusListener("offline");
        console.warn("BRIGHT hub: connection failed, retrying in 5 s", error);
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
  }

  private async resubscribe(topics: string[]): Promise<void> {
    if (topics.length === 0) return;
    for (const topic of topics) {
      const state = this.topics.get(topic);
      if (state) state.resyncing = true;
    }
    await this.connection.invoke("Subscribe", topics);
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
