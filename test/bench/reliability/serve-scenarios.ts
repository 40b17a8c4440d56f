/**
 * Issue 14's browser-mode scenarios against a checkout's `archwalk serve` (loopback, a free
 * port): the DNS-rebinding WebSocket handshake and the `/etc/passwd` import through the Api.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startServe, type ServeProcess } from '../../helpers/serve.ts';
import { oneLine, type Lab } from './lab.ts';
import type { Scenario, TryResult } from './scenario.ts';

interface ApiReply {
  id: number;
  result?: unknown;
  error?: { message?: string; code?: string };
}

type Call = { accepted: false; refusal: string } | { accepted: true; reply: ApiReply | null };

/** One Api request over a WebSocket with the given handshake headers; the handshake's refusal or the reply. */
function callOverWebSocket(url: string, headers: Record<string, string>, method: string, params: unknown[]): Promise<Call> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, handshakeTimeout: 10_000 });
    const done = (call: Call): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(call);
    };
    const timer = setTimeout(() => done({ accepted: true, reply: null }), 20_000);
    ws.on('unexpected-response', (request, response) => {
      request.destroy();
      done({ accepted: false, refusal: `HTTP ${response.statusCode}` });
    });
    ws.on('error', (error) => done({ accepted: false, refusal: error.message }));
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method, params })));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Partial<ApiReply>;
      if (message.id === 1) done({ accepted: true, reply: message as ApiReply });
    });
  });
}

/** Starts the checkout's serve, or says why this checkout cannot be driven with these options. */
async function serve(lab: Lab, args: string[]): Promise<ServeProcess | TryResult> {
  try {
    return await startServe(lab.home, args, lab.checkout);
  } catch (error) {
    const unknown = /Unknown option '([^']+)'/.exec((error as Error).message);
    if (unknown) return { outcome: 'not-driven', observed: `this checkout's serve has no ${unknown[1]} option` };
    throw error;
  }
}

function rebinding(variant: string, args: string[]): Scenario {
  return {
    name: `DNS-rebinding WebSocket handshake on loopback serve${variant}`,
    defect: 'the Api is reachable (a request is answered)',
    setup: `\`serve --port 0${args.length ? ` ${args.join(' ')}` : ''}\` on 127.0.0.1; handshake to ws://127.0.0.1:PORT/api with Host and Origin evil.example:PORT, no token; then listBenchmarks`,
    async run(lab: Lab): Promise<TryResult> {
      lab.init();
      const server = await serve(lab, args);
      if (!('url' in server)) return server;
      try {
        const port = new URL(server.url).port;
        const evil = `evil.example:${port}`;
        const call = await callOverWebSocket(`ws://127.0.0.1:${port}/api`, { Host: evil, Origin: `http://${evil}` }, 'listBenchmarks', []);
        if (!call.accepted) return { outcome: 'held', observed: `handshake refused (${call.refusal})` };
        if (call.reply && 'result' in call.reply) {
          const listed = Array.isArray(call.reply.result) ? `a list of ${call.reply.result.length} registered benchmark(s)` : 'a result';
          return { outcome: 'defect', observed: `handshake accepted; listBenchmarks answered with ${listed}` };
        }
        return { outcome: 'held', observed: `handshake accepted but the request was refused: ${oneLine(call.reply?.error?.message ?? 'no reply', 80)}` };
      } finally {
        await server.stop();
      }
    },
  };
}

/** The leading pieces of /etc/passwd's lines: a reply holding any of them quotes the file. */
function passwdPieces(): string[] {
  return readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .filter((line) => line.length >= 10)
    .map((line) => line.slice(0, 10));
}

export const passwdImport: Scenario = {
  name: '`/etc/passwd` import through the Api',
  defect: "the file's content in the reply",
  setup: '`serve --port 0` (its defaults); a legitimate client (the printed URL\'s token if any, the page\'s Origin) calls importBenchmark {kind: live | nb201, path: /etc/passwd}',
  async run(lab: Lab): Promise<TryResult> {
    lab.init();
    const server = await serve(lab, []);
    if (!('url' in server)) return server;
    try {
      const printed = new URL(server.url);
      const token = printed.searchParams.get('token');
      const socket = `ws://127.0.0.1:${printed.port}/api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
      const pieces = passwdPieces();
      const replies: string[] = [];
      const leaked: string[] = [];
      for (const kind of ['live', 'nb201']) {
        const call = await callOverWebSocket(socket, { Origin: `http://127.0.0.1:${printed.port}` }, 'importBenchmark', [{ kind, path: '/etc/passwd', name: `probe-${kind}` }]);
        const text = call.accepted ? JSON.stringify(call.reply) : `refused: ${call.refusal}`;
        if (pieces.some((piece) => text.includes(piece))) leaked.push(kind);
        const message = call.accepted ? (call.reply?.error?.message ?? JSON.stringify(call.reply?.result ?? null)) : text;
        replies.push(`${kind}: "${oneLine(message, 110)}"`);
      }
      return {
        outcome: leaked.length ? 'defect' : 'held',
        observed: leaked.length ? `the reply to the ${leaked.join(' and ')} import quotes /etc/passwd` : 'both refused without quoting the file',
        detail: replies.join('; '),
      };
    } finally {
      await server.stop();
    }
  },
};

export const SERVE_SCENARIOS: readonly Scenario[] = [rebinding('', []), rebinding(' (--no-token)', ['--no-token']), passwdImport];
