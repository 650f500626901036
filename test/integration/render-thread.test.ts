import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/lib/logger.ts";
import { type RenderThread, startRenderThread } from "../../src/server/render-thread.ts";

const fixture = (name: string) => new URL(`../fixtures/render-thread/${name}.ts`, import.meta.url);
const onMain = async (request: Request) => new Response(`main ${new URL(request.url).pathname}`);
let thread: RenderThread | undefined;
afterEach(async () => {
  await thread?.stop();
});

describe("the render thread", () => {
  it("renders on the worker: status, headers and body come back", async () => {
    thread = startRenderThread(fixture("echo"), silentLogger, onMain);
    const res = await thread.render(new Request("http://status.test/history"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("rendered /history");
    expect((await thread.render(new Request("http://status.test/missing"))).status).toBe(404);
  });

  it("a render that throws fails that job only; a thread that dies is replaced on the next render", async () => {
    thread = startRenderThread(fixture("echo"), silentLogger, onMain);
    await expect(thread.render(new Request("http://status.test/throw"))).rejects.toThrow("render exploded");
    await expect(thread.render(new Request("http://status.test/die"))).rejects.toThrow("render thread exited");
    expect(await (await thread.render(new Request("http://status.test/again"))).text()).toBe("rendered /again");
  });

  it("a thread that cannot start hands renders to the main thread", async () => {
    thread = startRenderThread(fixture("broken"), silentLogger, onMain);
    await expect(thread.render(new Request("http://status.test/"))).rejects.toThrow();
    expect(await (await thread.render(new Request("http://status.test/"))).text()).toBe("main /");
  });
});
