// Types of wire.js (plain CommonJS, loaded by the ESM server as it is), for its unit tests.
export declare const TYPE: { Query: number; Parse: number; Sync: number; Terminate: number; Notification: number; ReadyForQuery: number };
export declare const SYNC: Uint8Array;
export declare function queryMessage(sql: string): Uint8Array;
export declare function isStartupMessage(message: Uint8Array): boolean;
export declare function readCString(buffer: Buffer, offset: number): [string, number];
export declare function parseStartup(message: Uint8Array): Record<string, string>;
export declare function buildStartup(params: Record<string, string>): Uint8Array;
export declare function parseOptions(options: string): Map<string, string>;
export declare function sqlOf(message: Uint8Array): string | null;
export declare function listenCommands(sql: string): ['LISTEN' | 'UNLISTEN', string][];
export declare function quoteIdent(name: string): string;
export declare function quoteLiteral(value: string): string;
