// Types of scripts/proxy.mjs for the TypeScript that uses it (tests/e2e/instances-behind-proxy.spec.ts).
import type { ChildProcess } from "node:child_process";

export function nginxBinary(): string | null;
export function startProxy(options: { dir: string; upstreams: string[]; httpsPort: number | string; httpPort: number | string }): Promise<ChildProcess>;
export function localAddresses(): string[];
