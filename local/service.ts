/**
 * The seam between the runtime shell (endpoints, resources, emulated EventBridge/Lambda plumbing)
 * and the service it runs (handlers, engine, control API). `./wiring` is the real service; tests of
 * the shell can pass their own.
 */
import type { RecoveryResult } from '../lambdas/services/recovery-service';
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { LocalAwsClients, LocalEndpointUrls } from './endpoints/clients';
import type { EventBridgeEvent } from './event-bridge';
import type { SqsHandler } from './event-source';
import type { LocalResources, TableDefinition } from './resources';

export interface WireContext {
  dataDir: string;
  /** The local endpoints (the service builds its own SDK clients on them). */
  endpoints: LocalEndpointUrls;
  /** The runtime's own clients (the engine reads and writes objects with them). */
  clients: LocalAwsClients;
  resources: LocalResources;
  region: string;
  stackId: string;
  callbackSecret: string;
  /** Parallel engine jobs. */
  concurrency: number;
  /** Engine scratch directory. */
  workDir: string;
  /** Where the engine's "MediaConvert Job State Change" events go (the emulated EventBridge). */
  onJobEvent(event: EventBridgeEvent): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface EngineHandle {
  /** Every CreateJob input the engine accepted, in order (tests validate them). */
  readonly receivedJobs: readonly CreateJobCommandInput[];
  /** Stops taking jobs and cancels the queued and running ones with CANCELED events; returns how many. */
  cancelAll(): Promise<number>;
  /** Cancels running jobs without events, kills ffmpeg, waits for it to exit. */
  shutdown(): Promise<void>;
}

/** The AI engine as the runtime shell stops it (local/ai/local-ai-engine.ts). */
export interface AiEngineHandle {
  /** Cancels the running and queued AI jobs with CANCELED events; returns how many. */
  cancelAll(): Promise<number>;
  /** Stops: jobs end without events (like a crash). */
  shutdown(): Promise<void>;
}

export interface ApiServerHandle {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The web console's URL, when this API serves it. */
  consoleUrl?: string;
  close(): Promise<void>;
}

export interface WiredService {
  engine: EngineHandle;
  /** The offline AI engine of the AI items; absent in shells that wire no AI. */
  ai?: AiEngineHandle;
  handlers: {
    ingest: SqsHandler;
    jobEvents: SqsHandler;
    notifyDelivery: SqsHandler;
    /** One scheduled run. */
    watchdog(): Promise<void>;
    /** Relays task events that have sat in an outbox longer than `olderThanMs`. */
    relayOutbox(olderThanMs: number): Promise<void>;
  };
  /** Start-up recovery of what a stop left in flight (lambdas/services/recovery-service.ts). */
  recover(window: { before: Date; after?: Date }): Promise<RecoveryResult>;
  /** Releases what wire() opened besides the engine (the service's SDK clients). */
  close(): void;
  /** Presets + the demo schema (idempotent). */
  seed(): Promise<void>;
  startApi(port: number): Promise<ApiServerHandle>;
}

export interface ServiceWiring {
  /** Key schema and GSIs of the table the stores use. */
  table: TableDefinition;
  wire(ctx: WireContext): Promise<WiredService>;
}
