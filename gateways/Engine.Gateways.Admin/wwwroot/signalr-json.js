// The few lines of SignalR's JSON hub protocol the console needs, written here rather than bundling the SignalR
// JavaScript client (no npm in this build, and no pasted minified files): negotiate, open the WebSocket, send the
// handshake, then dispatch server-to-client invocations (type 1) by target. The console's hub only pushes, so
// nothing here invokes the server; pings (type 6) are ignored and a close (type 7) or a lost socket reconnects.
// Protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
"use strict";
const RecordSeparator = "\x1e";

class ConsoleHubConnection {
  constructor(path) {
    this.path = path;
    this.handlers = new Map();
    this.onstate = () => {};
    this.stopped = false;
  }

  on(target, handler) { this.handlers.set(target, handler); }

  async start() {
    const negotiate = await fetch(this.path + "/negotiate?negotiateVersion=1", { method: "POST", credentials: "same-origin" });
    if (!negotiate.ok) {
      this.onstate("refused " + negotiate.status);
      return;
    }
    const { connectionToken } = await negotiate.json();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}${this.path}?id=${encodeURIComponent(connectionToken)}`);
    this.socket = socket;
    let buffer = "";
    socket.onopen = () => socket.send(JSON.stringify({ protocol: "json", version: 1 }) + RecordSeparator);
    socket.onmessage = event => {
      buffer += event.data;
      let end;
      while ((end = buffer.indexOf(RecordSeparator)) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        this.dispatch(JSON.parse(frame));
      }
    };
    socket.onclose = () => {
      this.onstate("disconnected");
      if (!this.stopped) setTimeout(() => this.start().catch(() => this.onstate("disconnected")), 2000);
    };
  }

  dispatch(message) {
    if (message.type === undefined) { this.onstate("connected"); return; } // the handshake's answer
    if (message.type === 1) {
      const handler = this.handlers.get(message.target);
      if (handler) handler(...message.arguments);
    } else if (message.type === 7) {
      this.socket.close();
    }
  }

  stop() { this.stopped = true; if (this.socket) this.socket.close(); }
}
