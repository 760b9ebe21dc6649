using Microsoft.AspNetCore.SignalR;

namespace Engine.Gateways.Admin.LiveFeeds;

/// <summary>
/// The console's one hub (<c>/hubs/console</c>): it only pushes (status, positions, risk, orders each second; order,
/// fill and alert events as they happen); clients call nothing, so every action still goes through the HTTP API's
/// role checks and antiforgery. Connecting needs a viewer (the access middleware checks it before the hub). Counts its
/// clients so the feed asks the engine for status only while someone watches.
/// </summary>
public sealed class ConsoleHub(ConsoleClients clients) : Hub
{
    public override Task OnConnectedAsync()
    {
        clients.Connected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        clients.Disconnected();
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>How many console clients are connected. Thread-safe.</summary>
public sealed class ConsoleClients
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Connected() => Interlocked.Increment(ref _count);

    public void Disconnected() => Interlocked.Decrement(ref _count);
}
