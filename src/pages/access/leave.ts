import type { APIRoute } from "astro";
import { readCookie } from "../../auth/cookies.ts";
import { privateHeaders } from "../../components/access/private-headers.ts";
import { VIEWER_COOKIE } from "../../projection/index.ts";
import { endViewerSession, viewerCookie } from "../../services/viewers/verify.ts";

/** Ends the private view on this device and returns to the public page. */
export const POST: APIRoute = async ({ request, locals }) => {
  await endViewerSession(locals.deps, readCookie(request.headers.get("cookie"), VIEWER_COOKIE));
  const headers = new Headers({ Location: "/", "Set-Cookie": viewerCookie(request.url, "", null) });
  privateHeaders(headers);
  return new Response(null, { status: 303, headers });
};

export const GET: APIRoute = () => new Response(null, { status: 303, headers: { Location: "/access" } });
