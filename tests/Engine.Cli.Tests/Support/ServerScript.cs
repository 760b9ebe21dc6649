namespace Engine.Cli.Tests.Support;

/// <summary>How a <see cref="BinanceTestServer"/> misbehaves (by default it does not).</summary>
/// <param name="DropAfter">Cut the first connection abruptly after this many messages.</param>
/// <param name="SkipOnReconnect">Messages lost between the cut and where a reconnecting client's stream resumes.</param>
/// <param name="Refuse">Answer every request 503.</param>
/// <param name="RestFailures">Answer the first so many REST depth requests 503.</param>
/// <param name="FragmentBytes">Send each message in fragments of this many bytes (0: whole).</param>
/// <param name="LaggingSnapshot">After the reconnect, serve the book as it was at the cut: older than the resumed stream, never usable.</param>
/// <param name="Mute">Accept every WebSocket and send nothing on it (a stalled stream).</param>
internal sealed record ServerScript(int? DropAfter = null, int SkipOnReconnect = 0, bool Refuse = false, int RestFailures = 0, int FragmentBytes = 0, bool LaggingSnapshot = false, bool Mute = false);
