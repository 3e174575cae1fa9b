/**
 * A Hardhat process on `--network localhost` that runs tasks on request (over the IPC channel of its parent):
 * started once by test/tasks/node.ts, it answers each `{ id, argv }` with `{ id, stdout, stderr, exitCode }`.
 *
 * Run directly (`node -r ts-node/register/transpile-only test/tasks/task-server.ts`), never as a test: mocha loads
 * every .ts file under test/, so nothing happens on import.
 */
import type { TaskResult } from "./capture";

export interface TaskRequest {
  id: number;
  argv: string[];
}

export type TaskResponse = ({ id: number } & TaskResult) | { ready: true };

async function serve(): Promise<void> {
  const send = (message: TaskResponse) => process.send?.(message);
  const hre = (await import("hardhat")).default;
  const { runTaskCaptured } = await import("./capture");
  // Requests come one at a time: the parent awaits each answer before sending the next.
  process.on("message", (request: TaskRequest) => {
    void runTaskCaptured(hre, request.argv).then((result) => send({ id: request.id, ...result }));
  });
  process.on("disconnect", () => process.exit(0));
  send({ ready: true });
}

if (require.main === module) void serve();
